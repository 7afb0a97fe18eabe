"""Section indexes: filters, sorting, pagination and Atom/RSS feeds, as a visitor uses them."""

import datetime
import re
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.bestpractices.models import PracticeType
from cms.core.models import Audience, Theme
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.news.factories import NewsIndexPageFactory, NewsPageFactory
from cms.resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from cms.tools.factories import ToolIndexPageFactory, ToolPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"
IGNORED_MESSAGE = "Some filters were not recognised and have been ignored."


@pytest.fixture
def terms(locales):
    english = locales["en"]
    return {
        "technology": Theme.objects.create(name="Technology", locale=english),
        "education": Theme.objects.create(name="Education", locale=english),
        "professional": Audience.objects.create(name="Professional", locale=english),
        "visitor": Audience.objects.create(name="Visitor", locale=english),
    }


@pytest.fixture
def factsheets(home_page, terms):
    """A factsheet index with three items that differ in every filterable field."""
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    labels = FactsheetPageFactory(
        parent=index,
        title="Accessible labels",
        date=datetime.date(2025, 3, 1),
        themes=[terms["education"]],
        audiences=[terms["visitor"]],
    )
    labels.keywords.add("Accessibility")
    labels.save()
    photos = FactsheetPageFactory(
        parent=index,
        title="Object photography",
        date=datetime.date(2026, 5, 1),
        themes=[terms["technology"]],
        audiences=[terms["professional"]],
    )
    photos.keywords.add("digitisation")
    photos.save()
    building = FactsheetPageFactory(
        parent=index,
        title="Building works",
        date=datetime.date(2024, 9, 1),
        themes=[terms["technology"], terms["education"]],
        audiences=[terms["professional"]],
    )
    return {"index": index, "labels": labels, "photos": photos, "building": building}


def listed_titles(response) -> list[str]:
    """The titles of the cards, in the order shown."""
    assert response.status_code == 200
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_unfiltered_index_lists_newest_first(client, factsheets):
    titles = listed_titles(client.get(factsheets["index"].url))

    assert titles == ["Object photography", "Accessible labels", "Building works"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "education"}, ["Accessible labels", "Building works"]),
        ({"theme": "technology"}, ["Object photography", "Building works"]),
        ({"audience": "visitor"}, ["Accessible labels"]),
        ({"audience": "professional"}, ["Object photography", "Building works"]),
        ({"theme": "education", "audience": "professional"}, ["Building works"]),
        ({"year": "2025"}, ["Accessible labels"]),
        ({"sort": "oldest"}, ["Building works", "Accessible labels", "Object photography"]),
        ({"sort": "title"}, ["Accessible labels", "Building works", "Object photography"]),
        ({"sort": "newest"}, ["Object photography", "Accessible labels", "Building works"]),
    ],
)
def test_filters_narrow_and_sort_the_list(client, factsheets, terms, query, expected):
    params = {
        name: terms[value].slug if name in ("theme", "audience") else value
        for name, value in query.items()
    }

    response = client.get(factsheets["index"].url, params)

    assert listed_titles(response) == expected
    assert IGNORED_MESSAGE not in response.content.decode()


# Keywords are tagged on wagtailcore.Page, so the filter must join through the base page.
@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("accessibility", ["Accessible labels"]),
        ("  DIGITISATION ", ["Object photography"]),
        ("no such keyword", []),
    ],
)
def test_keyword_filter_is_case_insensitive(client, factsheets, keyword, expected):
    response = client.get(factsheets["index"].url, {"keyword": keyword})

    assert listed_titles(response) == expected


