from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.home.factories import HomePageFactory
from cms.standardpages.factories import StandardPageFactory


@pytest.fixture
def featured_home(home_page):
    """A home page whose featured-items block lists a given number of pages."""

    def build(count: int):
        pages = [StandardPageFactory(parent=home_page) for _ in range(count)]
        home_page.body = [
            ("intro", "<p>Welcome.</p>"),
            ("featured_items", {"heading": "Start here", "pages": pages}),
        ]
        home_page.save_revision().publish()
        return pages

    return build


def test_home_page_renders_its_blocks_and_featured_pages(client, featured_home):
    pages = featured_home(2)
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Welcome.</p>" in html
    for page in pages:
        assert f'href="{page.url}"' in html
        assert page.title in html


def count_home_page_queries(client) -> int:
    client.get("/en/")  # warm the caches that publishing clears (site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/").status_code == 200
    return len(queries)


def test_home_page_query_count_does_not_grow_with_featured_items(client, featured_home):
    featured_home(1)
    with_one = count_home_page_queries(client)
    featured_home(12)
    with_twelve = count_home_page_queries(client)
    assert with_twelve == with_one
    # The automatic blocks (events, news, courses, offers, sections) read even when empty.
    assert with_one <= 30


def test_unpublished_featured_page_is_left_out(client, featured_home):
    draft, live = featured_home(2)
    draft.unpublish()
    html = client.get("/en/").content.decode()
    assert live.title in html
    assert draft.title not in html


def test_a_second_home_page_type_only_sits_at_the_top(home_page):
    assert HomePageFactory._meta.model.can_exist_under(home_page) is False


def test_featured_cards_show_the_translation_in_the_current_language(
    client, featured_home, home_page
):
    from cms.core.services import object_translate

    (about,) = featured_home(1)
    object_translate(instance=home_page, language_code="da", strings={})
    object_translate(
        instance=about, language_code="da", strings={about.title: "Om os", about.slug: "om-os"}
    )
    html = client.get("/da/").content.decode()
    assert 'href="/da/om-os/"' in html
    assert "Om os" in html
    english = client.get("/en/").content.decode()
    assert f'href="{about.url}"' in english
