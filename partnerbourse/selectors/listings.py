"""Reads about listings: the public board and its filters, one listing, a member's listings and
the moderation queues.

Every list loads in a fixed number of queries: organisations are joined, and facets and themes
are prefetched for the whole page. Filters on many-valued attributes are ``EXISTS`` subqueries,
so a listing matching twice is still listed once and counts stay cheap.
"""

import dataclasses
import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import translation

from wagtail.models import Locale

from cms.core.models import Theme
from cms.core.search_fallback import search_with_fallback

from ..models import (
    PUBLIC_STATUSES,
    Listing,
    ListingFacet,
    ListingReport,
    ListingStatus,
    ListingStatusChange,
    OrganisationMembership,
)
from ..rules import listing_allowed_actions

PER_PAGE = 20
FEED_SIZE = 50
# Full-text matches considered before the other filters narrow them down.
MAX_SEARCH_MATCHES = 2000


@dataclasses.dataclass(frozen=True)
class BoardFilters:
    """The board's filters, as the filter form cleans them (also what saved searches store)."""

    q: str = ""
    kind: str = ""
    programme: str = ""
    country: str = ""
    theme: int | None = None
    language: str = ""
    organisation_type: str = ""
    closing_from: datetime.date | None = None
    closing_to: datetime.date | None = None
    sort: str = "newest"

    @property
    def active(self) -> bool:
        return any(
            getattr(self, f.name) not in ("", None)
            for f in dataclasses.fields(self)
            if f.name != "sort"
        )


def _facet_exists(facet: str, value: str) -> Exists:
    return Exists(ListingFacet.objects.filter(listing=OuterRef("pk"), facet=facet, value=value))


def _theme_exists(theme_pk: int) -> Exists:
    through = Listing.themes.through
    # The filter offers default-locale themes; listings point at default-locale themes too.
    return Exists(through.objects.filter(listing=OuterRef("pk"), theme_id=theme_pk))


def _text_match_ids(q: str, queryset: QuerySet) -> list[int]:
    """The ids of listings matching ``q``, from the database search while the search server is
    down."""
    rows, _limited = search_with_fallback(
        queryset=queryset, query=q, limit=MAX_SEARCH_MATCHES, values=(), operator="and"
    )
    return [row["pk"] for row in rows]


def board_queryset(*, filters: BoardFilters, now=None) -> QuerySet[Listing]:
    """Listings on the board at ``now`` (``Listing.objects.visible``) matching ``filters``,
    sorted, ready to render (no pagination)."""
    queryset = Listing.objects.visible(now=now)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.programme:
        queryset = queryset.filter(programme=filters.programme)
    if filters.organisation_type:
        queryset = queryset.filter(organisation__organisation_type=filters.organisation_type)
    if filters.country:
        queryset = queryset.filter(
            Q(organisation__country=filters.country)
            | _facet_exists(ListingFacet.Facet.COUNTRY_IN, filters.country)
            | _facet_exists(ListingFacet.Facet.COUNTRY_WANTED, filters.country)
        )
    if filters.language:
        queryset = queryset.filter(
            Q(language=filters.language)
            | _facet_exists(ListingFacet.Facet.LANGUAGE, filters.language)
        )
    if filters.theme:
        queryset = queryset.filter(_theme_exists(filters.theme))
    if filters.closing_from:
        queryset = queryset.filter(closing_date__gte=filters.closing_from)
    if filters.closing_to:
        queryset = queryset.filter(closing_date__lte=filters.closing_to)
    if filters.q:
        ids = _text_match_ids(filters.q, Listing.objects.visible(now=now))
        queryset = queryset.filter(pk__in=ids)
    if filters.sort == "closing":
        queryset = queryset.order_by("closing_date", "-published_at", "-pk")
    else:
        queryset = queryset.order_by("-published_at", "-pk")
    return queryset


