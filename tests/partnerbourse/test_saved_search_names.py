"""Saved searches people recognise: named after their filters when left unnamed, summarised in
the list, deleted only after a confirmation and only by their owner."""

from django.urls import reverse
from django.utils import translation

import pytest

from cms.core.models import Theme
from partnerbourse.factories import SavedSearchFactory
from partnerbourse.models import SavedSearch
from partnerbourse.selectors.saved_searches import saved_search_summary

from .responding_helpers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_search_saved_without_a_name_is_named_after_its_filters(client, board_site, user):
    theme = Theme.objects.create(name="Digitisation", locale=board_site.locale)
    client.force_login(user)
    client.post(
        reverse("partnerbourse:saved_search_create"),
        {
            "q": "glass plates",
            "kind": "partner_offer",
            "country": "DE",
            "theme": theme.pk,
            "name": "  ",
            "frequency": "weekly",
        },
    )
    search = SavedSearch.objects.get(user=user)
    assert search.name == "“glass plates” · Partner offer · Germany · Digitisation"


def test_the_summary_is_in_the_readers_language():
    query = {"country": "CH", "language": "de", "closing_to": "2030-01-31"}
    with translation.override("de"):
        summary = saved_search_summary(query, themes={})
    assert summary.startswith("Schweiz · Deutsch · ")
    assert "31.01.2030" in summary
    with translation.override("en"):
        assert saved_search_summary(query, themes={}).startswith("Switzerland · German · ")
        assert saved_search_summary({}, themes={}) == "All listings"


def test_the_list_shows_each_search_with_its_filters_and_frequency(client, board_site, user):
    SavedSearchFactory(user=user, name="", query={"country": "AT", "programme": "erasmus_plus"})
    SavedSearchFactory(user=user, name="Baltic partners", query={"country": "LV"})
    client.force_login(user)
    html = client.get(reverse("partnerbourse:saved_searches")).content.decode()
    # An old search saved without a name shows its filters instead of "Saved search".
    assert "<bdi>Erasmus+ · Austria</bdi>" in html
    assert "Filters: Latvia" in html
    assert "E-mail digest: Weekly" in html
    assert 'name="s' in html and "-frequency" in html
    assert "button--danger" not in html


def test_delete_asks_first_then_deletes(client, board_site, user):
    search = SavedSearchFactory(user=user, name="Baltic partners", query={"country": "LV"})
    url = reverse("partnerbourse:saved_search_delete", kwargs={"pk": search.pk})
    client.force_login(user)
    list_html = client.get(reverse("partnerbourse:saved_searches")).content.decode()
    assert f'href="{url}"' in list_html

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Delete saved search <bdi>Baltic partners</bdi>?" in html
    assert f'href="{reverse("partnerbourse:saved_searches")}"' in html
    assert SavedSearch.objects.filter(pk=search.pk).exists()

    response = client.post(url)
    assert response.status_code == 302
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


def test_only_the_owner_can_see_or_confirm_the_deletion(client, board_site, user):
    search = SavedSearchFactory(name="Someone else's search")
    url = reverse("partnerbourse:saved_search_delete", kwargs={"pk": search.pk})
    client.force_login(user)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).exists()
