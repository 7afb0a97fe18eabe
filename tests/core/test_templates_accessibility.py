"""The base templates give every page the structure assistive technology relies on.

Each public page is rendered through the test client and parsed: one h1 and headings in order,
a working skip link, one main landmark, navigation landmarks that can be told apart, alt text on
every image, a label for every form field and the page's language on <html>.
"""

import datetime
from itertools import pairwise

from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from cms.core.models import Audience, Licence, Theme
from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.news.factories import NewsIndexPageFactory, NewsPageFactory
from cms.resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from cms.standardpages.factories import StandardPageFactory
from cms.tools.factories import ToolIndexPageFactory, ToolPageFactory

HERO_HEADING = "Learn from each other"
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
FOCUSABLE_ELEMENTS = {"a", "button", "input", "select", "textarea", "summary", "iframe"}


def accessible_name(element) -> str:
    """The element's name from aria-label or aria-labelledby: enough for the checks here."""
    if element.get("aria-label", "").strip():
        return element["aria-label"].strip()
    root = list(element.parents)[-1]
    names = [root.find(id=ref) for ref in element.get("aria-labelledby", "").split()]
    return " ".join(target.get_text(" ", strip=True) for target in names if target is not None)


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def accessibility_problems(soup: BeautifulSoup, *, language: str) -> list[str]:
    """Everything on the page that breaks the rules above, as readable messages."""
    problems = []

    if soup.html.get("lang") != language:
        problems.append(f"<html lang> is {soup.html.get('lang')!r}, expected {language!r}")

    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 elements: {[h.get_text(strip=True) for h in h1s]}")
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    if levels and levels[0] != 1:
        problems.append(f"the first heading is an h{levels[0]}, not the h1")
    for previous, level in pairwise(levels):
        if level > previous + 1:
            problems.append(f"heading levels skip from h{previous} to h{level}")

    skip_link = soup.find("a", class_="skip-link")
    if skip_link is None or not skip_link.get("href", "").startswith("#"):
        problems.append("no skip link to an anchor on the page")
    elif soup.find(id=skip_link["href"][1:]) is None:
        problems.append(f"the skip link's target {skip_link['href']} does not exist")

    mains = soup.find_all("main")
    if len(mains) != 1:
        problems.append(f"{len(mains)} <main> landmarks")

    nav_labels = [nav.get("aria-label") or nav.get("aria-labelledby") for nav in soup("nav")]
    if not nav_labels:
        problems.append("no <nav> landmarks")
    if None in nav_labels:
        problems.append("a <nav> has no aria-label")
    if len(set(nav_labels)) != len(nav_labels):
        problems.append(f"<nav> labels are not distinct: {nav_labels}")

    for img in soup.find_all("img"):
        if not img.has_attr("alt"):
            problems.append(f"<img src={img.get('src')!r}> has no alt attribute")

    ids = [element["id"] for element in soup.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        problems.append(f"duplicate ids: {sorted(duplicates)}")

    for element in soup.find_all(attrs={"tabindex": "0"}):
        if element.name in FOCUSABLE_ELEMENTS:
            continue
        if not element.get("role") or not accessible_name(element):
            problems.append(f"<{element.name} tabindex=0> has no role and name to announce")
    for region in soup.find_all(attrs={"role": "region"}):
        if not accessible_name(region):
            problems.append(f"<{region.name} role=region> has no name")
    for table in soup.find_all("table"):
        labelled_region = table.find_parent(attrs={"role": "region"})
        if table.caption is None and not (labelled_region and accessible_name(labelled_region)):
            problems.append("a <table> has neither a caption nor a named region around it")

    label_targets = {label.get("for") for label in soup.find_all("label")}
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text") in UNLABELLED_INPUT_TYPES:
            continue
        labelled = (
            (field.get("id") and field["id"] in label_targets)
            or field.find_parent("label") is not None
            or field.get("aria-label")
            or field.get("aria-labelledby")
        )
        if not labelled:
            problems.append(f"<{field.name} name={field.get('name')!r}> has no label")
    return problems


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(title="Exhibition hall")


@pytest.fixture
def site_pages(home_page, image):
    """A home page with every home block, and an about page with every body block."""
    decorative_copy = type(image).objects.get(pk=image.pk)
    about = StandardPageFactory(
        parent=home_page,
        title="About the hub",
        slug="about",
        show_in_menus=True,
        listing_image=image,
        body=[
            ("heading", {"text": "Why it exists", "level": "h2"}),
            ("paragraph", "<p>Because small museums solve the same problems alone.</p>"),
            (
                "image",
                {
                    "image": {"image": image, "alt_text": "The main hall", "decorative": False},
                    "caption": "The main hall.",
                },
            ),
            (
                "image",
                {
                    # A fresh instance: ImageBlock keeps the alt text on the image object itself.
                    "image": {"image": decorative_copy, "alt_text": "", "decorative": True},
                    "caption": "",
                },
            ),
            ("heading", {"text": "Details", "level": "h3"}),
            ("quote", {"quote": "Learn from each other.", "attribution": "A curator"}),
            (
                "call_to_action",
                {
                    "title": "Take part",
                    "text": "Share your experience.",
                    "link": {"page": None, "url": "https://example.org", "label": "Contact us"},
                },
            ),
        ],
    )
    about.save_revision().publish()
    home_page.body = [
        (
            "hero",
            {
                "heading": HERO_HEADING,
                "text": "A meeting place.",
                "image": image,
                "link": {"page": about, "url": "", "label": "Read more"},
            },
        ),
        ("intro", "<p>Welcome.</p>"),
        (
            "call_to_action",
            {
                "title": "New here?",
                "text": "Find out more.",
                "link": {"page": about, "url": "", "label": "About"},
            },
        ),
        ("featured_items", {"heading": "Start here", "pages": [about]}),
    ]
    home_page.save_revision().publish()
    return {"home": home_page, "about": about}


@pytest.fixture
def danish_home(site_pages, locales):
    danish = site_pages["home"].copy_for_translation(locales["da"])
    danish.save_revision().publish()
    return danish


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/about/", "/en/accounts/login/", "/en/accounts/signup/"],
)
def test_page_structure_is_accessible(client, site_pages, path):
    response = client.get(path)
    assert response.status_code == 200
    assert accessibility_problems(parse(response), language="en") == []


