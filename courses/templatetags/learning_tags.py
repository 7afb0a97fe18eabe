"""Template filters of the learning pages: times in a recording."""

import math

from django import template

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
