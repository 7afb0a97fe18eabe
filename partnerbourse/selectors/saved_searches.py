"""Reads behind the saved-search digests: which searches are due, the newly published listings
they are matched against, and what each search has already sent.

Everything here returns plain data (dicts, sets, small frozen dataclasses) in bulk: a digest run
covers thousands of searches, and model instances or one query per search would cost more than
the work itself.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import F, Q, QuerySet
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from ..digest_matching import NewListing
from ..models import (
    COUNTRY_NAMES,
    LANGUAGE_NAMES,
    DigestFrequency,
    Listing,
    ListingFacet,
    ListingKind,
    OrganisationType,
    Programme,
    SavedSearch,
    SavedSearchDelivery,
    visible_q,
)
from .listings import BoardFilters, board_queryset, theme_choices

# Listings older than this are not "new" for any digest (a weekly digest looks back 7 days).
LOOKBACK = datetime.timedelta(days=35)
# Slack so that a daily cron job a little earlier than yesterday's still sends.
DUE_AFTER = {
    DigestFrequency.DAILY: datetime.timedelta(hours=20),
    DigestFrequency.WEEKLY: datetime.timedelta(days=6, hours=20),
}
DUE_FIELDS = ("pk", "query", "created_at", "last_sent_at")
MAIL_LISTINGS_CHUNK = 5000


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


def saved_search_summary(query: dict, *, themes: dict | None = None) -> str:
    """The filters of a saved search in a line, in the active language, e.g. "“oral history” ·
    Partner offer · Germany · Digitisation"; the name of a search saved without one.

    ``themes`` (id to name) saves a query per search where a page lists many."""
    query = query or {}
    if themes is None:
        themes = dict(theme_choices())

    def names(value, labels) -> str:
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(item, item)) for item in values if item not in ("", None))

    def date(value) -> str:
        parsed = parse_date(str(value)) if value else None
        return formats.date_format(parsed, "SHORT_DATE_FORMAT") if parsed else str(value)

    parts = []
    if query.get("q"):
        parts.append(f"“{query['q']}”")
    for key, labels in (
        ("kind", dict(ListingKind.choices)),
        ("programme", dict(Programme.choices)),
        ("country", COUNTRY_NAMES),
        ("theme", themes),
        ("language", LANGUAGE_NAMES),
        ("organisation_type", dict(OrganisationType.choices)),
    ):
        if query.get(key) not in ("", None, []):
            parts.append(names(query[key], labels))
    if query.get("closing_from") and query.get("closing_to"):
        parts.append(
            _("closing %(start)s to %(end)s")
            % {"start": date(query["closing_from"]), "end": date(query["closing_to"])}
        )
    elif query.get("closing_from"):
        parts.append(_("closing from %(date)s") % {"date": date(query["closing_from"])})
    elif query.get("closing_to"):
        parts.append(_("closing by %(date)s") % {"date": date(query["closing_to"])})
    return " · ".join(part for part in parts if part) or _("All listings")


def saved_searches_of(*, user) -> list[SavedSearch]:
    """A user's saved searches, newest first, each with ``summary`` (its filters in a line)
    and ``title`` (its name, or the summary for one saved without a name)."""
    themes = dict(theme_choices())
    searches = list(SavedSearch.objects.filter(user=user).order_by("-created_at", "-pk"))
    for search in searches:
        search.summary = saved_search_summary(search.query, themes=themes)
        search.title = search.name or search.summary
    return searches


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


def digest_listings(*, now: datetime.datetime) -> list[NewListing]:
    """Every listing a digest at ``now`` may list: published within ``LOOKBACK`` and not after
    ``now`` (so a run's window is fixed when it starts), with what the board filters on.

    Three queries however many listings: the listings with their organisations, then the
    facets and themes of the same listings (joined, not an id list that could grow past the
    database's parameter limit)."""
    rows = (
        Listing.objects.filter(_window(now))
        .order_by()
        .values_list(
            "pk",
            "title",
            "slug",
            "kind",
            "language",
            "programme",
            "closing_date",
            "published_at",
            "organisation__name",
            "organisation__organisation_type",
            "organisation__country",
        )
    )
    countries, languages, themes = defaultdict(set), defaultdict(set), defaultdict(set)
    facets = ListingFacet.objects.filter(
        _window(now, prefix="listing__"),
        facet__in=[
            ListingFacet.Facet.COUNTRY_IN,
            ListingFacet.Facet.COUNTRY_WANTED,
            ListingFacet.Facet.LANGUAGE,
        ],
    ).values_list("listing_id", "facet", "value")
    for listing_id, facet, value in facets:
        (languages if facet == ListingFacet.Facet.LANGUAGE else countries)[listing_id].add(value)
    links = Listing.themes.through.objects.filter(_window(now, prefix="listing__"))
    for listing_id, theme_id in links.values_list("listing_id", "theme_id"):
        themes[listing_id].add(theme_id)
    return [
        NewListing(
            pk=pk,
            title=title,
            slug=slug,
            kind=kind,
            language=language,
            programme=programme,
            closing_date=closing_date,
            published_at=published_at,
            organisation_name=organisation_name,
            organisation_type=organisation_type,
            countries=frozenset({organisation_country, *countries[pk]}),
            languages=frozenset({language, *languages[pk]}),
            theme_ids=frozenset(themes[pk]),
        )
        for (
            pk,
            title,
            slug,
            kind,
            language,
            programme,
            closing_date,
            published_at,
            organisation_name,
            organisation_type,
            organisation_country,
        ) in rows
    ]


def _window(now: datetime.datetime, *, prefix: str = "") -> Q:
    """Listings a digest at ``now`` may list (from a related model with ``prefix``): on the
    board at ``now`` (a listing past its closing day is left out even before the daily job
    expires it) and published within the lookback."""
    return visible_q(now=now, prefix=prefix) & Q(
        **{
            f"{prefix}published_at__gte": now - LOOKBACK,
            f"{prefix}published_at__lte": now,
        }
    )


def text_matches(*, q: str, now: datetime.datetime | None = None) -> set[int]:
    """The listings on the board at ``now`` that it finds for the full-text query ``q`` (its
    search backend, or its database fallback): one query per distinct text, not per search."""
    return set(board_queryset(filters=BoardFilters(q=q), now=now).values_list("pk", flat=True))


def digest_mail_searches(
    *, saved_search_ids: list[int], window: datetime.datetime
) -> dict[int, dict]:
    """The searches of ``saved_search_ids`` still to be mailed for the run at ``window``: still
    stamped by it, subscribed and of an active user (the mail may go out later than the claim)."""
    rows = SavedSearch.objects.filter(
        pk__in=saved_search_ids,
        last_sent_at=window,
        unsubscribed_at__isnull=True,
        user__is_active=True,
    ).values("pk", "name", "query", "language", "user_id", "user__email")
    return {row["pk"]: row for row in rows}


def digest_mail_listings(*, listing_ids: set[int]) -> dict[int, dict]:
    """What a digest shows of each listing, by id; in chunks, to stay under the database's
    limit on query parameters."""
    ids = sorted(listing_ids)
    listings = {}
    for start in range(0, len(ids), MAIL_LISTINGS_CHUNK):
        chunk = ids[start : start + MAIL_LISTINGS_CHUNK]
        rows = (
            Listing.objects.filter(pk__in=chunk)
            .order_by()
            .values(
                "pk",
                "title",
                "slug",
                "kind",
                "closing_date",
                organisation_name=F("organisation__name"),
            )
        )
        listings.update((row["pk"], row) for row in rows)
    return listings


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