def test_page_structure_is_accessible_when_logged_in(client, site_pages, user):
    client.force_login(user)
    soup = parse(client.get("/en/about/"))
    assert accessibility_problems(soup, language="en") == []
    logout = soup.find("nav", attrs={"aria-label": "Your account"}).find("button")
    assert logout.get_text(strip=True) == "Log out"


def test_not_found_page_is_accessible(client, site_pages):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    soup = parse(response)
    assert accessibility_problems(soup, language="en") == []
    assert soup.h1.get_text(strip=True) == "Page not found"


@pytest.mark.parametrize("path", ["/da/", "/da/accounts/login/", "/da/no-such-page/"])
def test_html_lang_follows_the_language_in_the_url(client, danish_home, path):
    soup = parse(client.get(path))
    assert accessibility_problems(soup, language="da") == []
    current = soup.find("nav", class_="language-switcher").find_all(attrs={"aria-current": True})
    assert [link["hreflang"] for link in current] == ["da"]


def test_hero_heading_is_the_home_pages_only_h1(client, site_pages):
    soup = parse(client.get("/en/"))
    (h1,) = soup.find_all("h1")
    assert h1.get_text(strip=True) == HERO_HEADING
    assert h1.find_parent("section", class_="hero") is not None
    assert soup.find(class_="hero").img["alt"] == ""


