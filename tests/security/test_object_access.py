"""Objects reachable by id answer 404 to everyone but their owners, exactly like a missing id.

Each personal endpoint is requested by a signed-in outsider (a member of another organisation,
another learner); a URLconf check makes sure every endpoint that takes an id or code is either
tested here or listed as public, with the reason.
"""

from django.test import Client
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from courses.factories import QuizQuestionFactory
from courses.models import ModuleProgress
from courses.services.certificates import certificate_issue
from courses.services.enrolment import enrolment_create
from courses.services.quizzes import quiz_attempt_start
from partnerbourse.factories import (
    ListingResponseFactory,
    OrganisationMembershipFactory,
    SavedSearchFactory,
)
from partnerbourse.models import MembershipRole

from .test_csrf import ENDPOINTS

# Endpoints with an id, code or token in the path that are public by design.
PUBLIC_BY_ID = {
    "courses.views.certificates.certificate_verify": "verification page: the code is the secret",
    "courses.views.certificates.certificate_status_list": (
        "a W3C status list every verifier must read: revocation bits at random indexes, no names"
    ),
    "courses.views.learning.enrol": "courses are public pages; enrols the requester only",
    "courses.views.learning.unenrol": "acts on the requester's own enrolment only",
    "courses.views.learning.certificate_request": "issues the requester's own certificate only",
    "courses.views.learning.progress": "records the requester's own progress only",
    "courses.views.learning.confirm_watched": "records the requester's own progress only",
    "courses.views.quizzes.quiz": "the quiz of a public module, for the requester",
    "courses.views.quizzes.quiz_start": "starts the requester's own attempt",
    "courses.views.media.module_video": "the recording of a public module (restrictions apply)",
    "courses.views.media.module_captions": "the captions of a public module",
    "partnerbourse.views.board.board_feed": "public feed",
    "partnerbourse.views.board.listing_detail": "published listings are public",
    "partnerbourse.views.board.organisation_detail": "organisation profiles are public",
    "partnerbourse.views.directory.organisation_join": (
        "asks for the requester only, to join a verified (public) organisation"
    ),
    "partnerbourse.views.responses.express_interest": "any member may respond to a listing",
    "partnerbourse.views.responses.listing_report": "anyone signed in may report a listing",
    "partnerbourse.views.member.invitation_accept": "signed single-use token",
    "partnerbourse.views.saved_searches.saved_search_unsubscribe": "signed token",
    "partnerbourse.views.saved_searches.saved_search_unsubscribe_one_click": "signed token",
    "allauth.account.views.ConfirmEmailView": "signed e-mail confirmation key",
    "allauth.account.views.PasswordResetFromKeyView": "signed password-reset key",
    "cms.api.HubPagesAPIViewSet": "live pages without view restrictions only (Wagtail's API)",
    "cms.api.HubImagesAPIViewSet": "image metadata, as public pages show the images",
    "cms.api.HubDocumentsAPIViewSet": (
        "document metadata; the file itself goes through the document view's collection checks"
    ),
}


@pytest.fixture
def learner(course):
    learner = UserFactory(display_name="Lena Learner")
    enrolment_create(user=learner, course=course)
    return learner


@pytest.fixture
def attempt(learner, module):
    QuizQuestionFactory(page=module)
    return quiz_attempt_start(user=learner, module=module)


@pytest.fixture
def certificate(learner, course):
    return certificate_issue(user=learner, course=course, language="en")


@pytest.fixture
def other_learner(course):
    other = UserFactory()
    enrolment_create(user=other, course=course)
    return other


@pytest.fixture
def response(listing):
    return ListingResponseFactory(listing=listing)


def url(name, *args):
    return reverse(name, args=args)


