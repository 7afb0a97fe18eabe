"""Relayed e-mail never carries the other side's address: not in To/Cc/Bcc, From, Reply-To,
other headers or the body; subjects built from user text cannot open new headers."""

from django.conf import settings
from django.core import mail
from django.urls import reverse

import pytest

from partnerbourse.factories import ListingFactory, ListingResponseFactory
from partnerbourse.services import responses as services

from .responding_helpers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db

POSTER_ADDRESS = "poster-secret@museum.example"
RESPONDER_ADDRESS = "responder-secret@archive.example"


def everything(message) -> str:
    headers = "\n".join(f"{key}: {value}" for key, value in message.message().items())
    return "\n".join(
        [headers, message.body, message.from_email, *message.reply_to, *message.cc, *message.bcc]
    )


def assert_relayed(message, *, hidden: str, recipient: str):
    assert message.to == [recipient]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.reply_to == []
    assert message.cc == [] and message.bcc == []
    assert hidden not in everything(message)
    assert "/partners/my/responses/" in message.body


def test_every_relayed_mail_hides_the_other_side(
    client,
    board_site,
    listing,
    responder,
    responder_organisation,
    poster,
    django_capture_on_commit_callbacks,
):
    client.force_login(responder)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerbourse:express_interest", kwargs={"pk": listing.pk}),
            {"message": "We would love to join.", "organisation": responder_organisation.pk},
        )
    thread = listing.responses.get()
    assert_relayed(mail.outbox[-1], hidden=RESPONDER_ADDRESS, recipient=POSTER_ADDRESS)
    assert "We would love to join." in mail.outbox[-1].body

    url = lambda name: reverse(f"partnerbourse:{name}", kwargs={"pk": thread.pk})  # noqa: E731
    client.force_login(poster)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("response_reply"), {"body": "Tell us more."})
    assert_relayed(mail.outbox[-1], hidden=POSTER_ADDRESS, recipient=RESPONDER_ADDRESS)

    client.force_login(responder)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("response_reply"), {"body": "Here is more."})
    assert_relayed(mail.outbox[-1], hidden=RESPONDER_ADDRESS, recipient=POSTER_ADDRESS)

    client.force_login(poster)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("response_reveal"))
    # Even the "contact details shared" mail sends the respondent to the site, not the address.
    assert_relayed(mail.outbox[-1], hidden=POSTER_ADDRESS, recipient=RESPONDER_ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("response_decline"), {"body": "Sorry."})
    assert_relayed(mail.outbox[-1], hidden=POSTER_ADDRESS, recipient=RESPONDER_ADDRESS)
    assert len(mail.outbox) == 5


def test_listing_contacts_are_the_contact_person_and_org_admins(board_site, listing, poster):
    from partnerbourse.factories import OrganisationMembershipFactory
    from partnerbourse.models import MembershipRole

    OrganisationMembershipFactory(
        organisation=listing.organisation, role=MembershipRole.ADMIN, user__email="admin2@m.example"
    )
    OrganisationMembershipFactory(organisation=listing.organisation, user__email="plain@m.example")
    thread = ListingResponseFactory(listing=listing)
    services.response_mail_send(response_id=thread.pk, event="new_response")
    assert mail.outbox[-1].to == ["admin2@m.example", POSTER_ADDRESS]


def test_header_injection_in_a_listing_title_cannot_add_headers(board_site, poster, responder):
    listing = ListingFactory(
        organisation=poster.partner_memberships.get().organisation,
        contact_person=poster,
        title="Partners\r\nBcc: victim@evil.example\nX-Injected: yes",
    )
    thread = ListingResponseFactory(listing=listing, responder=responder)
    services.response_mail_send(response_id=thread.pk, event="new_response")
    message = mail.outbox[-1]
    raw = message.message()
    assert "\n" not in message.subject and "\r" not in message.subject
    assert raw["Bcc"] is None and raw["X-Injected"] is None
    assert message.recipients() == [POSTER_ADDRESS]
