"""Template filters for event times: the clock in each language's 24-hour form."""

import datetime

from django import template
from django.utils import dateformat, translation

register = template.Library()

# Explicit per language: Django's own TIME_FORMAT is 12-hour ("P": 2 p.m.) for English and
# Greek, but events across Europe are announced on the 24-hour clock in every language.
TIME_FORMATS = {"en": "H:i", "da": "H:i", "de": "H:i", "it": "H:i", "el": "H:i"}
DEFAULT_TIME_FORMAT = "H:i"


def clock_format(*, language_code: str | None) -> str:
    return TIME_FORMATS.get((language_code or "").split("-")[0], DEFAULT_TIME_FORMAT)


@register.filter
def clock(value: datetime.time | datetime.datetime | None) -> str:
    """A time of day on the 24-hour clock of the active language: 14:00."""
    if value is None:
        return ""
    return dateformat.time_format(value, clock_format(language_code=translation.get_language()))