@pytest.mark.parametrize("body", [[], [("intro", "<p>Welcome.</p>")]])
def test_home_page_without_a_hero_shows_its_title_as_h1(client, home_page, body):
    home_page.body = body
    home_page.save_revision().publish()
    soup = parse(client.get("/en/"))
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == [home_page.title]
    assert accessibility_problems(soup, language="en") == []


def test_images_get_the_alt_text_chosen_for_their_use(client, site_pages):
    soup = parse(client.get("/en/about/"))
    alts = [img["alt"] for img in soup.find("main").find_all("img")]
    assert alts == ["The main hall", ""]
    card_soup = parse(client.get("/en/"))
    assert [img["alt"] for img in card_soup.find_all("img", class_="card__image")] == [""]


def test_current_menu_item_is_marked(client, site_pages):
    soup = parse(client.get("/en/about/"))
    link = soup.find("nav", attrs={"aria-label": "Main"}).find("a", attrs={"aria-current": True})
    assert link["aria-current"] == "page"
    assert link.get_text(strip=True) == "About the hub"


def test_standard_page_has_breadcrumbs_and_home_page_has_none(client, site_pages):
    about_soup = parse(client.get("/en/about/"))
    crumbs = about_soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    items = crumbs.find_all("li")
    assert [item.get_text(strip=True) for item in items] == ["Home", "About the hub"]
    assert items[0].a["href"] == "/en/"
    assert items[-1].find(attrs={"aria-current": "page"}) is not None
    assert parse(client.get("/en/")).find("nav", class_="breadcrumbs") is None


def test_breadcrumbs_cost_one_query_however_deep_the_page(
    rf, site_pages, django_assert_num_queries
):
    parent = site_pages["about"]
    for depth in range(3):
        parent = StandardPageFactory(parent=parent, slug=f"level-{depth}")
    request = rf.get(parent.url)
    render_to_string("components/breadcrumbs.html", {"page": parent}, request=request)
    with django_assert_num_queries(1):
        html = render_to_string("components/breadcrumbs.html", {"page": parent}, request=request)
    assert len(BeautifulSoup(html, "html.parser").find_all("li")) == 5


def test_form_errors_are_announced_and_tied_to_their_fields(client, site_pages):
    response = client.post("/en/accounts/login/", {"login": "not-an-address", "password": ""})
    soup = parse(response)
    assert accessibility_problems(soup, language="en") == []
    summary = soup.find(class_="form-errors")
    assert summary["role"] == "alert"
    assert {a["href"] for a in summary.find_all("a")} == {"#id_login", "#id_password"}
    for field_id in ("id_login", "id_password"):
        field = soup.find(id=field_id)
        assert field["aria-invalid"] == "true"
        described_by = field["aria-describedby"].split()
        assert f"{field_id}_error" in described_by
        assert all(soup.find(id=target) for target in described_by)


class TestPagination:
    def render(self, *, number: int, count: int = 300, query: str = "q=museum") -> BeautifulSoup:
        request = RequestFactory().get(f"/en/things/?{query}&page={number}")
        page_obj = Paginator(list(range(count)), 10).page(number)
        html = render_to_string(
            "components/pagination.html", {"page_obj": page_obj}, request=request
        )
        return BeautifulSoup(html, "html.parser")

    def test_links_keep_the_query_and_mark_the_current_page(self):
        soup = self.render(number=7)
        nav = soup.find("nav")
        assert nav["aria-label"] == "Pagination"
        assert nav.find("a", rel="prev")["href"] == "?q=museum&page=6"
        assert nav.find("a", rel="next")["href"] == "?q=museum&page=8"
        (current,) = nav.find_all(attrs={"aria-current": "page"})
        assert current.get_text(strip=True) == "7"
        assert current["aria-label"] == "Page 7"
        numbers = [a.get_text(strip=True) for a in nav.find_all("a") if not a.get("rel")]
        assert numbers == ["1", "6", "7", "8", "30"]
        assert len(nav.find_all(class_="pagination__item--gap")) == 2

    def test_first_page_has_no_previous_link(self):
        nav = self.render(number=1, count=30).find("nav")
        assert nav.find("a", rel="prev") is None
        assert nav.find("a", rel="next") is not None

    def test_a_single_page_renders_nothing(self):
        assert self.render(number=1, count=5).get_text(strip=True) == ""


