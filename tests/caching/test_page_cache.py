"""The anonymous page cache: what is served from it, what never is, and what purges it."""

import re
from urllib.parse import unquote

from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import reverse

from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

import pytest

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.pagecache import store
from cms.standardpages.factories import StandardPageFactory
from cms.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def page_without_nonce(response) -> bytes:
    """The page as stored: each hit carries a script nonce of its own."""
    return response.content.replace(nonce(response).encode(), b"")


@pytest.fixture
def index(home_page):
    return FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")


@pytest.fixture
def factsheet(index):
    return FactsheetPageFactory(parent=index, title="Accessible labels", slug="labels")


def test_a_second_anonymous_view_is_served_from_the_cache_without_queries(
    client, page_cache, factsheet, django_assert_num_queries
):
    first = client.get(factsheet.url)
    assert first.status_code == 200
    assert cache_state(first) == "miss"

    with django_assert_num_queries(0):
        second = Client().get(factsheet.url)

    assert cache_state(second) == "hit"
    # The same page and headers (added by later middleware), with a script nonce of its own.
    first_nonce, second_nonce = nonce(first), nonce(second)
    assert first_nonce != second_nonce
    assert page_without_nonce(second) == page_without_nonce(first)
    assert f'nonce="{second_nonce}"'.encode() in second.content
    assert second["X-Frame-Options"] == "DENY"
    policy = second["Content-Security-Policy"]
    assert policy.replace(second_nonce, first_nonce) == first["Content-Security-Policy"]


def test_publishing_a_page_purges_it_and_its_section_index(
    client, page_cache, publish, index, factsheet
):
    assert "Accessible labels" in client.get(factsheet.url).content.decode()
    assert "Accessible labels" in client.get(index.url).content.decode()
    assert "Accessible labels" in client.get(f"{index.url}feed/").content.decode()
    assert cache_state(client.get(index.url)) == "hit"

    factsheet.title = "Labels everyone can read"
    publish(factsheet)

    for url in (factsheet.url, index.url, f"{index.url}feed/"):
        response = client.get(url)
        assert cache_state(response) == "miss", url
        assert "Labels everyone can read" in response.content.decode(), url
        assert "Accessible labels" not in response.content.decode(), url


def test_a_new_page_appears_in_the_cached_index_and_its_other_pages(
    client, page_cache, publish, index, factsheet
):
    client.get(index.url)
    client.get(f"{index.url}?sort=title")
    assert cache_state(client.get(f"{index.url}?sort=title")) == "hit"

    newcomer = FactsheetPageFactory(parent=index, title="Object photography", live=False)
    publish(newcomer)

    for url in (index.url, f"{index.url}?sort=title"):
        assert "Object photography" in client.get(url).content.decode(), url


def test_unpublishing_removes_the_page_and_its_card(
    client, page_cache, unpublish, index, factsheet
):
    url = factsheet.url
    client.get(url)
    client.get(index.url)

    unpublish(factsheet)

    assert client.get(url).status_code == 404
    assert "Accessible labels" not in client.get(index.url).content.decode()


def test_pages_that_choose_a_page_are_purged_with_it(
    client, page_cache, publish, home_page, index, factsheet
):
    """Related items of another page and featured items of the home page show its title."""
    related = FactsheetPageFactory(
        parent=index, title="Building works", related_pages=[("page", factsheet)]
    )
    publish(related)
    home_page.body = [("featured_items", {"heading": "Start here", "pages": [factsheet]})]
    publish(home_page)
    for url in (related.url, home_page.url):
        assert "Accessible labels" in client.get(url).content.decode()
        assert cache_state(client.get(url)) == "hit"

    factsheet.title = "Labels everyone can read"
    publish(factsheet)

    for url in (related.url, home_page.url):
        assert "Labels everyone can read" in client.get(url).content.decode(), url


def test_a_logged_in_visitor_never_gets_the_anonymous_copy(client, page_cache, factsheet, user):
    Client().get(factsheet.url)
    assert cache_state(Client().get(factsheet.url)) == "hit"

    client.force_login(user)
    response = client.get(factsheet.url)

    assert cache_state(response) is None
    assert user.public_name in response.content.decode()
    # And what they were shown is never handed to anyone else.
    anonymous = Client().get(factsheet.url)
    assert user.public_name not in anonymous.content.decode()


def test_a_page_with_a_form_is_never_cached_and_carries_each_visitors_token(page_cache, home_page):
    index = BestPracticeIndexPageFactory(parent=home_page, slug="practices")
    practice = BestPracticePageFactory(
        parent=index, slug="labels", contact_name="Ann", contact_email="ann@museum.example"
    )
    tokens = []
    for _visitor in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(practice.url)
        assert cache_state(response) is None
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
        tokens.append(visitor.cookies["csrftoken"].value)
    assert tokens[0] != tokens[1]


def test_a_visitor_with_a_message_waiting_is_not_served_the_cache(client, page_cache, factsheet):
    client.get(factsheet.url)
    visitor = Client()
    visitor.cookies[CookieStorage.cookie_name] = "pending"
    assert cache_state(visitor.get(factsheet.url)) is None