def with_card_data(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    """What a listing card shows: organisation, facets and themes, in three queries in all."""
    return queryset.select_related("organisation").prefetch_related("facets", "themes")


def board_page(*, filters: BoardFilters, page_number) -> Page:
    paginator = Paginator(with_card_data(board_queryset(filters=filters)), PER_PAGE)
    page = paginator.get_page(page_number)
    localize_themes(list(page.object_list))
    return page


def board_feed_items(*, filters: BoardFilters) -> list[Listing]:
    newest = dataclasses.replace(filters, sort="newest")
    items = list(with_card_data(board_queryset(filters=newest))[:FEED_SIZE])
    localize_themes(items)
    return items


def localize_themes(listings: list) -> None:
    """Attach ``theme_names`` (in the active language) to listings or organisations whose
    ``themes`` are prefetched; one query for all of them."""
    keys = {theme.translation_key for item in listings for theme in item.themes.all()}
    names = {}
    if keys:
        names = dict(
            Theme.objects.filter(
                translation_key__in=keys, locale__language_code=translation.get_language()
            ).values_list("translation_key", "name")
        )
    for item in listings:
        item.theme_names = sorted(
            names.get(theme.translation_key, theme.name) for theme in item.themes.all()
        )


def theme_choices() -> list[tuple[int, str]]:
    """Themes for filters and forms: default-locale ids (what listings store), labelled in the
    active language where a translation exists."""
    default = Locale.get_default()
    themes = list(Theme.objects.filter(locale=default))
    active = Locale.get_active()
    names = {}
    if active.pk != default.pk:
        names = dict(
            Theme.objects.filter(
                locale=active, translation_key__in=[t.translation_key for t in themes]
            ).values_list("translation_key", "name")
        )
    return sorted(
        ((theme.pk, names.get(theme.translation_key, theme.name)) for theme in themes),
        key=lambda choice: choice[1].casefold(),
    )


def listing_public(*, pk: int) -> Listing | None:
    """A listing as its public page shows it: live, or archived (filled, expired, or past its
    closing day before the daily job has expired it; ``Listing.is_open`` tells them apart)."""
    listing = (
        with_card_data(Listing.objects.filter(pk=pk, status__in=PUBLIC_STATUSES))
        .prefetch_related("organisation__themes")
        .first()
    )
    if listing is not None:
        localize_themes([listing, listing.organisation])
    return listing


def listing_for_member(*, user, pk: int) -> Listing | None:
    """A listing of one of the user's organisations, or None (the view answers 404)."""
    if not (user and user.is_authenticated):
        return None
    listing = (
        with_card_data(
            Listing.objects.filter(
                pk=pk,
                organisation__in=OrganisationMembership.objects.filter(user=user).values(
                    "organisation"
                ),
            )
        )
        .select_related("contact_person")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ListingStatusChange.objects.select_related("actor"),
            )
        )
        .first()
    )
    if listing is not None:
        localize_themes([listing])
    return listing


def listing_actions(*, listing: Listing) -> frozenset[str]:
    """What the manage page offers for ``listing``: the rule the services enforce."""
    return listing_allowed_actions(status=listing.status, closing_date=listing.closing_date)


def latest_rejection(*, listing: Listing) -> ListingStatusChange | None:
    """The moderator's reason, when the listing is a draft because it was rejected."""
    if listing.status != ListingStatus.DRAFT:
        return None
    for change in listing.status_changes.all():  # newest first, prefetched
        if change.action == "rejected":
            return change
        if change.action in ("submitted", "published", "approved"):
            return None
    return None


def listings_for_member(*, user) -> QuerySet[Listing]:
    """All listings of the user's organisations, newest first, every status."""
    return (
        Listing.objects.filter(
            organisation__in=OrganisationMembership.objects.filter(user=user).values("organisation")
        )
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def moderation_queue() -> QuerySet[Listing]:
    """Listings waiting for review, oldest first, so nobody waits longest."""
    return (
        Listing.objects.filter(status=ListingStatus.PENDING)
        .select_related("organisation", "created_by")
        .prefetch_related("facets")
        .order_by("updated_at", "pk")
    )


def reported_listings() -> QuerySet[Listing]:
    """Listings with unresolved reports, most reported first."""
    return (
        Listing.objects.filter(
            Exists(ListingReport.objects.filter(listing=OuterRef("pk"), resolved_at__isnull=True))
        )
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .select_related("organisation")
        .order_by("-open_reports", "pk")
    )