def test_the_checker_reports_each_kind_of_problem():
    """Guards the guard: a page breaking every rule gets a message for each."""
    broken = BeautifulSoup(
        '<html lang="de"><body><a class="skip-link" href="#content">Skip</a>'
        "<h2>Intro</h2><h1>One</h1><h1>Two</h1><h4>Deep</h4>"
        '<nav aria-label="Main"></nav><nav aria-label="Main"></nav><nav></nav>'
        '<img src="a.png"><input id="x" name="q"><input id="x" type="hidden" name="h">'
        '<div tabindex="0"><table><tr><td>1</td></tr></table></div><div role="region"></div>'
        "</body></html>",
        "html.parser",
    )
    problems = "\n".join(accessibility_problems(broken, language="en"))
    for expected in [
        "<html lang>",
        "2 h1 elements",
        "first heading is an h2",
        "skip from h1 to h4",
        "target #content does not exist",
        "0 <main> landmarks",
        "a <nav> has no aria-label",
        "not distinct",
        "has no alt attribute",
        "duplicate ids",
        "<input name='q'> has no label",
        "<div tabindex=0> has no role and name",
        "<div role=region> has no name",
        "a <table> has neither a caption nor a named region",
    ]:
        assert expected in problems


# --- Content pages and section indexes ----------------------------------------------------

EMBED_URL = "https://www.youtube.com/watch?v=heritage"
TABLE_CAPTION = "Visit length by exhibition type"


@pytest.fixture
def document(db):
    document = wagtail_factories.DocumentFactory(
        title="Conservation checklist",
        file=ContentFile(b"%PDF-1.4 checklist", name="conservation-checklist.pdf"),
    )
    # The admin's upload form records the size; the factory does not.
    document.file_size = 250_000
    document.save()
    return document


@pytest.fixture
def every_body_block(image, document):
    """A body with each block a content page offers; the embed is cached, so nothing is fetched."""
    Embed.objects.create(
        url=EMBED_URL,
        hash=get_embed_hash(EMBED_URL, None, None),
        type="video",
        html='<iframe src="https://www.youtube.com/embed/x" title="A tour"></iframe>',
        width=480,
        height=270,
    )
    return [
        ("heading", {"text": "What the research says", "level": "h2"}),
        ("paragraph", "<p>Visitors stay longer when exhibitions invite participation.</p>"),
        (
            "table",
            {
                "caption": TABLE_CAPTION,
                "table": {
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "data": [["Type", "2023", "2024"], ["Static", "23 min", "25 min"]],
                },
            },
        ),
        (
            "table",
            {
                "caption": "",
                "table": {"first_row_is_table_header": False, "data": [["a", "b"]]},
            },
        ),
        (
            "image",
            {
                "image": {"image": image, "alt_text": "The main hall", "decorative": False},
                "caption": "The main hall.",
            },
        ),
        ("heading", {"text": "A partner's view", "level": "h3"}),
        ("quote", {"quote": "We learned more from one visit.", "attribution": "A curator"}),
        ("embed", EmbedValue(EMBED_URL)),
        ("document", {"document": document, "title": "Checklist for a survey"}),
        (
            "call_to_action",
            {
                "title": "Share your experience",
                "text": "Tell other museums what worked.",
                "link": {"page": None, "url": "https://example.org", "label": "Contact us"},
            },
        ),
    ]


