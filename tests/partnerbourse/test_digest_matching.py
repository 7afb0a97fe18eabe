"""The digests' in-memory matcher agrees with the board's database filters, and its rules on
constructed listings (no database)."""

import datetime
import itertools

from django.utils import timezone

import pytest

from partnerbourse.digest_matching import ListingMatcher, NewListing
from partnerbourse.factories import ListingFactory, OrganisationFactory, ThemeFactory
from partnerbourse.selectors.listings import BoardFilters, board_queryset
from partnerbourse.selectors.saved_searches import digest_listings, text_matches

NOW = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def board(db):
    """Listings that differ in every attribute the board filters on, plus two it never shows."""
    heritage, crafts = ThemeFactory(name="Heritage"), ThemeFactory(name="Crafts")
    danish_museum = OrganisationFactory(verified=True, country="DK", organisation_type="museum")
    swedish_ngo = OrganisationFactory(verified=True, country="SE", organisation_type="ngo")
    day = datetime.timedelta(days=1)
    listings = [
        {
            "organisation": danish_museum,
            "kind": "call",
            "programme": "erasmus_plus",
            "language": "en",
        },
        {
            "organisation": swedish_ngo,
            "kind": "partner_offer",
            "programme": "erasmus_plus",
            "language": "da",
            "countries_in": ["DK"],
            "themes": [heritage],
        },
        {
            "organisation": swedish_ngo,
            "kind": "call",
            "programme": "creative_europe",
            "language": "sv",
            "countries_wanted": ["FR"],
            "working_languages": ["en"],
            "themes": [heritage, crafts],
        },
        {
            "organisation": danish_museum,
            "kind": "partner_offer",
            "programme": "creative_europe",
            "language": "fr",
            "countries_in": ["SE"],
            "countries_wanted": ["DK"],
            "working_languages": ["da"],
            "themes": [crafts],
            "title": "Travelling exhibition of textile crafts",
        },
        {"organisation": swedish_ngo, "kind": "call", "programme": "none", "language": "en"},
    ]
    published = []
    for n, attributes in enumerate(listings):
        published.append(
            ListingFactory(
                published_at=NOW - (n + 1) * day,
                closing_date=NOW.date() + (10 * n + 5) * day,
                **attributes,
            )
        )
    # Published at the same moment as the first: the newer id comes first on the board.
    published.append(
        ListingFactory(organisation=danish_museum, kind="call", published_at=NOW - day)
    )
    ListingFactory(organisation=danish_museum, kind="call", status="paused", published_at=NOW)
    ListingFactory(organisation=danish_museum, kind="call", status="draft", published_at=None)
    return {"heritage": heritage.pk, "crafts": crafts.pk, "published": published}


def filter_sets(themes: list[int]):
    """Every combination of a few values of each filter, then dates and full text."""
    for kind, programme, country, language, organisation_type, theme in itertools.product(
        ["", "call", "partner_offer"],
        ["", "erasmus_plus", "creative_europe"],
        ["", "DK", "SE", "FR"],
        ["", "en", "da"],
        ["", "museum"],
        [None, *themes],
    ):
        yield BoardFilters(
            kind=kind,
            programme=programme,
            country=country,
            language=language,
            organisation_type=organisation_type,
            theme=theme,
        )
    day = datetime.timedelta(days=1)
    for closing_from, closing_to in [
        (NOW.date() + 15 * day, None),
        (None, NOW.date() + 15 * day),
        (NOW.date() + 5 * day, NOW.date() + 25 * day),
        (NOW.date() + 26 * day, NOW.date() + 24 * day),
    ]:
        yield BoardFilters(closing_from=closing_from, closing_to=closing_to)
        yield BoardFilters(kind="call", closing_from=closing_from, closing_to=closing_to)
    yield BoardFilters(q="textile")
    yield BoardFilters(q="textile", country="DK")
    yield BoardFilters(q="no listing says this")