# (url name, how to find its arguments, HTTP method, owner fixture)
PARTNER_CASES = [
    ("partnerbourse:my_listing", "listing", "get"),
    ("partnerbourse:listing_edit", "listing", "get"),
    ("partnerbourse:listing_edit", "listing", "post"),
    ("partnerbourse:listing_extend", "listing", "post"),
    ("partnerbourse:listing_action", "listing:pause", "post"),
    ("partnerbourse:listing_action", "listing:withdraw", "post"),
    ("partnerbourse:organisation_edit", "organisation", "get"),
    ("partnerbourse:organisation_edit", "organisation", "post"),
    ("partnerbourse:organisation_members", "organisation", "get"),
    ("partnerbourse:organisation_members", "organisation", "post"),
    ("partnerbourse:member_remove", "membership", "post"),
    ("partnerbourse:member_role", "membership", "post"),
    ("partnerbourse:organisation_close", "organisation", "get"),
    ("partnerbourse:organisation_close", "organisation", "post"),
    ("partnerbourse:listing_create", "organisation", "get"),
    ("partnerbourse:listing_create", "organisation", "post"),
    ("partnerbourse:response_detail", "response", "get"),
    ("partnerbourse:response_reply", "response", "post"),
    ("partnerbourse:response_shortlist", "response", "post"),
    ("partnerbourse:response_decline", "response", "post"),
    ("partnerbourse:response_reveal", "response", "post"),
]


@pytest.mark.parametrize(("name", "target", "method"), PARTNER_CASES)
def test_partner_board_objects_of_others_answer_404(
    name, target, method, listing, poster_organisation, response, outsider
):
    membership = poster_organisation.memberships.first()
    objects = {
        "listing": [listing.pk],
        "listing:pause": [listing.pk, "pause"],
        "listing:withdraw": [listing.pk, "withdraw"],
        "organisation": [poster_organisation.pk],
        "membership": [poster_organisation.pk, membership.pk],
        "response": [response.pk],
    }
    client = Client()
    client.force_login(outsider)
    before = (listing.status, listing.title, poster_organisation.name)

    answer = getattr(client, method)(
        url(name, *objects[target]), {"title": "Hijacked", "name": "Hijacked", "body": "x"}
    )

    assert answer.status_code == 404
    listing.refresh_from_db()
    poster_organisation.refresh_from_db()
    assert (listing.status, listing.title, poster_organisation.name) == before
    assert not poster_organisation.is_closed
    membership.refresh_from_db()  # still there, still the admin
    assert membership.role == MembershipRole.ADMIN


def test_a_response_is_hidden_from_other_members_and_the_404_matches_a_missing_id(
    response, outsider
):
    client = Client()
    client.force_login(outsider)

    mine = client.get(url("partnerbourse:response_detail", response.pk))
    missing = client.get(url("partnerbourse:response_detail", response.pk + 1000))

    assert mine.status_code == missing.status_code == 404
    assert response.message not in mine.content.decode()


def test_the_poster_and_the_responder_do_see_the_response(response, poster):
    for user in (poster, response.responder):
        client = Client()
        client.force_login(user)
        assert client.get(url("partnerbourse:response_detail", response.pk)).status_code == 200


def test_the_poster_does_reach_their_own_listing_and_organisation(
    listing, poster, poster_organisation
):
    # The control case: the 404s above come from ownership, not from a broken URL.
    client = Client()
    client.force_login(poster)
    assert client.get(url("partnerbourse:my_listing", listing.pk)).status_code == 200
    assert client.get(url("partnerbourse:listing_edit", listing.pk)).status_code == 200
    members = url("partnerbourse:organisation_members", poster_organisation.pk)
    assert client.get(members).status_code == 200


def test_a_plain_member_of_the_same_organisation_cannot_manage_its_members(poster_organisation):
    member = OrganisationMembershipFactory(organisation=poster_organisation).user
    admin_membership = poster_organisation.memberships.exclude(user=member).get()
    client = Client()
    client.force_login(member)

    answer = client.post(
        url("partnerbourse:member_remove", poster_organisation.pk, admin_membership.pk)
    )

    assert answer.status_code in (403, 404)
    assert poster_organisation.memberships.filter(pk=admin_membership.pk).exists()