@pytest.fixture
def content_pages(home_page, every_body_block, image, document):
    """One page of each type whose template this project's front end owns, fully filled in."""
    theme = Theme.objects.create(name="Technology", locale=home_page.locale)
    licence = Licence.objects.create(
        name="CC BY 4.0",
        url="https://creativecommons.org/licenses/by/4.0/",
        locale=home_page.locale,
    )
    common = {
        "summary": "What this item is about.",
        "body": every_body_block,
        "listing_image": image,
        "licence": licence,
        "attribution": "Heritage Hub partners",
        "date": datetime.date(2025, 3, 14),
    }
    factsheets = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    news = NewsIndexPageFactory(parent=home_page, title="News", slug="news")
    resources = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    tools = ToolIndexPageFactory(parent=home_page, title="Toolkit", slug="toolkit")
    webinar = EventPageFactory(parent=EventIndexPageFactory(parent=home_page), title="A webinar")
    EventSessionFactory(page=webinar)
    other_tool = ToolPageFactory(parent=tools, title="Another tool")
    pages = {
        "factsheet": FactsheetPageFactory(
            parent=factsheets,
            title="Surveying a collection",
            abstract="<p>How to run a survey with two people.</p>",
            recommendations=[("recommendation", "Survey a sample first.")],
            pdf=document,
            **common,
        ),
        "news": NewsPageFactory(
            parent=news, title="A podcast on volunteers", category="podcast", **common
        ),
        "resource": ResourcePageFactory(
            parent=resources, title="Handbook", resource_type="handbook", file=document, **common
        ),
        "tool": ToolPageFactory(
            parent=tools,
            title="Collection survey app",
            app_url="https://example.org/app",
            pdf=document,
            linked_tools=[("tool", other_tool)],
            linked_webinars=[("webinar", webinar)],
            related_pages=[("page", other_tool)],
            **common,
        ),
    }
    for page in pages.values():
        page.themes.add(theme)
        page.keywords.add("collections")
        page.save_revision().publish()
    return pages


@pytest.mark.parametrize("kind", ["factsheet", "news", "resource", "tool"])
def test_content_pages_are_accessible(client, content_pages, kind):
    soup = parse(client.get(content_pages[kind].url))
    assert accessibility_problems(soup, language="en") == []
    header = soup.find("main").find("header", class_="page-header")
    # The kind of item labels the title: a paragraph before the h1, never a heading of its own.
    kicker = header.find(class_="page-header__kicker")
    assert kicker.name == "p"
    assert kicker.find_next_sibling("h1") is not None
    assert header.find("time")["datetime"] == "2025-03-14"


def test_content_page_kicker_names_the_kind_of_item(client, content_pages):
    kickers = {
        kind: parse(client.get(page.url)).find(class_="page-header__kicker").get_text(strip=True)
        for kind, page in content_pages.items()
    }
    assert kickers == {
        "factsheet": "Factsheet",
        "news": "Podcast",
        "resource": "Handbook",
        "tool": "Toolkit app",
    }


def test_tables_render_as_tables_in_a_named_focusable_scroll_region(client, content_pages):
    soup = parse(client.get(content_pages["news"].url))
    captioned, plain = soup.find_all(class_="table-scroll")
    for region in (captioned, plain):
        assert region["tabindex"] == "0"
        assert region["role"] == "region"
        assert region.find("table") is not None
    assert captioned["aria-label"] == TABLE_CAPTION
    assert captioned.find_parent("figure").figcaption.get_text(strip=True) == TABLE_CAPTION
    assert [th["scope"] for th in captioned.find("thead").find_all("th")] == ["col"] * 3
    assert captioned.find("tbody").th["scope"] == "row"
    assert plain["aria-label"] == "Table"


def test_download_links_say_the_file_type_and_size(client, content_pages):
    soup = parse(client.get(content_pages["factsheet"].url))
    links = {
        " ".join(link.get_text(" ", strip=True).split())
        for link in soup.find_all("a", class_="download-link")
    }
    assert links == {
        "Checklist for a survey (PDF, 244.1 KB)",
        "Download the factsheet (PDF, 244.1 KB)",
    }


