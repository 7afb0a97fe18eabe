"""The directory of verified organisations and their public profiles."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from partnerbourse.factories import (
    JoinRequestFactory,
    ListingFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ThemeFactory,
)
from partnerbourse.models import ListingStatus, MembershipRole, OrganisationType

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/partners/organisations/"


def test_the_directory_lists_verified_open_organisations_only(client, board_site):
    OrganisationFactory(verified=True, name="Verified Museum")
    OrganisationFactory(name="Unchecked Archive")
    OrganisationFactory(verified=True, name="Closed Library", closed_at=timezone.now())

    html = client.get(DIRECTORY).content.decode()

    assert "Verified Museum" in html
    assert "Unchecked Archive" not in html
    assert "Closed Library" not in html


def test_an_entry_shows_type_country_themes_and_active_listings(client, board_site):
    theme = ThemeFactory(name="Textiles")
    organisation = OrganisationFactory(
        verified=True,
        name="Textile Museum",
        organisation_type=OrganisationType.MUSEUM,
        country="FR",
        themes=[theme],
    )
    ListingFactory.create_batch(2, organisation=organisation)
    ListingFactory(organisation=organisation, status=ListingStatus.DRAFT)
    ListingFactory(
        organisation=organisation,
        closing_date=timezone.localdate() - datetime.timedelta(days=1),
    )

    response = client.get(DIRECTORY)

    html = response.content.decode()
    assert organisation.get_absolute_url() in html
    assert "Museum" in html and "France" in html and "Textiles" in html
    [entry] = response.context["page_obj"].object_list
    assert entry.active_listing_count == 2  # not the draft, not the expired one


def test_filters_by_type_country_and_theme(client, board_site):
    theme = ThemeFactory(name="Archaeology")
    OrganisationFactory(verified=True, name="Danish Museum", country="DK")
    OrganisationFactory(
        verified=True,
        name="French Archive",
        country="FR",
        organisation_type=OrganisationType.ARCHIVE_LIBRARY,
        themes=[theme],
    )

    def names(query):
        page = client.get(DIRECTORY, query).context["page_obj"]
        return {organisation.name for organisation in page.object_list}

    assert names({"country": "FR"}) == {"French Archive"}
    assert names({"organisation_type": OrganisationType.MUSEUM}) == {"Danish Museum"}
    assert names({"theme": theme.pk}) == {"French Archive"}
    # An unknown value is ignored, not an error page.
    assert names({"country": "XX"}) == {"Danish Museum", "French Archive"}


def test_the_directory_is_paginated(client, board_site):
    for n in range(25):
        OrganisationFactory(verified=True, name=f"Museum {n:02}")

    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY, {"page": 2})

    assert len(first.context["page_obj"].object_list) == 20
    assert len(second.context["page_obj"].object_list) == 5
    assert 'href="?page=2#results"' in first.content.decode()


def _organisations(count):
    theme = ThemeFactory()
    for _n in range(count):
        organisation = OrganisationFactory(verified=True, themes=[theme, ThemeFactory()])
        ListingFactory(organisation=organisation)


def test_the_directory_query_count_does_not_grow_with_its_length(
    client, board_site, django_assert_num_queries
):
    _organisations(2)
    client.get(DIRECTORY)  # warm caches (site, locales)
    with CaptureQueriesContext(connection) as two:
        client.get(DIRECTORY)
    _organisations(8)

    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(DIRECTORY)

    assert len(response.context["page_obj"].object_list) == 10


def test_the_board_links_to_the_directory(client, board_site):
    html = client.get(reverse("partnerbourse:board")).content.decode()

    assert f'href="{DIRECTORY}"' in html


def test_only_verified_organisations_have_a_profile(client, board_site):
    verified = OrganisationFactory(verified=True)
    unverified = OrganisationFactory()

    assert client.get(verified.get_absolute_url()).status_code == 200
    assert client.get(unverified.get_absolute_url()).status_code == 404


def test_member_email_addresses_appear_nowhere_public(client, board_site):
    organisation = OrganisationFactory(verified=True, name="Quiet Museum")
    admin = OrganisationMembershipFactory(
        organisation=organisation, role=MembershipRole.ADMIN, user__email="admin@quiet.example"
    ).user
    member = OrganisationMembershipFactory(
        organisation=organisation, user__email="member@quiet.example"
    ).user
    requester = JoinRequestFactory(
        organisation=organisation, user__email="asker@quiet.example"
    ).user
    ListingFactory(organisation=organisation, contact_person=admin, created_by=admin)
    addresses = [admin.email, member.email, requester.email]

    pages = {
        "anonymous directory": client.get(DIRECTORY),
        "anonymous profile": client.get(organisation.get_absolute_url()),
    }
    client.force_login(requester)
    pages["requester's profile"] = client.get(organisation.get_absolute_url())
    client.force_login(member)
    pages["member's profile"] = client.get(organisation.get_absolute_url())
    pages["member's directory"] = client.get(DIRECTORY)

    for label, response in pages.items():
        assert response.status_code == 200, label
        html = response.content.decode()
        assert "Quiet Museum" in html, label
        for address in addresses:
            assert address not in html, (label, address)
