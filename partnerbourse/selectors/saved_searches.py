"""Reads behind the saved-search digests: which searches are due, the new listings of a set of
filters, and what each search has already sent.

Everything here returns plain data (dicts, tuples, sets) in bulk, a batch of searches at a
time: a digest run covers thousands of searches, and model instances or one query per search
would cost more than the work itself.
"""

import bisect
import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import F, Q, QuerySet

from ..models import DigestFrequency, SavedSearch, SavedSearchDelivery
from .listings import board_queryset

# Listings older than this are not "new" for any digest (a weekly digest looks back 7 days).
LOOKBACK = datetime.timedelta(days=35)
# Enough to fill a digest even when many of the newest listings were sent before.
MAX_CANDIDATES = 500
# Slack so that a daily cron job a little earlier than yesterday's still sends.
DUE_AFTER = {
    DigestFrequency.DAILY: datetime.timedelta(hours=20),
    DigestFrequency.WEEKLY: datetime.timedelta(days=6, hours=20),
}
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
DUE_FIELDS = (
    "pk",
    "name",
    "query",
    "language",
    "created_at",
    "last_sent_at",
    "user_id",
    "user__email",
)


def due_condition(*, now: datetime.datetime, frequency: str | None = None) -> Q:
    """Subscribed searches of active users whose last digest is old enough for another."""
    condition = Q()
    for value, interval in DUE_AFTER.items():
        if frequency and value != frequency:
            continue
        condition |= Q(frequency=value) & (
            Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - interval)
        )
    return condition & Q(unsubscribed_at__isnull=True, user__is_active=True)


def saved_searches_due(*, now: datetime.datetime, frequency: str | None = None) -> QuerySet:
    return SavedSearch.objects.filter(due_condition(now=now, frequency=frequency)).order_by("pk")


def saved_searches_due_batches(
    *, now: datetime.datetime, frequency: str | None = None, size: int = 500
) -> Iterator[list[dict]]:
    """The due searches as dicts (``DUE_FIELDS``), ``size`` at a time in id order.

    Keyset pagination rather than one open cursor: the caller writes between batches, and a
    search it has just sent is no longer due, so offsets would skip searches."""
    last_pk = 0
    while True:
        batch = list(
            saved_searches_due(now=now, frequency=frequency)
            .filter(pk__gt=last_pk)
            .values(*DUE_FIELDS)[:size]
        )
        if not batch:
            return
        yield batch
        if len(batch) < size:
            return
        last_pk = batch[-1]["pk"]


@dataclasses.dataclass(frozen=True)
class DigestCandidates:
    """Recently published listings matching one set of filters, newest first."""

    rows: list[dict]
    # -published_at in whole microseconds (floats would round), ascending, for a bisection.
    keys: list[int]

    def published_after(self, moment: datetime.datetime) -> list[dict]:
        """The rows published strictly after ``moment`` (a search sees what came since)."""
        return self.rows[: bisect.bisect_left(self.keys, -_microseconds(moment))]


def _microseconds(moment: datetime.datetime) -> int:
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


def digest_candidates(*, query: dict, now: datetime.datetime, themes) -> DigestCandidates:
    """The listings a digest of ``query`` may list: the board's own filters (so a digest never
    disagrees with the board), published within ``LOOKBACK``, as plain rows."""
    from ..forms import board_filters_from_query

    filters = dataclasses.replace(board_filters_from_query(query, themes=themes), sort="newest")
    rows = list(
        board_queryset(filters=filters)
        .filter(published_at__gte=now - LOOKBACK)
        .values(
            "pk",
            "title",
            "slug",
            "kind",
            "language",
            "closing_date",
            "published_at",
            organisation_name=F("organisation__name"),
        )[:MAX_CANDIDATES]
    )
    return DigestCandidates(rows=rows, keys=[-_microseconds(row["published_at"]) for row in rows])


def digest_deliveries(*, saved_search_ids: list[int], min_listing_id: int) -> dict[int, set[int]]:
    """The listings each search has already sent, from ``min_listing_id`` up (lower ids cannot
    be candidates, and one bound is cheaper than a long IN list); one query per batch."""
    delivered: dict[int, set[int]] = defaultdict(set)
    if not saved_search_ids:
        return delivered
    rows = SavedSearchDelivery.objects.filter(
        saved_search_id__in=saved_search_ids, listing_id__gte=min_listing_id
    ).values_list("saved_search_id", "listing_id")
    for saved_search_id, listing_id in rows:
        delivered[saved_search_id].add(listing_id)
    return delivered
