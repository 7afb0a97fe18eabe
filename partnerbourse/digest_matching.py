"""Saved searches matched against newly published listings in memory, for the digests.

A digest run checks thousands of saved searches against the same few thousand new listings.
Asking the database once per search (or per distinct set of filters) was most of the run's cost,
so the run loads the new listings once, with the attributes the board filters on
(``selectors.saved_searches.digest_listings``), and ``ListingMatcher`` answers each set of
filters from inverted indexes: a few set intersections instead of a query.

The rules mirror ``selectors.listings.board_queryset`` filter by filter, so a digest lists what
the board shows for the same search; tests/partnerbourse/test_digest_matching.py runs both over
constructed listings and filters and asserts they agree. Full-text search is the exception: its
matches come from the search backend (``text_matches``), as they do on the board.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable

from .selectors.listings import BoardFilters


@dataclasses.dataclass(frozen=True, slots=True)
class NewListing:
    """A published listing as a digest filters and shows it."""

    pk: int
    title: str
    slug: str
    kind: str
    language: str
    programme: str
    closing_date: datetime.date
    published_at: datetime.datetime
    organisation_name: str
    organisation_type: str
    # The board's country filter: the organisation's country, countries already in or wanted.
    countries: frozenset[str] = frozenset()
    # The board's language filter: the language it is written in or a working language.
    languages: frozenset[str] = frozenset()
    theme_ids: frozenset[int] = frozenset()


class ListingMatcher:
    """Answers board filters over a fixed set of listings, newest first (the board's order)."""

    def __init__(self, listings: Iterable[NewListing]):
        self.listings: list[NewListing] = sorted(
            listings, key=lambda listing: (listing.published_at, listing.pk), reverse=True
        )
        # Positions in ``self.listings``: sorting positions sorts newest first.
        self._position = {listing.pk: position for position, listing in enumerate(self.listings)}
        self._index: dict[tuple[str, object], set[int]] = defaultdict(set)
        for position, listing in enumerate(self.listings):
            for key in _index_keys(listing):
                self._index[key].add(position)

    @property
    def min_pk(self) -> int | None:
        return min(self._position, default=None)

    def matching(
        self, filters: BoardFilters, *, text_matches: Collection[int] | None = None
    ) -> list[NewListing]:
        """The listings ``filters`` selects, newest first.

        ``text_matches`` holds the ids the search backend finds for ``filters.q`` (required
        when there is one): the only filter that cannot be answered from the listings alone."""
        selections = [
            self._index.get((attribute, value), set()) for attribute, value in _filter_keys(filters)
        ]
        if filters.q:
            if text_matches is None:
                raise ValueError("A full-text filter needs the search backend's matches.")
            selections.append({self._position[pk] for pk in text_matches if pk in self._position})
        if selections:
            smallest, *others = sorted(selections, key=len)
            positions = smallest.intersection(*others)
        else:
            positions = range(len(self.listings))
        found = [self.listings[position] for position in sorted(positions)]
        if filters.closing_from or filters.closing_to:
            found = [listing for listing in found if _closes_within(filters, listing)]
        return found


def _index_keys(listing: NewListing) -> Iterable[tuple[str, object]]:
    yield "kind", listing.kind
    yield "programme", listing.programme
    yield "organisation_type", listing.organisation_type
    for country in listing.countries:
        yield "country", country
    for language in listing.languages:
        yield "language", language
    for theme_id in listing.theme_ids:
        yield "theme", theme_id


def _filter_keys(filters: BoardFilters) -> Iterable[tuple[str, object]]:
    for attribute in ("kind", "programme", "organisation_type", "country", "language", "theme"):
        if value := getattr(filters, attribute):
            yield attribute, value


def _closes_within(filters: BoardFilters, listing: NewListing) -> bool:
    if filters.closing_from and listing.closing_date < filters.closing_from:
        return False
    return not (filters.closing_to and listing.closing_date > filters.closing_to)