def test_year_choices_are_the_years_that_have_items(client, factsheets):
    html = client.get(factsheets["index"].url).content.decode()
    select = re.search(r'<select name="year".*?</select>', html, re.DOTALL).group(0)

    assert re.findall(r'<option value="(\d+)"', select) == ["2026", "2025", "2024"]


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "abc"},
        {"theme": "999999"},
        {"audience": "-1"},
        {"year": "1800"},
        {"year": "twenty"},
        {"sort": "random"},
        {"keyword": "x" * 101},
        {"theme": "1.5", "sort": "sideways"},
    ],
    ids=lambda query: "-".join(query),
)
def test_invalid_filters_are_ignored_with_a_message(client, factsheets, query):
    response = client.get(factsheets["index"].url, query)

    assert response.status_code == 200
    assert IGNORED_MESSAGE in response.content.decode()
    assert sorted(listed_titles(response)) == [
        "Accessible labels",
        "Building works",
        "Object photography",
    ]


def test_invalid_filter_is_ignored_while_the_valid_ones_apply(client, factsheets, terms):
    response = client.get(
        factsheets["index"].url, {"theme": terms["technology"].slug, "year": "1800"}
    )

    assert IGNORED_MESSAGE in response.content.decode()
    assert listed_titles(response) == ["Object photography", "Building works"]