@pytest.mark.parametrize("method", ["frequency", "delete"])
def test_saved_searches_of_others_answer_404(method, outsider):
    search = SavedSearchFactory()
    client = Client()
    client.force_login(outsider)

    answer = client.post(
        url(f"partnerbourse:saved_search_{method}", search.pk), {"frequency": "off"}
    )

    assert answer.status_code == 404
    search.refresh_from_db()
    assert search.frequency == "weekly"


def test_saved_searches_page_lists_only_ones_own(outsider):
    SavedSearchFactory(name="Somebody else's secret search")
    client = Client()
    client.force_login(outsider)

    page = client.get(url("partnerbourse:saved_searches"))

    assert "secret search" not in page.content.decode()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("courses:quiz_attempt", "get"),
        ("courses:quiz_result", "get"),
        ("courses:quiz_submit", "post"),
    ],
)
def test_quiz_attempts_of_other_learners_answer_404(name, method, attempt, other_learner):
    client = Client()
    client.force_login(other_learner)

    answer = getattr(client, method)(url(name, attempt.pk))

    assert answer.status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_the_learner_reaches_their_own_attempt(attempt, learner):
    client = Client()
    client.force_login(learner)
    assert client.get(url("courses:quiz_attempt", attempt.pk)).status_code == 200


@pytest.mark.parametrize("name", ["courses:certificate_pdf", "courses:certificate_credential"])
def test_certificate_files_of_other_learners_answer_404(name, certificate, other_learner):
    client = Client()
    client.force_login(other_learner)

    answer = client.get(url(name, certificate.code))

    assert answer.status_code == 404
    assert b"Lena Learner" not in answer.content


def test_the_dashboard_shows_only_ones_own_certificates(certificate, other_learner):
    client = Client()
    client.force_login(other_learner)

    page = client.get(url("courses:dashboard")).content.decode()

    assert certificate.code not in page


def test_progress_of_a_module_is_the_requesters_own(module, learner):
    # The progress endpoint takes a module id, never a progress id: an outsider who is not
    # enrolled gets the same 404 as for a missing module, and cannot touch the learner's row.
    outsider = UserFactory()
    client = Client()
    client.force_login(outsider)

    answer = client.post(
        url("courses:progress", module.pk),
        data='{"intervals": [[0, 30]], "position": 30}',
        content_type="application/json",
    )

    assert answer.status_code in (403, 404)
    assert not ModuleProgress.objects.filter(user=outsider).exists()


TESTED_HERE = {
    "partnerbourse.views.member.my_listing",
    "partnerbourse.views.member.listing_edit",
    "partnerbourse.views.member.listing_extend",
    "partnerbourse.views.member.listing_action",
    "partnerbourse.views.member.organisation_edit",
    "partnerbourse.views.member.organisation_members",
    "partnerbourse.views.member.member_remove",
    "partnerbourse.views.member.member_role",
    "partnerbourse.views.member.organisation_close",
    "partnerbourse.views.member.listing_create",
    "partnerbourse.views.responses.response_detail",
    "partnerbourse.views.responses.response_reply",
    "partnerbourse.views.responses.response_shortlist",
    "partnerbourse.views.responses.response_decline",
    "partnerbourse.views.responses.response_reveal",
    "partnerbourse.views.saved_searches.saved_search_frequency",
    "partnerbourse.views.saved_searches.saved_search_delete",
    "courses.views.quizzes.quiz_attempt",
    "courses.views.quizzes.quiz_result",
    "courses.views.quizzes.quiz_submit",
    "courses.views.certificates.certificate_pdf",
    "courses.views.certificates.certificate_credential",
}


def test_every_public_endpoint_taking_an_id_is_tested_or_justified():
    # /admin/ views are behind Wagtail's own permission checks and are not "reachable by id"
    # for site users; everything else with a parameter in its path must be accounted for.
    with_ids = {
        view
        for path, view in ENDPOINTS
        if not path.startswith("/admin/") and "/1" in path.removeprefix("/en")
    }
    unaccounted = with_ids - TESTED_HERE - set(PUBLIC_BY_ID)
    assert not unaccounted, f"Test these for access by other users, or justify them: {unaccounted}"
