"""The public board: only published listings, filters, search, sort, pagination, query counts."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from partnerbourse.factories import ListingFactory, OrganisationFactory, ThemeFactory
from partnerbourse.models import ListingKind, ListingStatus, OrganisationType, Programme

BOARD = "/en/partners/"


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["page_obj"].object_list]


@pytest.fixture
def theme(board_site):
    return ThemeFactory(name="Digitisation")


def test_board_lists_only_published_listings(client, board_site):
    ListingFactory(title="Live one")
    for status in (
        ListingStatus.DRAFT,
        ListingStatus.PENDING,
        ListingStatus.PAUSED,
        ListingStatus.FILLED,
        ListingStatus.EXPIRED,
        ListingStatus.WITHDRAWN,
    ):
        ListingFactory(title=f"Not live {status}", status=status)

    response = client.get(BOARD)

    assert response.status_code == 200
    assert titles(response) == ["Live one"]
    assert "Not live" not in response.content.decode()


def test_board_url_is_under_the_language_prefix(board_site):
    assert reverse("partnerbourse:board") == BOARD


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": ListingKind.MENTORING_OFFER}, {"Mentoring in Italy"}),
        ({"programme": Programme.ERASMUS_PLUS}, {"Erasmus partners"}),
        ({"country": "IT"}, {"Mentoring in Italy", "Erasmus partners"}),
        ({"country": "PL"}, {"Erasmus partners"}),
        ({"language": "de"}, {"German-speaking call"}),
        ({"organisation_type": OrganisationType.UNIVERSITY}, {"Erasmus partners"}),
        ({"closing_from": "2026-12-20", "closing_to": "2027-01-10"}, {"German-speaking call"}),
        ({"kind": ListingKind.PARTNER_REQUEST, "country": "IT"}, {"Erasmus partners"}),
    ],
)
def test_board_filters(client, board_site, time_machine, query, expected):
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))
    university = OrganisationFactory(
        verified=True, organisation_type=OrganisationType.UNIVERSITY, country="IT"
    )
    ListingFactory(
        title="Mentoring in Italy",
        kind=ListingKind.MENTORING_OFFER,
        organisation=OrganisationFactory(verified=True, country="IT"),
        closing_date=datetime.date(2026, 12, 10),
    )
    ListingFactory(
        title="Erasmus partners",
        kind=ListingKind.PARTNER_REQUEST,
        programme=Programme.ERASMUS_PLUS,
        organisation=university,
        countries_wanted=["PL"],
        closing_date=datetime.date(2027, 2, 1),
    )
    ListingFactory(
        title="German-speaking call",
        kind=ListingKind.CALL,
        working_languages=["de", "en"],
        closing_date=datetime.date(2027, 1, 5),
    )

    response = client.get(BOARD, query)

    assert set(titles(response)) == expected


def test_theme_filter_uses_default_locale_themes(client, theme):
    ListingFactory(title="With theme", themes=[theme])
    ListingFactory(title="Without theme")

    response = client.get(BOARD, {"theme": theme.pk})

    assert titles(response) == ["With theme"]


def test_invalid_filter_values_are_ignored_not_errors(client, board_site):
    ListingFactory(title="Live one")

    response = client.get(BOARD, {"kind": "nonsense", "closing_from": "yesterday"})

    assert response.status_code == 200
    assert titles(response) == ["Live one"]
    assert "have been ignored" in response.content.decode()


def test_full_text_search(client, board_site):
    ListingFactory(title="Travelling exhibition on textiles", description="Host our show.")
    ListingFactory(title="Mentoring for young curators", description="Career advice.")

    response = client.get(BOARD, {"q": "textiles"})

    assert titles(response) == ["Travelling exhibition on textiles"]


def test_sort_newest_and_closing_soon(client, board_site):
    now = timezone.now()
    today = timezone.localdate()
    ListingFactory(
        title="Old, closes soon",
        published_at=now - datetime.timedelta(days=5),
        closing_date=today + datetime.timedelta(days=3),
    )
    ListingFactory(
        title="New, closes late",
        published_at=now,
        closing_date=today + datetime.timedelta(days=90),
    )
    ListingFactory(
        title="Middle",
        published_at=now - datetime.timedelta(days=1),
        closing_date=today + datetime.timedelta(days=30),
    )

    assert titles(client.get(BOARD)) == ["New, closes late", "Middle", "Old, closes soon"]
    assert titles(client.get(BOARD, {"sort": "closing"})) == [
        "Old, closes soon",
        "Middle",
        "New, closes late",
    ]


def test_pagination(client, board_site):
    ListingFactory.create_batch(25)

    first = client.get(BOARD)
    second = client.get(BOARD, {"page": 2})

    assert len(titles(first)) == 20
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))


def _populate(count, theme):
    for n in range(count):
        ListingFactory(
            organisation=OrganisationFactory(verified=n % 2 == 0),
            countries_in=["DK"],
            countries_wanted=["IT", "PL"],
            working_languages=["en"],
            organisation_types_wanted=["museum"],
            themes=[theme],
        )


def test_board_renders_in_constant_queries(client, theme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = {"country": "IT", "theme": theme.pk, "programme": Programme.CREATIVE_EUROPE}
    _populate(5, theme)
    client.get(BOARD, query)  # warm caches (site, locales)
    with CaptureQueriesContext(connection) as few:
        response = client.get(BOARD, query)
    assert len(titles(response)) == 5

    _populate(95, theme)
    with CaptureQueriesContext(connection) as many:
        response = client.get(BOARD, query)
    assert len(titles(response)) == 20

    assert len(many.captured_queries) == len(few.captured_queries)
