"""Express interest and the thread between poster and respondent: who may do what, rate limit,
honeypot, nothing lost on errors, shortlist, decline, reveal."""

from django.core import mail
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import (
    ListingResponseFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import ListingResponse, ListingStatus, ResponseMessage, ResponseStatus
from partnerbourse.views.responses import RESPOND_RATE

from .responding_helpers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db


def respond_url(listing):
    return reverse("partnerbourse:express_interest", kwargs={"pk": listing.pk})


def test_express_interest_stores_the_response_and_tells_the_poster(
    client,
    board_site,
    listing,
    responder,
    responder_organisation,
    django_capture_on_commit_callbacks,
):
    client.force_login(responder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            respond_url(listing),
            {
                "message": "We hold the textile archive you need.",
                "organisation": responder_organisation.pk,
            },
        )

    stored = ListingResponse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "partnerbourse:response_detail", kwargs={"pk": stored.pk}
    )
    assert stored.responder == responder
    assert stored.responder_organisation == responder_organisation
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["poster-secret@museum.example"]


def test_listing_page_offers_express_interest_and_report(client, board_site, listing, responder):
    client.force_login(responder)
    page = client.get(listing.get_absolute_url()).content.decode()
    assert respond_url(listing) in page
    assert reverse("partnerbourse:listing_report", kwargs={"pk": listing.pk}) in page


def test_members_of_the_owning_organisation_cannot_respond(client, board_site, listing, poster):
    client.force_login(poster)
    assert client.get(respond_url(listing)).status_code == 404
    assert client.post(respond_url(listing), {"message": "Hi"}).status_code == 404
    assert not ListingResponse.objects.exists()


def test_cannot_respond_for_someone_elses_organisation(
    client, board_site, listing, responder, django_capture_on_commit_callbacks
):
    other = OrganisationMembershipFactory().organisation
    client.force_login(responder)
    response = client.post(respond_url(listing), {"message": "Hello", "organisation": other.pk})
    assert response.status_code == 400
    assert not ListingResponse.objects.exists()


def test_user_without_organisation_responds_in_own_name(client, board_site, listing):
    loner = UserFactory()
    client.force_login(loner)
    page = client.get(respond_url(listing))
    assert 'name="organisation"' not in page.content.decode()
    client.post(respond_url(listing), {"message": "I mentor young curators."})
    stored = ListingResponse.objects.get()
    assert stored.responder == loner and stored.responder_organisation is None


