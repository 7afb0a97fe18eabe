"""Right-to-left overrides in names: a name someone typed is isolated (``<bdi>``) wherever a page
shows it, so a U+202E stored before names were cleaned (the rows here are made as they were
then, past the services) cannot turn the text after it around; where no element can isolate it
(``<title>``, attributes, mail subjects) it is shown without bidi controls.
"""

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.core.text import one_line
from cms.users.factories import UserFactory
from courses.notifications import certificate_ready_mail_send
from courses.services.certificates import certificate_issue
from partnerbourse.factories import (
    ListingFactory,
    ListingResponseFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ResponseMessageFactory,
)
from partnerbourse.models import MembershipRole
from partnerbourse.services.organisations import membership_invite

RLO = "\u202e"
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

ORGANISATION = f"Evil{RLO}muesuM"
TITLE = f"Partners wanted{RLO}exe.fdp"
POSTER = f"Pia{RLO}retsoP"
RESPONDER = f"Rob{RLO}rednopseR"
RESPONDING_ORGANISATION = f"Harbour{RLO}evihcrA"


@pytest.fixture
def hostile(home_page):
    poster = UserFactory(display_name=POSTER)
    organisation = OrganisationFactory(verified=True, name=ORGANISATION, slug="evil")
    OrganisationMembershipFactory(user=poster, organisation=organisation, role=MembershipRole.ADMIN)
    listing = ListingFactory(
        organisation=organisation, title=TITLE, contact_person=poster, created_by=poster
    )
    responder = UserFactory(display_name=RESPONDER)
    responding_organisation = OrganisationFactory(name=RESPONDING_ORGANISATION, slug="harbour")
    OrganisationMembershipFactory(
        user=responder, organisation=responding_organisation, role=MembershipRole.ADMIN
    )
    response = ListingResponseFactory(
        listing=listing, responder=responder, responder_organisation=responding_organisation
    )
    ResponseMessageFactory(response=response, sender=poster, from_poster=True)
    return {"poster": poster, "listing": listing, "response": response, "responder": responder}


def isolated_names(html: str) -> set[str]:
    """The names with a bidi override on the page, each checked to be in an isolating element;
    no attribute may hold one."""
    soup = BeautifulSoup(html, "html.parser")
    names = set()
    for text in soup.find_all(string=lambda value: RLO in value):
        isolating = [
            parent
            for parent in text.parents
            if parent.name == "bdi" or (parent.attrs or {}).get("dir") == "auto"
        ]
        assert isolating, f"{text!r} in <{text.parent.name}> is not isolated"
        names.add(isolating[0].get_text())
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert RLO not in str(value), f"{attribute} of <{tag.name}> holds a bidi override"
    return names


def get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_board_isolates_titles_and_organisation_names(client, hostile):
    names = isolated_names(get(client, reverse("partnerbourse:board")))

    assert {TITLE, ORGANISATION} <= names


def test_the_listing_page_isolates_its_title_and_organisation(client, hostile):
    html = get(client, hostile["listing"].get_absolute_url())

    assert {TITLE, ORGANISATION} <= isolated_names(html)
    assert "<title>Partners wantedexe.fdp" in html  # the <title> has the override stripped


def test_the_organisation_page_isolates_its_name(client, hostile):
    html = get(client, reverse("partnerbourse:organisation_detail", args=["evil"]))

    assert ORGANISATION in isolated_names(html)
    assert f"<title>{ORGANISATION.replace(RLO, '')}" in html


def test_the_responses_inbox_isolates_titles_senders_and_organisations(client, hostile):
    client.force_login(hostile["poster"])

    names = isolated_names(get(client, reverse("partnerbourse:responses_dashboard")))

    assert {TITLE, RESPONDER, RESPONDING_ORGANISATION, POSTER} <= names


def test_a_response_thread_isolates_every_sender(client, hostile):
    client.force_login(hostile["responder"])

    html = get(client, reverse("partnerbourse:response_detail", args=[hostile["response"].pk]))

    assert {TITLE, ORGANISATION, RESPONDER, POSTER, RESPONDING_ORGANISATION} <= isolated_names(html)


def test_the_dashboard_isolates_organisation_listing_and_the_members_own_name(client, hostile):
    client.force_login(hostile["poster"])

    names = isolated_names(get(client, reverse("partnerbourse:dashboard")))

    assert {ORGANISATION, TITLE, POSTER} <= names


