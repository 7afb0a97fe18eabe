"""Bulk work (an import) defers page-cache purges to one purge at its end."""

from django.test import Client

import pytest

from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.pagecache.services import page_cache_purges_deferred

pytestmark = pytest.mark.django_db


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


@pytest.fixture
def pages(home_page):
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    first = FactsheetPageFactory(parent=index, title="Accessible labels", slug="labels")
    second = FactsheetPageFactory(parent=index, title="Object photography", slug="photos")
    return index, first, second


def test_publishes_within_the_block_purge_once_at_its_end(
    client, page_cache, publish, pages, django_capture_on_commit_callbacks
):
    index, first, second = pages
    for page in pages:
        client.get(page.url)

    with django_capture_on_commit_callbacks(execute=True), page_cache_purges_deferred():
        first.title = "Labels everyone can read"
        publish(first)
        second.title = "Photographs"
        publish(second)
        # Committed, yet nothing purged: the cached copies are still served meanwhile.
        assert cache_state(Client().get(index.url)) == "hit"
        assert cache_state(Client().get(first.url)) == "hit"

    for page in pages:
        assert cache_state(Client().get(page.url)) == "miss", page.url
    listing = Client().get(index.url).content.decode()
    assert "Labels everyone can read" in listing and "Photographs" in listing


def test_nothing_published_purges_nothing(
    client, page_cache, pages, django_capture_on_commit_callbacks
):
    index, _first, _second = pages
    client.get(index.url)

    with django_capture_on_commit_callbacks(execute=True), page_cache_purges_deferred():
        pass

    assert cache_state(Client().get(index.url)) == "hit"


def test_nested_blocks_purge_at_the_end_of_the_outer_one(
    client, page_cache, publish, pages, django_capture_on_commit_callbacks
):
    index, first, _second = pages
    client.get(index.url)

    with django_capture_on_commit_callbacks(execute=True), page_cache_purges_deferred():
        with page_cache_purges_deferred():
            first.title = "Labels everyone can read"
            publish(first)
        assert cache_state(Client().get(index.url)) == "hit"

    response = Client().get(index.url)
    assert cache_state(response) == "miss"
    assert "Labels everyone can read" in response.content.decode()


def test_an_error_in_the_block_still_purges_what_was_published(
    client, page_cache, publish, pages, django_capture_on_commit_callbacks
):
    index, first, _second = pages
    client.get(index.url)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        page_cache_purges_deferred(),
    ):
        first.title = "Labels everyone can read"
        publish(first)
        raise RuntimeError("the bulk work failed half-way")

    assert "Labels everyone can read" in Client().get(index.url).content.decode()
