"""Every content page type renders, and lists render in a number of queries that does not grow."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.core.models import Theme
from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.linkcollections.factories import (
    CollectionLinkFactory,
    LinkCollectionIndexPageFactory,
    LinkCollectionPageFactory,
)
from cms.news.factories import NewsIndexPageFactory, NewsPageFactory
from cms.resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from cms.syllabi.factories import TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory
from cms.tools.factories import ToolIndexPageFactory, ToolPageFactory

SECTIONS = [
    (FactsheetIndexPageFactory, FactsheetPageFactory),
    (BestPracticeIndexPageFactory, BestPracticePageFactory),
    (LinkCollectionIndexPageFactory, LinkCollectionPageFactory),
    (TrainingSyllabusIndexPageFactory, TrainingSyllabusPageFactory),
    (EventIndexPageFactory, EventPageFactory),
    (NewsIndexPageFactory, NewsPageFactory),
    (ResourceIndexPageFactory, ResourcePageFactory),
    (ToolIndexPageFactory, ToolPageFactory),
]
SECTION_IDS = [index.__name__.removesuffix("IndexPageFactory") for index, _page in SECTIONS]


def count_queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.mark.parametrize(("index_factory", "page_factory"), SECTIONS, ids=SECTION_IDS)
def test_each_page_type_renders_with_metadata(client, home_page, index_factory, page_factory):
    index = index_factory(parent=home_page)
    page = page_factory(parent=index, title="A page about heritage", summary="In short.")
    if page_factory is EventPageFactory:
        EventSessionFactory(page=page)
    if page_factory is LinkCollectionPageFactory:
        CollectionLinkFactory(page=page, title="A funding portal")
    page.save_revision().publish()

    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>A page about heritage</h1>" in html
    assert f'<link rel="canonical" href="http://localhost{page.url}">' in html
    assert '<meta property="og:title" content="A page about heritage">' in html
    data = json_ld(html)
    assert data["@type"] == page.schema_type
    assert data["name"] == "A page about heritage"
    assert data["description"] == "In short."


@pytest.mark.parametrize(("index_factory", "page_factory"), SECTIONS, ids=SECTION_IDS)
def test_index_query_count_does_not_grow_with_children(
    client, home_page, index_factory, page_factory
):
    theme = Theme.objects.create(name="Technology", locale=home_page.locale)
    index = index_factory(parent=home_page)
    for _ in range(5):
        page_factory(parent=index).themes.add(theme)
    with_five = count_queries(client, index.url)
    # One more than a page of 20 cards: a full page and a second one.
    for _ in range(16):
        page_factory(parent=index).themes.add(theme)
    with_a_full_page = count_queries(client, index.url)
    assert with_a_full_page == with_five
