"""Privacy: contact data never on public pages or feeds; the data export covers board data; the
account deletion keeps messages for the other party, anonymised."""

from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from cms.users.selectors import user_personal_data
from cms.users.services import user_delete_account
from partnerbourse.factories import (
    ListingResponseFactory,
    OrganisationInvitationFactory,
    OrganisationMembershipFactory,
    ResponseMessageFactory,
    SavedSearchFactory,
)
from partnerbourse.models import (
    Listing,
    ListingResponse,
    MembershipRole,
    OrganisationInvitation,
    OrganisationMembership,
    ResponseMessage,
    SavedSearch,
)

from .responding_helpers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db


def test_contact_data_is_never_public(client, board_site, listing):
    organisation = listing.organisation
    pages = [
        reverse("partnerbourse:board"),
        reverse("partnerbourse:board_feed", kwargs={"kind": "atom"}),
        reverse("partnerbourse:board_feed", kwargs={"kind": "rss"}),
        listing.get_absolute_url(),
        organisation.get_absolute_url(),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "poster-secret@museum.example" not in body, url
        assert "Pia Poster" not in body, url


@pytest.fixture
def conversation(listing, responder, responder_organisation, poster):
    response = ListingResponseFactory(
        listing=listing,
        responder=responder,
        responder_organisation=responder_organisation,
        message="We would like to join.",
    )
    ResponseMessageFactory(response=response, sender=responder, body="Our budget is ready.")
    ResponseMessageFactory(response=response, sender=poster, from_poster=True, body="Great.")
    SavedSearchFactory(user=responder, name="Textiles")
    return response


def test_export_covers_board_data(conversation, responder, poster):
    responder_data = user_personal_data(user=responder)["partner_board"]
    assert responder_data["memberships"][0]["organisation"] == "Responding Archive"
    assert responder_data["responses_sent"][0]["message"] == "We would like to join."
    assert [m["body"] for m in responder_data["messages_sent"]] == ["Our budget is ready."]
    assert responder_data["saved_searches"][0]["name"] == "Textiles"
    poster_data = user_personal_data(user=poster)["partner_board"]
    assert poster_data["listings"][0]["contact_person"] is True


def test_deletion_anonymises_messages_and_removes_the_rest(
    client, board_site, conversation, responder, poster
):
    OrganisationInvitationFactory(email=responder.email)
    user_delete_account(user=responder)

    response = ListingResponse.objects.get(pk=conversation.pk)
    assert response.responder is None
    assert response.message == "We would like to join."  # kept for the poster
    assert ResponseMessage.objects.filter(response=response, sender__isnull=True).get().body == (
        "Our budget is ready."
    )
    assert not SavedSearch.objects.filter(user=responder).exists()
    assert not OrganisationMembership.objects.filter(user=responder).exists()
    assert not OrganisationInvitation.objects.exists()

    client.force_login(poster)
    page = client.get(reverse("partnerbourse:response_detail", kwargs={"pk": response.pk}))
    html = page.content.decode()
    assert "Deleted member" in html
    assert "Rob Responder" not in html


def test_deleting_the_contact_person_keeps_the_listing(conversation, listing, poster):
    # Another admin keeps the organisation going (its only admin must hand it over or close
    # it first: tests/security/test_sole_admin_deletion.py).
    OrganisationMembershipFactory(
        organisation=listing.organisation, user=UserFactory(), role=MembershipRole.ADMIN
    )
    user_delete_account(user=poster)
    listing = Listing.objects.get(pk=listing.pk)
    assert listing.contact_person is None
    assert listing.status == "published"