def test_anonymous_visitors_are_sent_to_log_in(client, board_site, listing):
    response = client.post(respond_url(listing), {"message": "Hi"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not ListingResponse.objects.exists()


def test_closed_listings_take_no_responses(client, board_site, listing, responder):
    listing.status = ListingStatus.FILLED
    listing.save()
    client.force_login(responder)
    response = client.post(respond_url(listing), {"message": "Hi", "organisation": 1})
    assert response.status_code in (400, 404)
    assert not ListingResponse.objects.exists()


def test_second_response_goes_to_the_existing_thread(client, board_site, listing, responder):
    existing = ListingResponseFactory(listing=listing, responder=responder)
    client.force_login(responder)
    response = client.post(respond_url(listing), {"message": "Again"})
    assert response["Location"] == reverse(
        "partnerbourse:response_detail", kwargs={"pk": existing.pk}
    )
    assert ListingResponse.objects.count() == 1


def test_invalid_form_keeps_what_was_typed(client, board_site, listing, responder):
    client.force_login(responder)
    response = client.post(respond_url(listing), {"message": "", "organisation": ""})
    assert response.status_code == 400
    response = client.post(respond_url(listing), {"message": "My long text", "organisation": ""})
    assert response.status_code == 400
    assert "My long text" in response.content.decode()


def test_honeypot_gets_a_normal_answer_and_sends_nothing(
    client,
    board_site,
    listing,
    responder,
    responder_organisation,
    django_capture_on_commit_callbacks,
):
    client.force_login(responder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            respond_url(listing),
            {
                "message": "Buy now",
                "organisation": responder_organisation.pk,
                "website": "spam.example",
            },
        )
    assert response.status_code == 302
    assert not ListingResponse.objects.exists()
    assert mail.outbox == []


def test_rate_limit_refuses_with_a_message_and_keeps_the_text(
    client, board_site, responder, responder_organisation
):
    from partnerbourse.factories import ListingFactory

    limit = int(RESPOND_RATE.split("/")[0])
    client.force_login(responder)
    listings = [ListingFactory() for _ in range(limit + 1)]
    for listing in listings[:limit]:
        response = client.post(
            respond_url(listing), {"message": "Hello", "organisation": responder_organisation.pk}
        )
        assert response.status_code == 302
    response = client.post(
        respond_url(listings[-1]),
        {"message": "One too many", "organisation": responder_organisation.pk},
    )
    assert response.status_code == 429
    assert "One too many" in response.content.decode()
    assert ListingResponse.objects.count() == limit


# The thread -------------------------------------------------------------------------------


@pytest.fixture
def thread(listing, responder, responder_organisation):
    return ListingResponseFactory(
        listing=listing, responder=responder, responder_organisation=responder_organisation
    )


def detail_url(response, name="response_detail"):
    return reverse(f"partnerbourse:{name}", kwargs={"pk": response.pk})


def test_only_the_two_parties_reach_a_response(client, board_site, thread, poster, responder):
    colleague = OrganisationMembershipFactory(organisation=thread.listing.organisation).user
    for party in (poster, responder, colleague):
        client.force_login(party)
        assert client.get(detail_url(thread)).status_code == 200
    stranger = OrganisationMembershipFactory().user
    client.force_login(stranger)
    for name in ("response_detail",):
        assert client.get(detail_url(thread, name)).status_code == 404
    for name in ("response_reply", "response_shortlist", "response_decline", "response_reveal"):
        assert client.post(detail_url(thread, name), {"body": "x"}).status_code == 404
    thread.refresh_from_db()
    assert thread.status == ResponseStatus.NEW and thread.contact_revealed_at is None
    assert not ResponseMessage.objects.exists()


def test_dashboard_lists_received_and_sent(
    client, board_site, thread, poster, responder, django_assert_num_queries
):
    client.force_login(poster)
    page = client.get(reverse("partnerbourse:responses_dashboard")).content.decode()
    assert "Rob Responder" in page and "Responding Archive" in page
    client.force_login(responder)
    page = client.get(reverse("partnerbourse:responses_dashboard")).content.decode()
    assert thread.listing.title in page


def test_dashboard_queries_do_not_grow_with_responses(
    client, board_site, listing, poster, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("partnerbourse:responses_dashboard"))
        return len(queries)

    client.force_login(poster)
    for _ in range(2):
        ListingResponseFactory(listing=listing)
    few = count()
    for _ in range(8):
        ListingResponseFactory(listing=listing)
    assert count() == few


def test_reply_shortlist_and_decline(
    client, board_site, thread, poster, responder, django_capture_on_commit_callbacks
):
    client.force_login(poster)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(thread, "response_reply"), {"body": "Tell us more."})
    assert mail.outbox[-1].to == ["responder-secret@archive.example"]
    client.post(detail_url(thread, "response_shortlist"))
    thread.refresh_from_db()
    assert thread.status == ResponseStatus.SHORTLISTED

    client.force_login(responder)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(thread, "response_reply"), {"body": "Here is more."})
    assert mail.outbox[-1].to == ["poster-secret@museum.example"]
    # The respondent cannot decide for the poster.
    assert client.post(detail_url(thread, "response_shortlist")).status_code == 403

    client.force_login(poster)
    page = client.get(detail_url(thread)).content.decode()
    assert "Thank you for your interest" in page  # the polite default text, editable
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(thread, "response_decline"), {"body": "Not this time, thanks."})
    thread.refresh_from_db()
    assert thread.status == ResponseStatus.DECLINED
    assert "Not this time, thanks." in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["responder-secret@archive.example"]
    assert [m.from_poster for m in thread.messages.all()] == [True, False, True]


def test_reveal_shows_contact_details_only_to_the_chosen_respondent(
    client, board_site, thread, listing, poster, responder, responder_organisation
):
    other_respondent = OrganisationMembershipFactory().user
    other_thread = ListingResponseFactory(listing=listing, responder=other_respondent)

    client.force_login(responder)
    assert "poster-secret@museum.example" not in client.get(detail_url(thread)).content.decode()

    client.force_login(poster)
    client.post(detail_url(thread, "response_reveal"))

    client.force_login(responder)
    page = client.get(detail_url(thread)).content.decode()
    assert "poster-secret@museum.example" in page and "Pia Poster" in page
    client.force_login(other_respondent)
    assert (
        "poster-secret@museum.example" not in client.get(detail_url(other_thread)).content.decode()
    )
    # and never on public pages
    client.logout()
    assert (
        "poster-secret@museum.example"
        not in client.get(listing.get_absolute_url()).content.decode()
    )


def test_respondent_cannot_reveal_for_themselves(client, board_site, thread, responder):
    client.force_login(responder)
    assert client.post(detail_url(thread, "response_reveal")).status_code == 403
    thread.refresh_from_db()
    assert thread.contact_revealed_at is None
