"""Template filters of the learning pages: times in a recording, a course's running time."""

import math

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def timestamp(seconds) -> str:
    """``75.4`` → ``1:15``, ``3725`` → ``1:02:05``: how players show a time."""
    try:
        total = max(0, math.floor(float(seconds)))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


@register.filter
def whole_seconds(seconds) -> int:
    """The second a time falls in, for ``?t=`` links (players seek to whole seconds)."""
    try:
        return max(0, math.floor(float(seconds)))
    except (TypeError, ValueError):
        return 0


@register.filter
def iso_duration(seconds) -> str:
    """ISO 8601 duration for ``<time datetime>``: ``75`` → ``PT1M15S``."""
    total = whole_seconds(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}S" if hours else f"PT{minutes}M{secs}S"


@register.filter
def running_time(seconds) -> str:
    """How long a course's recordings run, to the minute: ``5100`` → ``1 hour 25 minutes``.

    Never less than a minute, so a short recording does not read as "0 minutes".
    """
    total = whole_seconds(seconds)
    if not total:
        return ""
    hours, minutes = divmod(max(1, round(total / 60)), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(counter)s hour", "%(counter)s hours", hours) % {"counter": hours})
    if minutes:
        parts.append(
            ngettext("%(counter)s minute", "%(counter)s minutes", minutes) % {"counter": minutes}
        )
    return " ".join(parts)