@pytest.mark.parametrize(
    "page",
    ["partnerbourse:organisation_members", "partnerbourse:organisation_edit"],
)
def test_member_pages_isolate_names(client, hostile, page):
    client.force_login(hostile["poster"])
    organisation = hostile["listing"].organisation

    names = isolated_names(get(client, reverse(page, args=[organisation.pk])))

    assert POSTER in names
    assert any(ORGANISATION in name for name in names)


@pytest.mark.parametrize("page", ["partnerbourse:my_listing", "partnerbourse:listing_edit"])
def test_member_listing_pages_isolate_the_title(client, hostile, page):
    client.force_login(hostile["poster"])

    html = get(client, reverse(page, args=[hostile["listing"].pk]))

    assert TITLE in isolated_names(html)


def test_the_express_interest_form_shows_organisation_names_without_bidi_controls(client, hostile):
    # The responder's organisations are <option>s, which hold text only.
    other = ListingFactory(title="Calm listing")
    client.force_login(hostile["responder"])

    html = get(client, reverse("partnerbourse:express_interest", args=[other.pk]))

    isolated_names(html)
    assert RESPONDING_ORGANISATION.replace(RLO, "") in html


def test_the_suggestions_isolate_names(client, hostile):
    client.force_login(hostile["responder"])

    isolated_names(get(client, reverse("partnerbourse:suggestions")))


def test_the_moderators_screens_isolate_names(admin_client, hostile):
    listing = hostile["listing"]
    for path in (
        reverse("partnerbourse_admin_organisations"),
        reverse("partnerbourse_admin_organisation", args=[listing.organisation.pk]),
        reverse("partnerbourse_admin_review", args=[listing.pk]),
    ):
        isolated_names(get(admin_client, path))


def assert_no_bidi(text: str) -> None:
    assert not any(control in text for control in BIDI_CONTROLS), repr(text)


def test_a_board_notification_subject_has_no_bidi_controls(
    hostile, django_capture_on_commit_callbacks
):
    outsider = UserFactory()
    OrganisationMembershipFactory(
        user=outsider, organisation=OrganisationFactory(name="Calm Archive"), role="admin"
    )
    client = Client()
    client.force_login(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerbourse:express_interest", args=[hostile["listing"].pk]),
            {
                "message": "Hello",
                "organisation": outsider.partner_memberships.get().organisation_id,
                "website": "",
            },
        )

    assert mail.outbox, "the poster was not notified"
    for message in mail.outbox:
        assert_no_bidi(message.subject)
        assert "Partners wantedexe.fdp" in message.subject


def test_an_invitation_subject_has_no_bidi_controls(hostile, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership_invite(
            organisation=hostile["listing"].organisation,
            invited_by=hostile["poster"],
            email="new@example.org",
        )

    [message] = mail.outbox
    assert_no_bidi(message.subject)
    assert "Evilmuesum" in message.subject.replace("M", "m")


def test_the_contact_relay_subject_and_sender_have_no_bidi_controls(
    home_page, django_capture_on_commit_callbacks
):
    index = BestPracticeIndexPageFactory(parent=home_page, title="Practices", slug="practices")
    practice = BestPracticePageFactory(
        parent=index, title=f"Labels{RLO}txt", slug="labels", contact_email="c@museum.example"
    )
    practice.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            f"{practice.url}contact/",
            {
                "name": f"Vera{RLO}\u2066Visitor",
                "email": "vera@visitor.example",
                "message": "Hi",
                "website": "",
            },
        )

    [message] = mail.outbox
    assert_no_bidi(message.subject)
    assert_no_bidi(message.reply_to[0])
    assert "Labelstxt" in message.subject


def test_a_course_notification_subject_has_no_bidi_controls(course):
    course.title = f"Caring{RLO} for collections"
    course.save_revision().publish()
    learner = UserFactory(display_name="Ines Duarte")
    certificate = certificate_issue(user=learner, course=course, language="en")
    mail.outbox.clear()

    certificate_ready_mail_send(certificate_id=certificate.pk)

    [message] = mail.outbox
    assert_no_bidi(message.subject)
    assert "Caring for collections" in message.subject


@pytest.mark.parametrize("control", list(BIDI_CONTROLS))
def test_one_line_drops_every_bidi_control(control):
    assert one_line(f"Subject{control} text\r\nBcc: x") == "Subject text Bcc: x"
