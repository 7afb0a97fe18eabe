"""Guides as a visitor reads them: the contents in tree order, chapter to chapter, and the index."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from cms.articles.models import ArticleIndexPage
from cms.core.services import object_translate
from cms.guides.factories import (
    GuideChapterPageFactory,
    GuideIndexPageFactory,
    GuidePageFactory,
)
from cms.guides.models import GuideChapterPage, GuideIndexPage, GuidePage
from cms.home.models import HomePage
from cms.standardpages.factories import StandardPageFactory
from tests.core.test_templates_accessibility import accessibility_problems


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def contents(soup: BeautifulSoup):
    """The guide's contents: the <nav> named by its "Contents" heading."""
    nav = soup.find("nav", attrs={"aria-labelledby": "guide-contents-heading"})
    assert nav is not None, "no contents on the page"
    # In the page's language: "Contents", "Indhold" on a Danish guide.
    assert nav.find(id="guide-contents-heading").get_text(strip=True) in ("Contents", "Indhold")
    return nav


def listed_chapters(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(title, href) of each chapter in the contents list, in the order shown."""
    items = contents(soup).find("ol").find_all("li", recursive=False)
    return [(li.a.get_text(strip=True), li.a["href"]) for li in items]


def pager_link(soup: BeautifulSoup, rel: str):
    """The previous or next link of the pager: a <nav> with a name of its own."""
    pager = soup.find("nav", class_="guide-pager")
    assert pager.get("aria-label") in ("Previous and next chapter", "Forrige og næste kapitel")
    return pager.find("a", rel=rel)


@pytest.fixture
def guide(home_page):
    """A guide whose chapters were created out of order, with a draft and a private one.

    "Storage" is added last and moved to the front, as an editor does in the explorer.
    """
    guide = GuidePageFactory(parent=home_page, title="Caring for collections", slug="care")
    light = GuideChapterPageFactory(parent=guide, title="Light", slug="light")
    draft = GuideChapterPageFactory(parent=guide, title="Unfinished", slug="draft", live=False)
    private = GuideChapterPageFactory(parent=guide, title="Staff only", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    humidity = GuideChapterPageFactory(parent=guide, title="Humidity", slug="humidity")
    storage = GuideChapterPageFactory(parent=guide, title="Storage", slug="storage")
    storage.move(light, pos="left")
    chapters = {"light": light, "humidity": humidity, "storage": storage}
    for page in chapters.values():
        page.refresh_from_db()
    return {"guide": guide, "draft": draft, "private": private, **chapters}


def test_the_guide_shows_its_introduction_and_its_live_public_chapters_in_tree_order(client, guide):
    guide["guide"].body = [("paragraph", "<p>Why collections need care.</p>")]
    guide["guide"].save_revision().publish()

    soup = soup_of(client, guide["guide"].url)

    assert "Why collections need care." in soup.find("article").get_text()
    assert listed_chapters(soup) == [
        ("Storage", guide["storage"].url),
        ("Light", guide["light"].url),
        ("Humidity", guide["humidity"].url),
    ]
    assert soup.find(attrs={"aria-current": "page"}, href=guide["light"].url) is None
    assert "Unfinished" not in soup.get_text()
    assert "Staff only" not in soup.get_text()


def test_a_guide_without_chapters_shows_no_empty_contents(client, home_page):
    guide = GuidePageFactory(parent=home_page)

    soup = soup_of(client, guide.url)

    assert soup.find("nav", attrs={"aria-labelledby": "guide-contents-heading"}) is None


def test_a_chapter_marks_itself_in_the_contents_and_links_up_to_the_guide(client, guide):
    soup = soup_of(client, guide["light"].url)

    nav = contents(soup)
    assert nav.find("p").a["href"] == guide["guide"].url
    assert nav.find("p").a.get_text(strip=True) == "Caring for collections"
    current = nav.find_all(attrs={"aria-current": "page"})
    assert [(a.get_text(strip=True), a["href"]) for a in current] == [("Light", guide["light"].url)]
    assert listed_chapters(soup) == [
        ("Storage", guide["storage"].url),
        ("Light", guide["light"].url),
        ("Humidity", guide["humidity"].url),
    ]
    meta = soup.find(class_="page-header__meta")
    assert meta.get_text(" ", strip=True) == "A chapter of Caring for collections"
    assert meta.a["href"] == guide["guide"].url


def test_previous_and_next_follow_the_tree_and_skip_drafts_and_private_chapters(client, guide):
    soup = soup_of(client, guide["light"].url)

    previous, following = pager_link(soup, "prev"), pager_link(soup, "next")
    assert previous["href"] == guide["storage"].url
    assert " ".join(previous.get_text().split()) == "Previous: Storage"
    assert following["href"] == guide["humidity"].url
    assert " ".join(following.get_text().split()) == "Next: Humidity"


def test_the_first_chapter_goes_back_to_the_guide_and_the_last_has_no_next(client, guide):
    first = soup_of(client, guide["storage"].url)
    last = soup_of(client, guide["humidity"].url)

    assert pager_link(first, "prev")["href"] == guide["guide"].url
    assert "Caring for collections" in pager_link(first, "prev").get_text()
    assert pager_link(first, "next")["href"] == guide["light"].url
    assert pager_link(last, "prev")["href"] == guide["light"].url
    assert pager_link(last, "next") is None


def test_a_private_chapter_links_to_the_public_ones_around_it(client, guide, user):
    client.force_login(user)

    soup = soup_of(client, guide["private"].url)

    assert pager_link(soup, "prev")["href"] == guide["light"].url
    assert pager_link(soup, "next")["href"] == guide["humidity"].url
    assert contents(soup).find(attrs={"aria-current": "page"}) is None


def test_chapters_of_a_private_guide_are_listed_to_those_who_may_read_it(client, guide, user):
    PageViewRestriction.objects.create(page=guide["guide"], restriction_type="login")
    client.force_login(user)

    soup = soup_of(client, guide["guide"].url)

    assert [title for title, _href in listed_chapters(soup)] == ["Storage", "Light", "Humidity"]


def test_a_translated_guide_lists_only_the_chapters_in_its_language(client, guide, home_page):
    object_translate(instance=home_page, language_code="da", strings={})
    danish_guide = object_translate(
        instance=guide["guide"], language_code="da", strings={"Caring for collections": "Pleje"}
    )
    danish_light = object_translate(
        instance=guide["light"], language_code="da", strings={"Light": "Lys"}
    )

    guide_soup = soup_of(client, danish_guide.url)
    chapter_soup = soup_of(client, danish_light.url)

    assert listed_chapters(guide_soup) == [("Lys", danish_light.url)]
    assert danish_light.url.startswith("/da/")
    assert pager_link(chapter_soup, "prev")["href"] == danish_guide.url
    assert pager_link(chapter_soup, "next") is None


@pytest.mark.parametrize("chapter_key", ["guide", "light"])
def test_guide_and_chapter_pages_meet_the_structural_accessibility_checks(
    client, guide, chapter_key
):
    response = client.get(guide[chapter_key].url)

    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert accessibility_problems(soup, language="en") == []


def build_guide(home_page, chapter_count: int):
    guide = GuidePageFactory(parent=home_page)
    chapters = [GuideChapterPageFactory(parent=guide) for _ in range(chapter_count)]
    return guide, chapters


def count_queries(client, url: str) -> int:
    client.get(url)  # warm the caches that publishing clears (site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_guide_page_query_count_does_not_grow_with_chapters(
    client, home_page, django_assert_num_queries
):
    few, _chapters = build_guide(home_page, 3)
    many, _chapters = build_guide(home_page, 12)
    with_three = count_queries(client, few.url)
    client.get(many.url)

    with django_assert_num_queries(with_three):
        response = client.get(many.url)
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert len(listed_chapters(soup)) == 12


def test_the_chapter_page_query_count_does_not_grow_with_chapters(
    client, home_page, django_assert_num_queries
):
    _few, few_chapters = build_guide(home_page, 3)
    _many, many_chapters = build_guide(home_page, 12)
    with_three = count_queries(client, few_chapters[1].url)
    client.get(many_chapters[5].url)

    with django_assert_num_queries(with_three):
        response = client.get(many_chapters[5].url)
    assert 'aria-current="page"' in response.content.decode()


def test_the_guide_index_lists_its_guides_as_cards(client, home_page):
    index = GuideIndexPageFactory(parent=home_page, title="Documentation")
    first = GuidePageFactory(parent=index, title="Exhibition documentation")
    second = GuidePageFactory(parent=index, title="Performance documentation")
    GuideChapterPageFactory(parent=first, title="Setting up")

    soup = soup_of(client, index.url)

    titles = {a.get_text(strip=True): a["href"] for a in soup.select(".card__title a")}
    assert titles == {
        "Exhibition documentation": first.url,
        "Performance documentation": second.url,
    }
    assert soup.select_one(".card__kind").get_text(strip=True) == "Guide"


# Where each page type may be created


def test_a_guide_lives_under_the_home_page_or_a_guide_index(home_page):
    index = GuideIndexPageFactory(parent=home_page)
    other = StandardPageFactory(parent=home_page)
    articles = ArticleIndexPage(title="Projects")
    home_page.add_child(instance=articles)

    assert GuidePage.can_create_at(home_page)
    assert GuidePage.can_create_at(index)
    assert not GuidePage.can_exist_under(other)
    assert not GuidePage.can_exist_under(articles)


def test_a_guide_index_lives_under_the_home_page_and_holds_only_guides(home_page):
    index = GuideIndexPageFactory(parent=home_page)
    guide = GuidePageFactory(parent=home_page)

    assert GuideIndexPage.can_create_at(home_page)
    assert not GuideIndexPage.can_exist_under(index)
    assert not GuideIndexPage.can_exist_under(guide)
    assert GuideIndexPage.allowed_subpage_models() == [GuidePage]


def test_chapters_live_only_in_a_guide_and_have_no_children(home_page):
    index = GuideIndexPageFactory(parent=home_page)
    guide = GuidePageFactory(parent=index)
    chapter = GuideChapterPageFactory(parent=guide)

    assert GuidePage.allowed_subpage_models() == [GuideChapterPage]
    assert GuideChapterPage.can_create_at(guide)
    assert not GuideChapterPage.can_exist_under(home_page)
    assert not GuideChapterPage.can_exist_under(index)
    assert not GuideChapterPage.can_exist_under(chapter)
    assert GuideChapterPage.allowed_subpage_models() == []


def test_the_home_page_offers_guides_beside_the_other_sections(home_page):
    allowed = {model._meta.label for model in HomePage.allowed_subpage_models()}

    assert {"guides.GuidePage", "guides.GuideIndexPage", "articles.ArticleIndexPage"} <= allowed
    assert {"standardpages.StandardPage", "news.NewsIndexPage"} <= allowed
    assert "guides.GuideChapterPage" not in allowed
