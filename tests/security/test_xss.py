"""Stored XSS: markup typed into any user-writable field stays inert wherever it is shown.

An inert payload never appears as live markup: in HTML it is escaped (``&lt;script``), in feeds
the text a reader gets after XML decoding holds no tags (feed readers render RSS descriptions and
Atom ``type="html"`` summaries as HTML), in e-mail it stays literal plain text, in the PDF it is
printed literally, and in the API it is a JSON string.
"""

import re
import xml.etree.ElementTree as ET

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from courses.factories import QuizQuestionFactory
from courses.models import QuestionKind
from courses.selectors.certificates import certificate_pdf_render
from courses.services.certificates import certificate_issue
from courses.services.enrolment import enrolment_create
from courses.services.quizzes import quiz_attempt_start
from partnerbourse.factories import (
    ListingFactory,
    ListingResponseFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import MembershipRole
from tests.pdf import pdf_text

from .conftest import XSS

ATOM = "{http://www.w3.org/2005/Atom}"
LIVE_MARKUP = ("<script", "<img", "onerror=", "javascript:")


def assert_inert_html(html: str) -> None:
    # The payload as live markup; escaped, it reads "&lt;script&gt;alert(&quot;xss&quot;)".
    for live in ('<script>alert("xss")', "<img src=x"):
        assert live not in html, f"live markup {live!r} in the page"


@pytest.fixture
def hostile_listing(home_page):
    organisation = OrganisationFactory(verified=True, name=f"Museum {XSS}")
    poster = UserFactory(display_name=f"Poster {XSS}")
    OrganisationMembershipFactory(user=poster, organisation=organisation, role=MembershipRole.ADMIN)
    return ListingFactory(
        organisation=organisation,
        title=f"Partners {XSS}",
        description=(
            f"Hello {XSS}\n\n[click me](javascript:alert(1)) "
            '<a href="javascript:alert(2)" onclick="alert(3)">raw link</a>'
        ),
        contact_person=poster,
        created_by=poster,
    )


def test_board_listing_and_organisation_pages_escape_names_and_sanitise_text(
    client, hostile_listing
):
    pages = [
        reverse("partnerbourse:board"),
        hostile_listing.get_absolute_url(),
        reverse("partnerbourse:organisation_detail", args=[hostile_listing.organisation.slug]),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert_inert_html(html)
        # Neither the markdown link nor the raw one became a live link or handler.
        assert not re.search(r"<a\b[^>]*href=\"?javascript:", html, re.IGNORECASE)
        assert not re.search(r"<[a-z]+\b[^>]*\sonclick=", html, re.IGNORECASE)
    # The text is still there, shown as text.
    assert "&lt;script&gt;" in client.get(hostile_listing.get_absolute_url()).content.decode()


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feeds_carry_no_markup_from_names_or_text(client, hostile_listing, kind):
    response = client.get(reverse("partnerbourse:board_feed", args=[kind]))

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    # The decoded text of every element: what a feed reader feeds to its HTML renderer.
    texts = [element.text or "" for element in root.iter()]
    decoded = "\n".join(texts)
    assert "Museum" in decoded and "Partners" in decoded
    for element in root.iter():
        tag = element.tag.removeprefix(ATOM)
        if tag in ("description", "summary", "content"):
            for live in LIVE_MARKUP[:2]:
                assert live not in (element.text or "").lower(), f"{tag}: {element.text!r}"


def test_the_poster_sees_a_hostile_response_and_responder_name_as_text(hostile_listing, home_page):
    responder = UserFactory(display_name=f"Rob {XSS}")
    OrganisationMembershipFactory(user=responder, organisation=OrganisationFactory(name=XSS))
    response = ListingResponseFactory(
        listing=hostile_listing, responder=responder, message=f"Interested {XSS}"
    )
    client = Client()
    client.force_login(hostile_listing.contact_person)

    for path in (
        reverse("partnerbourse:responses_dashboard"),
        reverse("partnerbourse:response_detail", args=[response.pk]),
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert_inert_html(page.content.decode())


def test_relayed_e_mails_are_plain_text_with_the_markup_literal(
    hostile_listing, outsider, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(outsider)
    organisation = outsider.partner_memberships.get().organisation

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("partnerbourse:express_interest", args=[hostile_listing.pk]),
            {"message": f"We are interested {XSS}", "organisation": organisation.pk, "website": ""},
        )

    assert answer.status_code in (200, 302)
    assert mail.outbox, "the poster was not notified"
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", None), "an HTML part would need escaping"
        assert "&lt;" not in message.body  # literal, not HTML-escaped into nonsense
        assert XSS in message.body or "Museum" in message.subject
        assert "\n" not in message.subject and "\r" not in message.subject


def test_a_display_name_with_markup_is_escaped_on_the_site(home_page):
    user = UserFactory(display_name=XSS)
    client = Client()
    client.force_login(user)

    for path in ("/en/", reverse("users:profile"), reverse("courses:dashboard")):
        page = client.get(path)
        assert page.status_code == 200, path
        assert_inert_html(page.content.decode())


def test_an_organisation_name_with_markup_is_escaped_in_the_member_area(outsider):
    organisation = outsider.partner_memberships.get().organisation
    organisation.name = XSS
    organisation.save()
    client = Client()
    client.force_login(outsider)

    for path in (
        reverse("partnerbourse:dashboard"),
        reverse("partnerbourse:organisation_members", args=[organisation.pk]),
        reverse("partnerbourse:organisation_edit", args=[organisation.pk]),
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert_inert_html(page.content.decode())


def test_a_short_quiz_answer_with_markup_is_shown_as_text(course, module):
    module.quiz_answers_shown = "after_attempt"
    module.save()
    question = QuizQuestionFactory(
        page=module, kind=QuestionKind.SHORT_ANSWER, choices=[], accepted_answers="hygrometer"
    )
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    attempt = quiz_attempt_start(user=learner, module=module)
    client = Client()
    client.force_login(learner)

    submitted = client.post(
        reverse("courses:quiz_submit", args=[attempt.pk]), {f"q_{question.pk}": XSS}
    )
    assert submitted.status_code in (200, 302)
    result = client.get(reverse("courses:quiz_result", args=[attempt.pk]))

    assert result.status_code == 200
    html = result.content.decode()
    assert "&lt;script&gt;" in html  # the answer is shown, as text
    assert_inert_html(html)


def test_a_learner_name_with_markup_is_printed_literally_in_the_certificate(course):
    learner = UserFactory(display_name='Ada <b>Bold</b> <img src="http://evil.example/x.png">')
    certificate = certificate_issue(user=learner, course=course, language="en")

    text = pdf_text(certificate_pdf_render(certificate=certificate))

    # Escaped: the tags are printed as typed, not interpreted (and nothing is fetched).
    assert '<b>Bold</b> <img src="http://evil.example/x.png">' in text


def test_the_api_serves_json_with_markup_as_strings(client, home_page):
    home_page.title = XSS
    home_page.save_revision().publish()

    response = client.get("/api/v2/pages/", {"fields": "*"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["items"][0]["title"] == XSS