def test_posts_and_other_views_are_never_cached(client, page_cache, factsheet):
    client.get(factsheet.url)
    assert cache_state(client.post(factsheet.url)) is None
    for _attempt in range(2):
        search = client.get("/en/search/", {"q": "labels"})
        assert cache_state(search) is None
        robots = client.get("/robots.txt")
        assert cache_state(robots) is None


def test_each_query_string_is_its_own_entry(client, page_cache, index, factsheet):
    FactsheetPageFactory(parent=index, title="Object photography")
    by_title = client.get(index.url, {"sort": "title"})
    newest = client.get(index.url, {"sort": "oldest"})
    assert cache_state(client.get(index.url, {"sort": "title"})) == "hit"
    by_title_again = client.get(index.url, {"sort": "title"})
    newest_again = client.get(index.url, {"sort": "oldest"})
    assert page_without_nonce(by_title_again) == page_without_nonce(by_title)
    assert page_without_nonce(newest_again) == page_without_nonce(newest)
    assert page_without_nonce(by_title) != page_without_nonce(newest)


def test_a_wagtail_purge_reaches_every_host_name(client, page_cache, factsheet):
    """The Site's host name in Wagtail's URLs (localhost) need not be the one visitors use."""
    visitor = Client(HTTP_HOST="127.0.0.1")
    visitor.get(factsheet.url)
    assert cache_state(visitor.get(factsheet.url)) == "hit"

    purge_url_from_cache(factsheet.full_url)

    assert cache_state(visitor.get(factsheet.url)) == "miss"


def test_a_render_that_straddles_a_purge_is_never_served(client, page_cache, factsheet):
    """A page rendered before a purge and stored after it must not come back."""
    client.get(factsheet.url)  # the tokens exist
    keys = (
        store.path_key(factsheet.url),
        store.variant_key(scheme="http", host="testserver", path=factsheet.url, query=""),
    )
    store.page_cache().delete(keys[1])
    _missing, generation, token = store.lookup(keys)  # a render starts
    stale = client.get(factsheet.url)
    store.purge_paths([factsheet.url])  # an editor publishes meanwhile
    store.save(keys, stale, generation=generation, token=token)  # the render ends

    assert store.lookup(keys)[0] is None
    assert cache_state(client.get(factsheet.url)) == "miss"


def test_publishing_a_menu_page_purges_every_page(client, page_cache, publish, index, factsheet):
    about = StandardPageFactory(parent=index.get_parent(), title="About", show_in_menus=True)
    publish(about)
    client.get(factsheet.url)

    about.title = "About the hub"
    publish(about)

    response = client.get(factsheet.url)
    assert cache_state(response) == "miss"
    assert "About the hub" in response.content.decode()


def test_off_when_page_cache_seconds_is_zero(client, settings, factsheet):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(factsheet.url)
    assert cache_state(client.get(factsheet.url)) is None


def test_making_a_page_private_purges_it_at_once(
    client, page_cache, django_capture_on_commit_callbacks, factsheet
):
    from wagtail.models import PageViewRestriction

    client.get(factsheet.url)
    assert cache_state(client.get(factsheet.url)) == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=factsheet, restriction_type=PageViewRestriction.LOGIN
        )

    assert client.get(factsheet.url).status_code == 302


def test_making_a_page_private_in_the_admin_privacy_dialog_purges_it(
    page_cache, django_capture_on_commit_callbacks, factsheet
):
    """As editors do it (Wagtail's privacy view): anonymous visitors then get the login
    redirect, never the copy cached while the page was public."""
    anonymous = Client()
    anonymous.get(factsheet.url)
    assert cache_state(anonymous.get(factsheet.url)) == "hit"
    editor = Client()
    editor.force_login(UserFactory(superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse("wagtailadmin_pages:set_privacy", args=[factsheet.pk]),
            {"restriction_type": "login"},
        )

    assert response.json() == {"step": "set_privacy_done", "is_public": False}
    for _ in range(2):
        restricted = anonymous.get(factsheet.url)
        assert restricted.status_code == 302
        assert cache_state(restricted) is None
        assert f"next={factsheet.url}" in unquote(restricted["Location"])


def test_deleting_a_page_purges_it_at_once(
    client, page_cache, django_capture_on_commit_callbacks, index, factsheet
):
    url = factsheet.url
    client.get(url)
    client.get(index.url)

    with django_capture_on_commit_callbacks(execute=True):
        factsheet.delete()

    assert client.get(url).status_code == 404
    assert "Accessible labels" not in client.get(index.url).content.decode()


def test_renaming_a_guide_chapter_purges_the_chapters_beside_it(
    client, page_cache, publish, home_page
):
    from cms.guides.factories import GuideChapterPageFactory, GuidePageFactory

    guide = GuidePageFactory(parent=home_page, title="Manual", slug="manual")
    first = GuideChapterPageFactory(parent=guide, title="1. Setting up", slug="setting-up")
    second = GuideChapterPageFactory(parent=guide, title="2. Usage", slug="usage")
    assert "1. Setting up" in client.get(second.url).content.decode()
    assert cache_state(client.get(second.url)) == "hit"

    first.title = "1. Installing"
    publish(first)

    response = client.get(second.url)
    assert cache_state(response) == "miss"
    assert "1. Installing" in response.content.decode()
