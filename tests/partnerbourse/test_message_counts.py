"""The responses inbox counts every message of a thread: the respondent's first one (kept on the
response) and each reply after it, in a constant number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from partnerbourse.services import responses as response_services

from .responding_helpers import *  # noqa: F403  (fixtures)

DASHBOARD = "partnerbourse:responses_dashboard"


def _respond(listing, user, organisation=None):
    return response_services.response_create(
        listing=listing,
        user=user,
        message="We would like to join.",
        organisation_id=organisation.pk if organisation else None,
    )


def _counts(client, key):
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200
    return [row.message_count for row in response.context[key]], response.content.decode()


@pytest.mark.django_db
def test_a_new_response_counts_its_first_message(
    client, board_site, listing, poster, responder, responder_organisation
):
    _respond(listing, responder, responder_organisation)

    client.force_login(poster)
    counts, page = _counts(client, "received")

    assert counts == [1]
    assert "<td>1</td>" in page.replace(" ", "")


@pytest.mark.django_db
def test_a_reply_adds_one(client, board_site, listing, poster, responder, responder_organisation):
    response = _respond(listing, responder, responder_organisation)
    response_services.response_message_send(response=response, user=poster, body="Welcome!")

    client.force_login(poster)
    counts, _page = _counts(client, "received")
    assert counts == [2]

    client.force_login(responder)
    sent, _page = _counts(client, "sent")
    assert sent == [2]


@pytest.mark.django_db
def test_the_inbox_queries_do_not_grow_with_responses(client, board_site, listing, poster):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(DASHBOARD))
        return len(queries)

    def add(n):
        for _ in range(n):
            response = _respond(listing, UserFactory())
            response_services.response_message_send(response=response, user=poster, body="Hi")

    client.force_login(poster)
    add(2)
    few = count()
    add(6)
    assert count() == few
