"""Saved searches: saving the board's filters, managing them, unsubscribing with a signed token."""

from django.core import signing
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import SavedSearchFactory
from partnerbourse.models import SavedSearch
from partnerbourse.services.saved_searches import UNSUBSCRIBE_SALT, unsubscribe_token

from .responding_helpers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db


def test_board_offers_saving_the_current_filters(client, board_site, user):
    client.force_login(user)
    page = client.get(reverse("partnerbourse:board") + "?programme=erasmus_plus&country=DK")
    html = page.content.decode()
    assert reverse("partnerbourse:saved_search_create") in html
    assert 'name="programme" value="erasmus_plus"' in html


def test_saving_keeps_only_valid_filters(client, board_site, user):
    client.force_login(user)
    response = client.post(
        reverse("partnerbourse:saved_search_create"),
        {
            "programme": "erasmus_plus",
            "country": "DK",
            "kind": "not-a-kind",
            "closing_to": "2030-01-31",
            "page": "3",
            "evil": "x",
            "name": "Erasmus\r\nBcc: x@y",
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get(user=user)
    assert search.query == {
        "programme": "erasmus_plus",
        "country": "DK",
        "closing_to": "2030-01-31",
    }
    assert search.frequency == "daily"
    assert "\n" not in search.name
    assert search.language == "en"


def test_list_change_frequency_and_delete(client, board_site, user):
    search = SavedSearchFactory(user=user, name="Baltic partners")
    client.force_login(user)
    assert "Baltic partners" in client.get(reverse("partnerbourse:saved_searches")).content.decode()
    client.post(
        reverse("partnerbourse:saved_search_frequency", kwargs={"pk": search.pk}),
        {f"s{search.pk}-frequency": "daily"},
    )
    search.refresh_from_db()
    assert search.frequency == "daily"
    client.post(reverse("partnerbourse:saved_search_delete", kwargs={"pk": search.pk}))
    assert not SavedSearch.objects.exists()


def test_other_users_saved_searches_answer_404(client, board_site, user):
    search = SavedSearchFactory()
    client.force_login(user)
    for name in ("saved_search_frequency", "saved_search_delete"):
        url = reverse(f"partnerbourse:{name}", kwargs={"pk": search.pk})
        assert client.post(url, {f"s{search.pk}-frequency": "daily"}).status_code == 404
    search.refresh_from_db()
    assert search.frequency == "weekly"


def test_unsubscribe_with_a_valid_token_confirms_then_stops(client, board_site):
    search = SavedSearchFactory()
    url = reverse(
        "partnerbourse:saved_search_unsubscribe", kwargs={"token": unsubscribe_token(search)}
    )
    page = client.get(url)
    assert page.status_code == 200
    search.refresh_from_db()
    assert search.unsubscribed_at is None  # GET changes nothing (link scanners)
    client.post(url)
    search.refresh_from_db()
    assert search.unsubscribed_at is not None


def test_one_click_unsubscribe_without_csrf_token(board_site):
    from django.test import Client

    search = SavedSearchFactory()
    url = reverse(
        "partnerbourse:saved_search_unsubscribe_one_click",
        kwargs={"token": unsubscribe_token(search)},
    )
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    search.refresh_from_db()
    assert search.unsubscribed_at is not None


def test_tampered_token_is_refused(client, board_site):
    search = SavedSearchFactory()
    token = unsubscribe_token(search)
    tampered = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    for name in ("saved_search_unsubscribe", "saved_search_unsubscribe_one_click"):
        assert (
            client.post(reverse(f"partnerbourse:{name}", kwargs={"token": tampered})).status_code
            == 404
        )
    # a genuine signature with another salt (e.g. another feature's token) does not work either
    other = signing.dumps({"s": search.pk, "u": search.user_id}, salt="something-else")
    assert (
        client.post(
            reverse("partnerbourse:saved_search_unsubscribe", kwargs={"token": other})
        ).status_code
        == 404
    )
    search.refresh_from_db()
    assert search.unsubscribed_at is None


def test_token_only_stops_its_own_search_and_owner(client, board_site):
    mine = SavedSearchFactory()
    theirs = SavedSearchFactory(user=UserFactory())
    # A token naming another user's search with my user id is refused (needs the server key
    # to make, so we sign it here the way a leaked key would).
    forged = signing.dumps({"s": theirs.pk, "u": mine.user_id}, salt=UNSUBSCRIBE_SALT)
    assert (
        client.post(
            reverse("partnerbourse:saved_search_unsubscribe", kwargs={"token": forged})
        ).status_code
        == 404
    )
    client.post(
        reverse("partnerbourse:saved_search_unsubscribe", kwargs={"token": unsubscribe_token(mine)})
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.unsubscribed_at is not None
    assert theirs.unsubscribed_at is None


def test_anonymous_cannot_save(client, board_site):
    response = client.post(reverse("partnerbourse:saved_search_create"), {"frequency": "daily"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not SavedSearch.objects.exists()
