import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from cms.articles.factories import ArticleIndexPageFactory
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.navigation.factories import NavigationSettingsFactory
from cms.news.factories import NewsIndexPageFactory
from cms.resources.factories import ResourceIndexPageFactory
from cms.standardpages.factories import StandardPageFactory
from cms.tools.factories import ToolIndexPageFactory


def main_nav(html: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group(0)


def groups_of(html: str) -> dict[str, list[str]]:
    """Group name -> link titles, in the order the menu shows them."""
    nav = main_nav(html)
    groups = {}
    for label, links in re.findall(
        r'<span class="site-nav__group-label"[^>]*>([^<]+)</span>\s*<ul[^>]*>(.*?)</ul>',
        nav,
        re.DOTALL,
    ):
        groups[label] = re.findall(r"<a [^>]*>([^<]+)</a>", links)
    return groups


def translate(page, locale):
    translated = page.copy_for_translation(locale, copy_parents=True)
    translated.title = f"{page.title} (da)"
    translated.save_revision().publish()
    return translated


@pytest.fixture
def sections(home_page):
    return {
        "factsheets": FactsheetIndexPageFactory(
            parent=home_page, title="Factsheets", slug="factsheets"
        ),
        "news": NewsIndexPageFactory(parent=home_page, title="News", slug="news"),
        "toolkit": ToolIndexPageFactory(parent=home_page, title="Toolkit", slug="toolkit"),
        "articles": ArticleIndexPageFactory(parent=home_page, title="Projects", slug="projects"),
        "about": StandardPageFactory(
            parent=home_page, title="About us", slug="about", show_in_menus=True
        ),
        "hidden": StandardPageFactory(parent=home_page, title="Not in menus", slug="hidden"),
    }


def test_without_an_editor_every_section_is_in_the_group_of_its_kind(client, sections):
    html = client.get("/en/").content.decode()

    assert list(groups_of(html).items()) == [
        ("Learn", ["Factsheets"]),
        ("Resources", ["Toolkit"]),
        ("Community", ["News", "Partner board"]),
        ("About", ["About us"]),
        ("More", ["Projects"]),
    ]
    nav = main_nav(html)
    for key in ("factsheets", "news", "toolkit", "articles", "about"):
        assert f'href="{sections[key].url}"' in nav
    assert "Not in menus" not in nav


def test_editors_groups_come_first_and_new_sections_join_them(client, home_page, sections):
    NavigationSettingsFactory(
        site=Site.objects.get(),
        menu=[
            (
                "group",
                {
                    "kind": "resources",
                    "links": [
                        {"page": sections["news"], "view": ""},
                        {"page": None, "view": "partnerbourse:board"},
                    ],
                },
            ),
            ("group", {"kind": "learn", "links": [{"page": sections["toolkit"], "view": ""}]}),
        ],
    )
    # A section added later, say by the importer, that no editor has placed.
    ResourceIndexPageFactory(parent=home_page, title="Downloads", slug="downloads")

    groups = groups_of(client.get("/en/").content.decode())

    assert list(groups) == ["Resources", "Learn", "About", "More"]
    assert groups["Resources"] == ["News", "Partner board", "Downloads"]
    assert groups["Learn"] == ["Toolkit", "Factsheets"]


def test_the_current_section_is_marked(client, sections):
    item = FactsheetPageFactory(parent=sections["factsheets"], title="Labels")

    nav = main_nav(client.get(item.url).content.decode())
    assert f'<a href="{sections["factsheets"].url}" aria-current="true">' in nav

    nav = main_nav(client.get(sections["factsheets"].url).content.decode())
    assert f'<a href="{sections["factsheets"].url}" aria-current="page">' in nav


def test_each_language_lists_the_same_sections_translated_where_possible(
    client, locales, home_page, sections
):
    translate(home_page, locales["da"])
    danish_factsheets = translate(sections["factsheets"], locales["da"])

    nav = main_nav(client.get("/da/").content.decode())

    assert f'href="{danish_factsheets.url}"' in nav
    assert "Factsheets (da)" in nav
    # Untranslated sections link to the English page, marked as English.
    assert f'<a href="{sections["news"].url}" lang="en" hreflang="en">News</a>' in nav
    assert len(re.findall(r"<a ", nav)) == len(
        re.findall(r"<a ", main_nav(client.get("/en/").content.decode()))
    )


def test_a_section_only_in_another_language_still_appears(client, locales, home_page):
    danish_home = translate(home_page, locales["da"])
    danish_only = NewsIndexPageFactory(parent=danish_home, title="Nyheder", slug="nyheder")

    nav = main_nav(client.get("/en/").content.decode())

    assert f'<a href="{danish_only.url}" lang="da" hreflang="da">Nyheder</a>' in nav


def count_queries(client, path: str) -> int:
    client.get(path)  # warm the caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_menu_costs_the_same_queries_however_many_sections(
    client, home_page, sections, django_assert_max_num_queries
):
    NavigationSettingsFactory(
        site=Site.objects.get(),
        menu=[("group", {"kind": "learn", "links": [{"page": sections["news"], "view": ""}]})],
    )
    few = count_queries(client, "/en/about/")

    for number in range(8):
        FactsheetIndexPageFactory(parent=home_page, title=f"Section {number}")
        StandardPageFactory(parent=home_page, show_in_menus=True)
    NavigationSettingsFactory(
        site=Site.objects.get(),
        menu=[
            (
                "group",
                {
                    "kind": "learn",
                    "links": [{"page": page, "view": ""} for page in sections.values()],
                },
            )
        ],
    )

    assert count_queries(client, "/en/about/") == few
    with django_assert_max_num_queries(few):
        client.get("/en/about/")