def test_in_memory_matching_agrees_with_the_board_queryset(board):
    matcher = ListingMatcher(digest_listings(now=NOW))
    assert len(matcher.listings) == len(board["published"])
    checked = 0
    for filters in filter_sets([board["heritage"], board["crafts"]]):
        # The board as it was at NOW: its listings have closed since.
        expected = list(board_queryset(filters=filters, now=NOW).values_list("pk", flat=True))
        found = matcher.matching(
            filters, text_matches=text_matches(q=filters.q, now=NOW) if filters.q else None
        )
        assert [listing.pk for listing in found] == expected, filters
        checked += bool(expected)
    assert checked > 100  # most combinations select something, so agreement is not vacuous


def test_the_window_holds_what_was_published_within_the_lookback_until_now(db):
    ListingFactory(published_at=NOW - datetime.timedelta(days=36))
    inside = ListingFactory(published_at=NOW - datetime.timedelta(days=34))
    ListingFactory(published_at=NOW + datetime.timedelta(minutes=1))
    assert [listing.pk for listing in digest_listings(now=NOW)] == [inside.pk]


def listing(pk: int, **attributes) -> NewListing:
    defaults = {
        "title": f"Listing {pk}",
        "slug": f"listing-{pk}",
        "kind": "call",
        "language": "en",
        "programme": "erasmus_plus",
        "closing_date": datetime.date(2026, 4, 1),
        "published_at": NOW - datetime.timedelta(hours=pk),
        "organisation_name": "Museum",
        "organisation_type": "museum",
        "countries": frozenset({"DK"}),
        "languages": frozenset({"en"}),
    }
    return NewListing(pk=pk, **(defaults | attributes))


def pks(matcher: ListingMatcher, **filters) -> list[int]:
    text = filters.pop("text_matches", None)
    return [found.pk for found in matcher.matching(BoardFilters(**filters), text_matches=text)]


def test_no_filters_match_everything_newest_first():
    matcher = ListingMatcher([listing(3), listing(1), listing(2)])
    assert pks(matcher) == [1, 2, 3]


def test_filters_combine_with_and_and_unknown_values_match_nothing():
    matcher = ListingMatcher(
        [
            listing(1, kind="call", countries=frozenset({"DK", "SE"})),
            listing(2, kind="partner_offer", countries=frozenset({"SE"})),
            listing(3, kind="call", countries=frozenset({"FR"}), theme_ids=frozenset({7})),
        ]
    )
    assert pks(matcher, kind="call") == [1, 3]
    assert pks(matcher, kind="call", country="SE") == [1]
    assert pks(matcher, theme=7, country="FR") == [3]
    assert pks(matcher, country="PL") == []


def test_closing_dates_are_inclusive_bounds():
    matcher = ListingMatcher(
        [
            listing(1, closing_date=datetime.date(2026, 4, 1)),
            listing(2, closing_date=datetime.date(2026, 4, 10)),
        ]
    )
    april = {"closing_from": datetime.date(2026, 4, 1), "closing_to": datetime.date(2026, 4, 9)}
    assert pks(matcher, **april) == [1]
    assert pks(matcher, closing_from=datetime.date(2026, 4, 10)) == [2]


def test_full_text_needs_the_backends_matches():
    matcher = ListingMatcher([listing(1), listing(2)])
    assert pks(matcher, q="textile", text_matches={2, 99}) == [2]
    with pytest.raises(ValueError):
        pks(matcher, q="textile")


def test_an_empty_window_matches_nothing():
    matcher = ListingMatcher([])
    assert matcher.min_pk is None
    assert pks(matcher, kind="call") == []


def test_ties_in_publication_time_go_to_the_newer_id():
    moment = timezone.now()
    matcher = ListingMatcher([listing(4, published_at=moment), listing(9, published_at=moment)])
    assert pks(matcher) == [9, 4]