def test_unknown_parameters_and_pages_out_of_range_still_answer(client, factsheets):
    url = factsheets["index"].url
    for query in (
        {"utm_source": "newsletter"},
        {"category": "handbook"},  # factsheets have no "type" filter
        {"page": "999"},
        {"page": "abc"},
        {"page": "-3"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200, query
        assert len(listed_titles(response)) == 3, query


@pytest.mark.parametrize(
    ("index_factory", "page_factory", "field", "value", "other"),
    [
        (NewsIndexPageFactory, NewsPageFactory, "category", "podcast", "news"),
        (ResourceIndexPageFactory, ResourcePageFactory, "resource_type", "handbook", "other"),
        (ToolIndexPageFactory, ToolPageFactory, "tool_kind", "component", "app"),
    ],
    ids=["news", "resources", "toolkit"],
)
def test_type_filter_of_sections_with_choices(
    client, home_page, index_factory, page_factory, field, value, other
):
    index = index_factory(parent=home_page)
    page_factory(parent=index, title="The one", **{field: value})
    page_factory(parent=index, title="Another", **{field: other})

    html = client.get(index.url).content.decode()
    assert '<select name="category"' in html

    assert listed_titles(client.get(index.url, {"category": value})) == ["The one"]
    response = client.get(index.url, {"category": "no-such-type"})
    assert IGNORED_MESSAGE in response.content.decode()
    assert len(listed_titles(response)) == 2


def test_type_filter_of_best_practices_uses_the_practice_types(client, home_page, locales):
    digitisation = PracticeType.objects.create(name="Digitisation", locale=locales["en"])
    outreach = PracticeType.objects.create(name="Outreach", locale=locales["en"])
    PracticeType.objects.create(name="Digitalisering", locale=locales["da"])
    index = BestPracticeIndexPageFactory(parent=home_page)
    BestPracticePageFactory(parent=index, title="Scanning day", practice_type=digitisation)
    BestPracticePageFactory(parent=index, title="Youth panel", practice_type=outreach)

    html = client.get(index.url).content.decode()
    select = re.search(r'<select name="category".*?</select>', html, re.DOTALL).group(0)
    assert "Digitisation" in select
    assert "Digitalisering" not in select  # only terms of the page's language

    assert listed_titles(client.get(index.url, {"category": digitisation.pk})) == ["Scanning day"]


def test_pagination_splits_long_lists_and_keeps_filters(client, home_page, terms):
    index = FactsheetIndexPageFactory(parent=home_page)
    for number in range(25):
        FactsheetPageFactory(
            parent=index,
            title=f"Factsheet {number:02}",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            themes=[terms["technology"]],
        )

    first = client.get(index.url, {"theme": terms["technology"].slug})
    second = client.get(index.url, {"theme": terms["technology"].slug, "page": 2})

    assert len(listed_titles(first)) == 20
    assert listed_titles(second) == [f"Factsheet {number:02}" for number in range(4, -1, -1)]
    first_html = first.content.decode()
    assert re.search(rf'href="\?theme={terms["technology"].slug}&amp;page=2"', first_html)
    assert 'rel="next"' in first_html
    assert "25 items" in first_html


def test_index_query_count_does_not_grow_with_filtered_items(client, home_page, terms):
    index = FactsheetIndexPageFactory(parent=home_page)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    url = f"{index.url}?theme={terms['technology'].slug}&sort=title"
    for _ in range(2):
        FactsheetPageFactory(parent=index, themes=[terms["technology"]]).keywords.add("a")
    with_two = queries(url)
    for _ in range(12):
        FactsheetPageFactory(parent=index, themes=[terms["technology"]])
    assert queries(url) == with_two
    assert queries(f"{index.url}feed/?theme={terms['technology'].slug}") == queries(
        f"{index.url}feed/?theme={terms['technology'].slug}"
    )


# --- Feeds -----------------------------------------------------------------------------------


def parse_xml(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 (the site's own feed, in a test)


def atom_titles(response) -> list[str]:
    root = parse_xml(response)
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def rss_titles(response) -> list[str]:
    root = parse_xml(response)
    assert root.tag == "rss"
    return [item.findtext("title") for item in root.iter("item")]


def test_feeds_are_valid_xml_with_the_right_content_types(client, factsheets):
    url = factsheets["index"].url

    atom = client.get(f"{url}feed/")
    rss = client.get(f"{url}rss/")

    assert atom.status_code == rss.status_code == 200
    assert atom["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert rss["Content-Type"] == "application/rss+xml; charset=utf-8"
    expected = ["Object photography", "Accessible labels", "Building works"]
    assert atom_titles(atom) == expected
    assert rss_titles(rss) == expected
    entry = parse_xml(atom).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == (f"http://localhost{factsheets['photos'].url}")
    assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == ["Technology"]
    channel = parse_xml(rss).find("channel")
    assert channel.findtext("title") == "Factsheets · Heritage Hub"
    assert channel.findtext("language") == "en"


def test_index_page_links_to_its_feeds_with_the_filters(client, factsheets, terms):
    url = factsheets["index"].url
    html = client.get(url, {"theme": terms["technology"].slug}).content.decode()

    assert f'type="application/atom+xml" title="Factsheets (Atom)" href="{url}feed/?theme=' in html
    assert f'type="application/rss+xml" title="Factsheets (RSS)" href="{url}rss/?theme=' in html


def test_feeds_honour_filters(client, factsheets, terms):
    url = factsheets["index"].url
    query = {"theme": terms["technology"].slug, "sort": "oldest"}

    assert atom_titles(client.get(f"{url}feed/", query)) == ["Building works", "Object photography"]
    assert rss_titles(client.get(f"{url}rss/", {"year": "2026"})) == ["Object photography"]


def test_feeds_honour_the_keyword_filter(client, factsheets):
    response = client.get(f"{factsheets['index'].url}rss/", {"keyword": "Accessibility"})

    assert rss_titles(response) == ["Accessible labels"]


def test_feed_with_an_invalid_filter_is_not_found_rather_than_an_error(client, factsheets):
    # A feed reader cannot show a message, so a feed of a filter that does not exist is absent.
    response = client.get(f"{factsheets['index'].url}feed/", {"theme": "abc"})

    assert response.status_code == 404


# --- Drafts ----------------------------------------------------------------------------------


def test_drafts_never_appear_in_lists_or_feeds(client, factsheets):
    index = factsheets["index"]
    FactsheetPageFactory(
        parent=index, title="Unpublished draft", live=False, date=datetime.date(2019, 1, 1)
    )
    # A live page with newer, unpublished changes is listed as it was published.
    photos = factsheets["photos"]
    photos.title = "Draft title of a live page"
    photos.save_revision()

    for url in (index.url, f"{index.url}?sort=title", f"{index.url}feed/", f"{index.url}rss/"):
        body = client.get(url).content.decode()
        assert "Unpublished draft" not in body, url
        assert "Draft title of a live page" not in body, url
        assert "Object photography" in body, url
    html = client.get(index.url).content.decode()
    assert "3 items" in html
    select = re.search(r'<select name="year".*?</select>', html, re.DOTALL).group(0)
    assert "2019" not in select
