"""Atom and RSS feeds of any filter, and no contact data on any public page or feed."""

import xml.etree.ElementTree as ET

import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import (
    ListingFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import ListingKind, ListingStatus

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def listings(board_site):
    organisation = OrganisationFactory(verified=True, name="Harbour Museum")
    contact = OrganisationMembershipFactory(
        organisation=organisation,
        user=UserFactory(email="secret.contact@harbour.example", display_name="Hidden Person"),
    ).user
    offer = ListingFactory(
        organisation=organisation,
        title="Mentoring for small museums",
        kind=ListingKind.MENTORING_OFFER,
        contact_person=contact,
        description="Write to me at private@harbour.example or use the form.",
    )
    request = ListingFactory(
        organisation=organisation,
        title="Partners for a maritime project",
        kind=ListingKind.PARTNER_REQUEST,
        contact_person=contact,
    )
    ListingFactory(organisation=organisation, title="Draft idea", status=ListingStatus.DRAFT)
    return {"offer": offer, "request": request, "contact": contact}


def test_atom_feed_of_a_filter(client, listings):
    response = client.get("/en/partners/feed/atom/", {"kind": ListingKind.MENTORING_OFFER})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Mentoring for small museums"]


def test_rss_feed_lists_published_listings_only(client, listings):
    response = client.get("/en/partners/feed/rss/")

    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    titles = {item.find("title").text for item in root.iter("item")}
    assert titles == {"Mentoring for small museums", "Partners for a maritime project"}


def test_unknown_feed_kind_is_404(client, board_site):
    assert client.get("/en/partners/feed/json/").status_code == 404


def test_no_contact_data_in_public_pages_or_feeds(client, listings):
    contact = listings["contact"]
    pages = [
        client.get("/en/partners/"),
        client.get(listings["offer"].get_absolute_url()),
        client.get(listings["offer"].organisation.get_absolute_url()),
        client.get("/en/partners/feed/atom/"),
        client.get("/en/partners/feed/rss/"),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert contact.email not in body
        assert "Hidden Person" not in body
        # An address typed into the description is removed from public output too.
        assert "private@harbour.example" not in body
        assert "mailto:" not in body


def test_board_links_to_feeds_with_the_same_filters(client, listings):
    page = client.get("/en/partners/", {"kind": "call", "page": "1"}).content.decode()
    assert 'href="/en/partners/feed/atom/?kind=call"' in page
