"""Each listing and response action is offered, and allowed by its service, in exactly the
states where it applies; elsewhere the service refuses it and the view answers with a message."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from partnerbourse.factories import ListingFactory, ListingResponseFactory
from partnerbourse.models import ListingStatus, ResponseStatus
from partnerbourse.services import listings as listing_services
from partnerbourse.services import responses as response_services

from .responding_helpers import *  # noqa: F403  (fixtures)

LISTING_ACTIONS = ("edit", "submit", "pause", "resume", "fill", "extend", "withdraw")
# Stated here rather than read from ``rules``, so a change of the rule shows up as a test change.
LISTING_ALLOWED = {
    ListingStatus.DRAFT: {"edit", "submit", "withdraw"},
    ListingStatus.PENDING: {"edit", "withdraw"},
    ListingStatus.PUBLISHED: {"edit", "pause", "fill", "extend", "withdraw"},
    ListingStatus.PAUSED: {"edit", "resume", "fill", "extend", "withdraw"},
    ListingStatus.EXPIRED: {"extend"},
    ListingStatus.FILLED: set(),
    ListingStatus.WITHDRAWN: set(),
}


def _listing_service_call(action, listing, user):
    if action == "edit":
        return listing_services.listing_update(listing=listing, user=user, title="A new title")
    if action == "extend":
        return listing_services.listing_extend(
            listing=listing,
            user=user,
            closing_date=listing.closing_date + datetime.timedelta(days=10),
        )
    service = {
        "submit": listing_services.listing_submit,
        "pause": listing_services.listing_pause,
        "resume": listing_services.listing_resume,
        "fill": listing_services.listing_mark_filled,
        "withdraw": listing_services.listing_withdraw,
    }[action]
    return service(listing=listing, user=user)


def _offered(page: str) -> set[str]:
    return set(re.findall(r'data-action="(\w+)"', page))


@pytest.mark.django_db
@pytest.mark.parametrize("action", LISTING_ACTIONS)
@pytest.mark.parametrize("status", list(LISTING_ALLOWED))
def test_listing_services_follow_the_rule(member, organisation, status, action):
    listing = ListingFactory(organisation=organisation, status=status)

    if action in LISTING_ALLOWED[status]:
        _listing_service_call(action, listing, member)
    else:
        with pytest.raises(ValidationError):
            _listing_service_call(action, listing, member)
        listing.refresh_from_db()
        assert listing.status == status
        assert not listing.status_changes.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(LISTING_ALLOWED))
def test_the_manage_page_offers_exactly_the_allowed_actions(
    client, board_site, member, organisation, status
):
    listing = ListingFactory(organisation=organisation, status=status)
    client.force_login(member)

    page = client.get(reverse("partnerbourse:my_listing", kwargs={"pk": listing.pk}))

    assert page.status_code == 200
    assert _offered(page.content.decode()) == LISTING_ALLOWED[status]


@pytest.mark.django_db
def test_a_pending_listing_offers_no_extend(client, board_site, member, organisation):
    listing = ListingFactory(organisation=organisation, status=ListingStatus.PENDING)
    client.force_login(member)

    page = client.get(reverse("partnerbourse:my_listing", kwargs={"pk": listing.pk}))

    assert "Extend" not in page.content.decode()


@pytest.mark.django_db
def test_a_paused_listing_past_its_closing_day_is_extended_not_resumed(
    client, board_site, member, organisation
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    listing = ListingFactory(
        organisation=organisation, status=ListingStatus.PAUSED, closing_date=yesterday
    )
    client.force_login(member)

    page = client.get(reverse("partnerbourse:my_listing", kwargs={"pk": listing.pk}))

    assert _offered(page.content.decode()) == {"edit", "fill", "extend", "withdraw"}
    with pytest.raises(ValidationError):
        listing_services.listing_resume(listing=listing, user=member)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "action"),
    [
        (status, action)
        for status, allowed in LISTING_ALLOWED.items()
        for action in ("submit", "pause", "resume", "fill", "withdraw")
        if action not in allowed
    ],
)
def test_a_refused_listing_action_is_a_message_not_an_error(
    client, board_site, member, organisation, status, action
):
    listing = ListingFactory(organisation=organisation, status=status)
    client.force_login(member)

    url = reverse("partnerbourse:listing_action", kwargs={"pk": listing.pk, "action": action})
    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    listing.refresh_from_db()
    assert listing.status == status


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ListingStatus.PENDING, ListingStatus.FILLED])
def test_a_refused_extension_is_a_message(client, board_site, member, organisation, status):
    listing = ListingFactory(organisation=organisation, status=status)
    client.force_login(member)
    new_date = listing.closing_date + datetime.timedelta(days=10)

    response = client.post(
        reverse("partnerbourse:listing_extend", kwargs={"pk": listing.pk}),
        {"closing_date": new_date.isoformat()},
        follow=True,
    )

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "present status" in response.content.decode()
    listing.refresh_from_db()
    assert listing.closing_date != new_date


# Responses ---------------------------------------------------------------------------------

RESPONSE_ACTIONS = ("reply", "shortlist", "decline", "reveal")
# (status, contact revealed, respondent's account exists) -> what the poster's side may do.
POSTER_ALLOWED = {
    (ResponseStatus.NEW, False, True): {"reply", "shortlist", "decline", "reveal"},
    (ResponseStatus.NEW, True, True): {"reply", "shortlist", "decline"},
    (ResponseStatus.SHORTLISTED, False, True): {"reply", "decline", "reveal"},
    (ResponseStatus.SHORTLISTED, True, True): {"reply", "decline"},
    (ResponseStatus.DECLINED, False, True): set(),
    (ResponseStatus.DECLINED, True, True): set(),
    (ResponseStatus.NEW, False, False): {"shortlist"},
    (ResponseStatus.SHORTLISTED, False, False): set(),
}
RESPONDER_ALLOWED = {
    ResponseStatus.NEW: {"reply"},
    ResponseStatus.SHORTLISTED: {"reply"},
    ResponseStatus.DECLINED: set(),
}


def _response(listing, responder, *, status, revealed=False, with_respondent=True):
    return ListingResponseFactory(
        listing=listing,
        responder=responder if with_respondent else None,
        status=status,
        contact_revealed_at=timezone.now() if revealed else None,
    )


def _response_service_call(action, response, user):
    if action == "reply":
        return response_services.response_message_send(response=response, user=user, body="Hi")
    if action == "decline":
        return response_services.response_decline(response=response, user=user, body="No.")
    service = {
        "shortlist": response_services.response_shortlist,
        "reveal": response_services.response_contact_reveal,
    }[action]
    return service(response=response, user=user)


def _response_forms(page: str) -> set[str]:
    return set(re.findall(r'action="[^"]*/my/responses/\d+/(\w+)/"', page))


@pytest.mark.django_db
@pytest.mark.parametrize("action", RESPONSE_ACTIONS)
@pytest.mark.parametrize("state", list(POSTER_ALLOWED))
def test_poster_response_services_follow_the_rule(listing, poster, responder, state, action):
    status, revealed, with_respondent = state
    response = _response(
        listing, responder, status=status, revealed=revealed, with_respondent=with_respondent
    )

    if action in POSTER_ALLOWED[state]:
        _response_service_call(action, response, poster)
    else:
        with pytest.raises(ValidationError):
            _response_service_call(action, response, poster)
        response.refresh_from_db()
        assert response.status == status
        assert (response.contact_revealed_at is not None) == revealed
        assert not response.messages.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", RESPONSE_ACTIONS)
@pytest.mark.parametrize("status", list(RESPONDER_ALLOWED))
def test_responder_services_follow_the_rule(listing, responder, status, action):
    response = _response(listing, responder, status=status)

    if action in RESPONDER_ALLOWED[status]:
        _response_service_call(action, response, responder)
    else:
        with pytest.raises((ValidationError, PermissionDenied)):
            _response_service_call(action, response, responder)
        assert not response.messages.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(POSTER_ALLOWED))
def test_the_response_page_offers_the_poster_exactly_the_allowed_actions(
    client, board_site, listing, poster, responder, state
):
    status, revealed, with_respondent = state
    response = _response(
        listing, responder, status=status, revealed=revealed, with_respondent=with_respondent
    )
    client.force_login(poster)

    page = client.get(reverse("partnerbourse:response_detail", kwargs={"pk": response.pk}))

    assert page.status_code == 200
    assert _response_forms(page.content.decode()) == POSTER_ALLOWED[state]


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(RESPONDER_ALLOWED))
def test_the_response_page_offers_the_respondent_exactly_the_allowed_actions(
    client, board_site, listing, responder, status
):
    response = _response(listing, responder, status=status)
    client.force_login(responder)

    page = client.get(reverse("partnerbourse:response_detail", kwargs={"pk": response.pk}))

    assert page.status_code == 200
    assert _response_forms(page.content.decode()) == RESPONDER_ALLOWED[status]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "data", "expected_status"),
    [
        ("response_shortlist", {}, 200),
        ("response_reveal", {}, 200),
        ("response_decline", {"body": "No."}, 400),
        ("response_reply", {"body": "Hello?"}, 400),
    ],
)
def test_a_refused_response_action_is_a_message_not_an_error(
    client, board_site, listing, poster, responder, action, data, expected_status
):
    response = _response(listing, responder, status=ResponseStatus.DECLINED)
    client.force_login(poster)

    answer = client.post(
        reverse(f"partnerbourse:{action}", kwargs={"pk": response.pk}), data, follow=True
    )

    assert answer.status_code == expected_status
    assert "the conversation is closed" in answer.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.DECLINED
    assert response.contact_revealed_at is None
    assert not response.messages.exists()
