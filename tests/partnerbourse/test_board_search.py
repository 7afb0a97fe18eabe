"""Board search finds a listing by its funding programme, its organisation's name, and its
countries and themes named in any site language, whatever language the listing is written in."""

import datetime

from django.utils import timezone

import pytest

from partnerbourse.factories import OrganisationFactory, OrganisationMembershipFactory, ThemeFactory
from partnerbourse.models import MembershipRole, Programme
from partnerbourse.services import listings as listing_services


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [listing.title for listing in response.context["page_obj"].object_list]


def _post(*, organisation, title, **fields):
    user = OrganisationMembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user
    return listing_services.listing_create(
        organisation=organisation,
        user=user,
        kind="partner_request",
        title=title,
        description="We look for partners for a travelling exhibition.",
        language="en",
        **fields,
    )


@pytest.fixture
def listings(board_site, locales):
    closing = timezone.localdate() + datetime.timedelta(days=30)
    theme = ThemeFactory(name="Digitisation")
    for code, name in (("de", "Digitalisierung"), ("da", "Digitalisering"), ("it", "Digitale")):
        ThemeFactory(name=name, locale=locales[code], translation_key=theme.translation_key)
    _post(
        organisation=OrganisationFactory(
            verified=True, name="Stadtmuseum Kleinstadt", country="DK"
        ),
        title="Wanted: a partner",
        programme=Programme.ERASMUS_PLUS,
        countries_in=["DE"],
        themes=[theme],
        closing_date=closing,
    )
    _post(
        organisation=OrganisationFactory(verified=True, name="Museo di Faenza", country="FR"),
        title="Something else",
        programme=Programme.HORIZON_EUROPE,
        countries_in=["PL"],
        closing_date=closing,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "Erasmus",
        "Stadtmuseum",
        "Germany",
        "Deutschland",
        "Tyskland",
        "Germania",
        "Digitisation",
        "Digitalisierung",
        "Digitalisering",
    ],
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_board_search_finds_the_listing(client, listings, query, language):
    response = client.get(f"/{language}/partners/", {"q": query})

    assert titles(response) == ["Wanted: a partner"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Horizon", "Faenza", "Poland", "Polen"])
def test_board_search_leaves_out_listings_that_do_not_match(client, listings, query):
    assert titles(client.get("/en/partners/", {"q": query})) == ["Something else"]
