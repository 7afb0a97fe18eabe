"""When a listing is open: the one rule of time the board, its feeds, search, matching, digests
and responding all share. Imports nothing of the app, so models, selectors and services use it
alike.

A closing date is a calendar day in the site's time zone (``settings.TIME_ZONE``): a listing
takes responses until the end of that day there, and is closed from the next midnight on,
whether or not the daily job has yet marked it expired.
"""

import datetime

from django.utils import timezone


def board_today(now: datetime.datetime | None = None) -> datetime.date:
    """The board's current day at ``now`` (default: this moment).

    Always the site's time zone, never the one a request may have activated, so every reader
    and the daily job agree on which day it is."""
    return timezone.localdate(now, timezone=timezone.get_default_timezone())


def is_open_on(closing_date: datetime.date, *, now: datetime.datetime | None = None) -> bool:
    """Whether a listing closing on ``closing_date`` is still open at ``now``."""
    return closing_date >= board_today(now)
