"""Rules the board's readers and writers share. Imports nothing of the app, so models,
selectors, services and templates (through selectors) use them alike.

When a listing is open: the one rule of time the board, its feeds, search, matching, digests
and responding all share.

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


# What a listing's members may do in each status: the manage page offers exactly these and the
# services refuse the rest. Statuses and actions are plain strings (``ListingStatus`` values,
# the action names of the member URLs).
LISTING_ACTIONS_BY_STATUS: dict[str, frozenset[str]] = {
    "draft": frozenset({"edit", "submit", "withdraw"}),
    "pending": frozenset({"edit", "withdraw"}),
    "published": frozenset({"edit", "pause", "fill", "extend", "withdraw"}),
    "paused": frozenset({"edit", "resume", "fill", "extend", "withdraw"}),
    # Extending an expired listing brings it back (or sends it to review again).
    "expired": frozenset({"extend"}),
    "filled": frozenset(),
    "withdrawn": frozenset(),
}
LISTING_ACTIONS = ("edit", "submit", "pause", "resume", "fill", "extend", "withdraw")


def listing_allowed_actions(*, status: str, closing_date: datetime.date) -> frozenset[str]:
    """The actions a member may take on a listing in ``status`` closing on ``closing_date``.

    A paused listing past its closing day cannot simply resume: it would be on the board
    closed; extending it is the way back."""
    allowed = LISTING_ACTIONS_BY_STATUS.get(status, frozenset())
    if status == "paused" and not is_open_on(closing_date):
        allowed = allowed - {"resume"}
    return allowed


# The two parties of a response (``ListingResponse``) and what each may do with it.
RESPONSE_ACTIONS = ("reply", "shortlist", "decline", "reveal")


def response_allowed_actions(
    *, side: str | None, status: str, has_respondent: bool, contact_revealed: bool
) -> frozenset[str]:
    """The actions ``side`` ("poster", "responder" or None) may take on a response.

    Declining ends the conversation: the respondent has been told, so neither side writes on,
    and the poster does not share contact details with someone they declined. Once the
    respondent's account is deleted there is nobody to write to, decline or reveal to."""
    if side not in ("poster", "responder") or status == "declined":
        return frozenset()
    if side == "responder":
        return frozenset({"reply"})
    allowed = set()
    if status == "new":
        allowed.add("shortlist")
    if has_respondent:
        allowed.update({"reply", "decline"})
        if not contact_revealed:
            allowed.add("reveal")
    return frozenset(allowed)
