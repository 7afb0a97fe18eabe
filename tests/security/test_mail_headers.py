"""E-mail header injection: line breaks in what visitors type never open a new mail header."""

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from partnerbourse.factories import ListingFactory

INJECTED = "Vera\r\nBcc: victim@evil.example\r\nSubject: spam"


@pytest.fixture
def practice(home_page):
    index = BestPracticeIndexPageFactory(parent=home_page, title="Practices", slug="practices")
    page = BestPracticePageFactory(
        parent=index, title="Labels", slug="labels", contact_email="c@museum.example"
    )
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("name", [INJECTED, "Vera\nBcc: victim@evil.example", "Vera\rX: y"])
def test_the_contact_relay_answers_400_to_a_name_with_line_breaks(
    practice, name, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            f"{practice.url}contact/",
            {"name": name, "email": "vera@visitor.example", "message": "Hi", "website": ""},
        )

    assert response.status_code == 400
    assert mail.outbox == []


def test_the_contact_relay_rejects_an_address_with_line_breaks(
    practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            f"{practice.url}contact/",
            {
                "name": "Vera",
                "email": "vera@visitor.example\r\nBcc: victim@evil.example",
                "message": "Hi",
                "website": "",
            },
        )

    assert response.status_code == 400
    assert mail.outbox == []


def test_a_response_to_a_listing_with_a_hostile_title_sends_one_clean_mail(
    poster, poster_organisation, outsider, django_capture_on_commit_callbacks
):
    # The partner response form has no name or subject field: the subject is built from the
    # listing's title, which a poster typed; it must not open headers either.
    listing = ListingFactory(
        organisation=poster_organisation,
        title="Partners\r\nBcc: victim@evil.example",
        contact_person=poster,
        created_by=poster,
    )
    client = Client()
    client.force_login(outsider)
    organisation = outsider.partner_memberships.get().organisation

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerbourse:express_interest", args=[listing.pk]),
            {
                "message": "Hello\r\nBcc: victim@evil.example",
                "organisation": organisation.pk,
                "website": "",
            },
        )

    assert mail.outbox, "the poster was not notified"
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.bcc == [] and message.cc == []
        assert "victim@evil.example" not in message.recipients()
        raw = message.message().as_bytes()
        headers = raw.split(b"\n\n", 1)[0]
        assert b"\nBcc:" not in headers