@pytest.fixture
def news_index(home_page):
    """A news index with more items than fit on one page, half of them podcasts on a theme."""
    theme = Theme.objects.create(name="Technology", locale=home_page.locale)
    Theme.objects.create(name="Tourism", locale=home_page.locale)
    Audience.objects.create(name="Visitors", locale=home_page.locale)
    index = NewsIndexPageFactory(parent=home_page, title="News", slug="news")
    for number in range(50):
        NewsPageFactory(
            parent=index,
            title=f"Item {number:02}",
            category="podcast" if number % 2 else "news",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            themes=[theme] if number % 2 else [],
        )
    return {"index": index, "theme": theme}


def test_filtered_and_paginated_index_is_accessible(client, news_index):
    query = {"theme": news_index["theme"].slug, "category": "podcast", "page": 2}
    soup = parse(client.get(news_index["index"].url, query))
    assert accessibility_problems(soup, language="en") == []
    assert soup.find("nav", attrs={"aria-label": "Pagination"}) is not None
    # The count is in the title, read first when the filtered page loads, and in the heading
    # that the form's #results target takes the reader to.
    assert soup.title.get_text(strip=True) == "News: 25 results (page 2 of 2) · Heritage Hub"
    assert soup.find("form", class_="filters")["action"] == "#results"
    results = soup.find(id="results")
    assert results.find("h2").get_text(strip=True) == "25 items match your filters"
    assert results.find(class_="results__range").get_text(" ", strip=True) == (
        "Showing 21 to 25, page 2 of 2"
    )
    assert [h.name for h in results.find_all(["h2", "h3"])][:2] == ["h2", "h3"]


def test_index_filter_form_fields_all_have_visible_labels(client, news_index):
    url = news_index["index"].url
    unfiltered = parse(client.get(url)).find("form", class_="filters")
    filtered = parse(client.get(url, {"category": "podcast"})).find("form", class_="filters")
    for form in (unfiltered, filtered):
        assert form["method"] == "get"
        fields = form.find_all(["input", "select", "textarea"])
        assert {field["name"] for field in fields} == {
            "theme",
            "audience",
            "category",
            "keyword",
            "year",
            "sort",
        }
        for field in fields:
            label = form.find("label", attrs={"for": field["id"]})
            assert label is not None and label.get_text(strip=True), field["name"]
        (submit,) = form.find_all("button", type="submit")
        assert submit.get_text(strip=True) == "Apply filters"
    assert unfiltered.find("a", class_="filters__reset") is None
    reset = filtered.find("a", class_="filters__reset")
    assert (reset.get_text(strip=True), reset["href"]) == ("Clear filters", url)


def test_index_cards_show_the_items_kind_and_date(client, news_index):
    soup = parse(client.get(news_index["index"].url, {"sort": "oldest"}))
    first = soup.find("article", class_="card")
    assert first.find(class_="card__title").get_text(strip=True) == "Item 00"
    assert first.find(class_="card__kind").get_text(strip=True) == "News"
    date = first.find("time", class_="card__date")
    assert (date["datetime"], date.get_text(strip=True)) == ("2025-01-01", "Jan. 1, 2025")
    kinds = [kind.get_text(strip=True) for kind in soup.find_all(class_="card__kind")]
    assert kinds[:2] == ["News", "Podcast"]


def test_cards_of_types_without_a_category_name_the_type(client, content_pages):
    soup = parse(client.get(content_pages["tool"].url))
    webinar_card = soup.find(id="linked-webinars").find_parent("section").find(class_="card")
    assert webinar_card.find(class_="card__kind").get_text(strip=True) == "Webinar"
    related = soup.find(id="related-heading").find_parent("section").find(class_="card")
    assert related.find(class_="card__kind").get_text(strip=True) == "Toolkit app"
