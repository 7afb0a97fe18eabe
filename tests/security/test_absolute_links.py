"""Absolute links in the API and in e-mails are on the public address (SITE_URL), never on the
Wagtail Site's host (127.0.0.1:8000 in demo data) nor on the host a request came in on."""

import re

from django.core import mail
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Site

import pytest

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.core.absolute_urls import absolute_url, page_absolute_url
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.users.factories import UserFactory
from courses.notifications import certificate_ready_mail_send
from courses.services.certificates import certificate_issue

DEMO_HOST = "127.0.0.1:8000"
PASSWORD = "an unusual passphrase 4 heritage"
_URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(
    params=["https://hub.example.org", "https://hub.example.org/", "http://hub.example.org:8443"]
)
def public_address(request, settings, home_page):
    """SITE_URL set to the public address, while the Site still says what the demo loaded."""
    settings.SITE_URL = request.param
    Site.objects.filter(root_page=home_page).update(hostname="127.0.0.1", port=8000)
    return request.param.rstrip("/")


def links(text: str) -> list[str]:
    return _URL.findall(text)


def assert_only_public_links(text: str, public: str, *, expected: int = 1) -> None:
    found = links(text)
    assert len(found) >= expected, text
    assert all(link.startswith(f"{public}/") for link in found), found
    assert DEMO_HOST not in text
    assert f"{public}//" not in text


def test_the_helpers_build_on_site_url(public_address, home_page):
    assert absolute_url("/en/about/") == f"{public_address}/en/about/"
    assert absolute_url("en/about/") == f"{public_address}/en/about/"
    assert absolute_url(f"http://{DEMO_HOST}/en/?q=1#top") == f"{public_address}/en/?q=1#top"
    assert page_absolute_url(home_page) == f"{public_address}/en/"


@pytest.fixture
def factsheet(home_page):
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    return FactsheetPageFactory(parent=index, title="Accessible labels", slug="labels")


def test_api_detail_and_html_urls_are_on_the_public_address(client, public_address, factsheet):
    document = get_document_model().objects.create(
        title="Checklist", file="absolute-links-checklist.pdf"
    )
    responses = [
        client.get("/api/v2/pages/", HTTP_HOST=DEMO_HOST),
        client.get("/api/v2/pages/?fields=*", HTTP_HOST=DEMO_HOST),
        client.get(f"/api/v2/pages/{factsheet.pk}/", HTTP_HOST=DEMO_HOST),
        client.get("/api/v2/documents/", HTTP_HOST=DEMO_HOST),
        client.get(f"/api/v2/documents/{document.pk}/", HTTP_HOST=DEMO_HOST),
    ]

    for response in responses:
        assert response.status_code == 200
        assert_only_public_links(response.content.decode(), public_address)
    detail = responses[2].json()["meta"]
    assert detail["html_url"] == f"{public_address}/en/factsheets/labels/"
    assert detail["detail_url"] == f"{public_address}/api/v2/pages/{factsheet.pk}/"
    assert detail["parent"]["meta"]["html_url"] == f"{public_address}/en/factsheets/"


def test_the_api_find_view_redirects_to_the_public_address(client, public_address, factsheet):
    response = client.get(f"/api/v2/pages/find/?id={factsheet.pk}", HTTP_HOST=DEMO_HOST)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{public_address}/api/v2/pages/{factsheet.pk}/")


def test_the_contact_relay_mail_links_to_the_public_address(client, public_address, home_page):
    index = BestPracticeIndexPageFactory(parent=home_page, slug="practices")
    practice = BestPracticePageFactory(
        parent=index, slug="labels", contact_email="curator.private@museum.example"
    )
    practice.save_revision().publish()

    client.post(
        "/en/practices/labels/contact/",
        {"name": "Vera", "email": "vera@visitor.example", "message": "Hello", "website": ""},
        HTTP_HOST=DEMO_HOST,
    )

    (relayed,) = mail.outbox
    assert_only_public_links(relayed.body, public_address)
    assert f"{public_address}/en/practices/labels/" in relayed.body


def test_the_board_response_notification_links_to_the_public_address(
    client, public_address, listing, outsider, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerbourse:express_interest", kwargs={"pk": listing.pk}),
            {
                "message": "We hold the archive you need.",
                "organisation": outsider.partner_memberships.get().organisation.pk,
            },
            HTTP_HOST=DEMO_HOST,
        )

    (notification,) = mail.outbox
    assert_only_public_links(notification.body, public_address)


def test_the_certificate_mail_links_to_the_public_address(public_address, course):
    learner = UserFactory(display_name="Lena Learner")
    certificate = certificate_issue(user=learner, course=course, language="en")
    mail.outbox.clear()

    assert certificate_ready_mail_send(certificate_id=certificate.pk) == 1

    (message,) = mail.outbox
    assert_only_public_links(message.body, public_address, expected=2)
    (html, _mimetype) = message.alternatives[0]
    assert DEMO_HOST not in html
    assert f"{public_address}/en/certificates/{certificate.code}/" in html


def test_the_sign_up_confirmation_links_to_the_public_address(client, public_address):
    client.post(
        "/en/accounts/signup/",
        {
            "display_name": "Ada Lovelace",
            "email": "newcomer@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        HTTP_HOST=DEMO_HOST,
    )

    (confirmation,) = mail.outbox
    assert_only_public_links(confirmation.body, public_address)
    assert f"{public_address}/en/accounts/confirm-email/" in confirmation.body


def test_the_password_reset_mail_links_to_the_public_address(client, public_address):
    UserFactory(email="forgetful@example.org")

    client.post(
        "/en/accounts/password/reset/", {"email": "forgetful@example.org"}, HTTP_HOST=DEMO_HOST
    )

    (reset,) = mail.outbox
    assert_only_public_links(reset.body, public_address)
