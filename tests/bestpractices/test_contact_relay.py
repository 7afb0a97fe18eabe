"""The contact relay on a best practice: visitors write, the contact's address stays private."""

from django.conf import settings
from django.core import mail
from django.test import Client

import pytest

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.bestpractices.services import best_practice_contact_send

CONTACT_EMAIL = "curator.private@museum.example"
CONTACT_NAME = "Petra Private-Contact"
VISITOR = {
    "name": "Vera Visitor",
    "email": "vera@visitor.example",
    "message": "Could we borrow your label templates?\nBest wishes, Vera",
    "website": "",
}
SUCCESS = "Thank you. Your message has been passed on to the contact person."


@pytest.fixture
def index(home_page):
    return BestPracticeIndexPageFactory(parent=home_page, title="Best practices", slug="practices")


@pytest.fixture
def practice(index):
    page = BestPracticePageFactory(
        parent=index,
        title="Labels everyone can read",
        slug="labels",
        contact_name=CONTACT_NAME,
        contact_email=CONTACT_EMAIL,
    )
    page.save_revision().publish()
    return page


def contact_url(page) -> str:
    return f"{page.url}contact/"


def test_the_message_is_relayed_with_reply_to_the_visitor(client, practice):
    response = client.post(contact_url(practice), VISITOR, follow=True)

    assert response.redirect_chain == [(practice.url, 302)]
    assert SUCCESS in response.content.decode()
    (relayed,) = mail.outbox
    assert relayed.to == [CONTACT_EMAIL]
    assert relayed.cc == [] and relayed.bcc == []
    assert relayed.from_email == "Heritage Hub <noreply@localhost>"
    assert relayed.reply_to == ["Vera Visitor <vera@visitor.example>"]
    assert "Labels everyone can read" in relayed.subject
    assert "Vera Visitor" in relayed.body
    assert "Could we borrow your label templates?\nBest wishes, Vera" in relayed.body
    # On the public address, not the Site's host (tests/security/test_absolute_links.py).
    assert f"{settings.SITE_URL}/en/practices/labels/" in relayed.body
    # The visitor's address travels only as Reply-To, never in the page they are shown.
    assert VISITOR["email"] not in response.content.decode()


def test_the_contact_is_never_published(client, practice, index):
    posted_invalid = client.post(contact_url(practice), {**VISITOR, "email": "not-an-address"})
    after_success = client.post(contact_url(practice), VISITOR, follow=True)
    responses = {
        "page": client.get(practice.url),
        "invalid form": posted_invalid,
        "success": after_success,
        "index": client.get(index.url),
        "atom": client.get(f"{index.url}feed/"),
        "rss": client.get(f"{index.url}rss/"),
        "api list": client.get("/api/v2/pages/?type=bestpractices.BestPracticePage&fields=*"),
        "api detail": client.get(f"/api/v2/pages/{practice.id}/"),
    }
    for name, response in responses.items():
        assert response.status_code in (200, 400), name
        text = response.content.decode()
        assert CONTACT_EMAIL not in text, name
        assert CONTACT_NAME not in text, name
    assert "Labels everyone can read" in responses["api list"].content.decode()


def test_the_page_shows_the_form(client, practice):
    html = client.get(practice.url).content.decode()

    assert f'action="{contact_url(practice)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'autocomplete="off"' in html
    assert "Leave this field empty" in html


def test_without_a_contact_address_there_is_no_form(client, index):
    page = BestPracticePageFactory(parent=index, title="No contact", contact_email="")
    page.save_revision().publish()

    assert 'id="contact-heading"' not in client.get(page.url).content.decode()
    response = client.post(contact_url(page), VISITOR)
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_filled_honeypot_is_dropped_silently(client, practice):
    response = client.post(
        contact_url(practice), {**VISITOR, "website": "https://spam.example"}, follow=True
    )

    assert response.redirect_chain == [(practice.url, 302)]
    assert SUCCESS in response.content.decode()
    assert mail.outbox == []


def test_invalid_input_re_renders_the_form_with_what_was_typed(client, practice):
    response = client.post(
        contact_url(practice), {**VISITOR, "email": "vera at visitor", "message": ""}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the following:" in html
    assert "Enter a valid email address." in html
    assert "This field is required." in html
    assert 'value="Vera Visitor"' in html
    assert 'value="vera at visitor"' in html
    assert 'aria-invalid="true"' in html
    assert mail.outbox == []


def test_a_long_message_is_kept_when_another_field_is_wrong(client, practice):
    response = client.post(contact_url(practice), {**VISITOR, "name": ""})

    assert response.status_code == 400
    assert "Could we borrow your label templates?\nBest wishes, Vera</textarea>" in (
        response.content.decode()
    )


def test_a_name_with_a_line_break_injects_no_header(client, practice):
    response = client.post(contact_url(practice), {**VISITOR, "name": "x\nBcc: victim@example.org"})

    assert response.status_code == 400
    assert "Enter your name on one line" in response.content.decode()
    assert mail.outbox == []


def test_the_service_flattens_line_breaks_in_names_and_addresses(practice):
    best_practice_contact_send(
        page=practice,
        sender_name="x\r\nBcc: victim@example.org",
        sender_email="vera@visitor.example",
        message="Hello",
    )

    (relayed,) = mail.outbox
    assert relayed.bcc == []
    headers = relayed.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers
    assert "victim@example.org" not in relayed.recipients()
    assert relayed.recipients() == [CONTACT_EMAIL]
    assert relayed.reply_to == ['"x Bcc: victim@example.org" <vera@visitor.example>']


def test_the_form_is_rate_limited_per_address(client, practice):
    for _ in range(5):
        assert client.post(contact_url(practice), VISITOR).status_code == 302

    response = client.post(contact_url(practice), VISITOR)

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert len(mail.outbox) == 5
    other = client.post(contact_url(practice), VISITOR, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_the_form_needs_its_csrf_token(practice):
    response = Client(enforce_csrf_checks=True).post(contact_url(practice), VISITOR)

    assert response.status_code == 403
    assert mail.outbox == []


def test_a_draft_takes_no_messages(client, index):
    draft = BestPracticePageFactory(parent=index, contact_email=CONTACT_EMAIL, live=False)

    assert client.post(contact_url(draft), VISITOR).status_code == 404
    assert mail.outbox == []
