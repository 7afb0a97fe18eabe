"""Articles: the generic content page renders like the others; its index lists and filters them."""

import datetime
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from cms.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.core.models import Theme
from cms.guides.factories import GuidePageFactory
from cms.standardpages.factories import StandardPageFactory
from tests.core.test_templates_accessibility import accessibility_problems


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def listed_titles(soup: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(".card__title a")]


@pytest.fixture
def projects(home_page):
    index = ArticleIndexPageFactory(parent=home_page, title="Projects", slug="projects")
    older = ArticlePageFactory(
        parent=index, title="A touring exhibition", date=datetime.date(2024, 5, 1)
    )
    newer = ArticlePageFactory(
        parent=index,
        title="A museum game",
        summary="Visitors solve a mystery in the galleries.",
        date=datetime.date(2025, 9, 1),
        body=[("paragraph", "<p>How the game was made.</p>")],
    )
    newer.keywords.add("games")
    newer.save_revision().publish()
    draft = ArticlePageFactory(parent=index, title="An unfinished write-up", live=False)
    return {"index": index, "older": older, "newer": newer, "draft": draft}


def test_an_article_renders_in_the_shared_content_layout_with_its_metadata(client, projects):
    page = projects["newer"]

    soup = soup_of(client, page.url)

    assert soup.h1.get_text(strip=True) == "A museum game"
    assert soup.select_one(".page-header__kicker").get_text(strip=True) == "Article"
    assert soup.select_one(".lead").get_text(strip=True) == page.summary
    assert "How the game was made." in soup.select_one(".stream").get_text()
    assert [li.get_text(strip=True) for li in soup.select(".taxonomy__terms li")] == ["games"]
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"http://localhost{page.url}"
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Article"
    assert data["description"] == page.summary
    assert data["keywords"] == "games"
    assert accessibility_problems(soup, language="en") == []


def test_the_index_lists_live_articles_newest_first(client, projects):
    soup = soup_of(client, projects["index"].url)

    assert listed_titles(soup) == ["A museum game", "A touring exhibition"]
    assert accessibility_problems(soup, language="en") == []


def test_the_index_filters_articles_by_keyword(client, projects):
    soup = soup_of(client, f"{projects['index'].url}?keyword=games")

    assert listed_titles(soup) == ["A museum game"]


def test_the_index_feed_lists_the_articles(client, projects):
    response = client.get(f"{projects['index'].url}feed/")

    assert response.status_code == 200
    assert re.findall(r"<title>([^<]+)</title>", response.content.decode())[1:] == [
        "A museum game",
        "A touring exhibition",
    ]


def test_the_index_query_count_does_not_grow_with_articles(client, home_page):
    theme = Theme.objects.create(name="Technology", locale=home_page.locale)
    index = ArticleIndexPageFactory(parent=home_page)

    def count_queries() -> int:
        client.get(index.url)  # warm the caches that publishing clears
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    for _ in range(3):
        ArticlePageFactory(parent=index).themes.add(theme)
    with_three = count_queries()
    for _ in range(9):
        ArticlePageFactory(parent=index).themes.add(theme)
    assert count_queries() == with_three


def test_the_api_serves_an_articles_declared_fields(client, projects):
    response = client.get("/api/v2/pages/", {"type": "articles.ArticlePage", "fields": "*"})

    assert response.status_code == 200
    items = response.json()["items"]
    assert sorted(item["title"] for item in items) == ["A museum game", "A touring exhibition"]
    declared = {field.name for field in ArticlePage.api_fields}
    assert declared == {"date", "summary", "body", "attribution"}
    assert all(declared <= set(item) for item in items)


def test_articles_live_in_an_article_index_under_the_home_page(home_page):
    index = ArticleIndexPageFactory(parent=home_page)
    standard = StandardPageFactory(parent=home_page)
    guide = GuidePageFactory(parent=home_page)

    assert ArticleIndexPage.can_create_at(home_page)
    assert ArticleIndexPage.allowed_subpage_models() == [ArticlePage]
    assert ArticlePage.can_create_at(index)
    assert not ArticlePage.can_exist_under(home_page)
    assert not ArticlePage.can_exist_under(standard)
    assert not ArticlePage.can_exist_under(guide)
