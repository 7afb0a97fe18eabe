"""The site search page: what it finds, facets, languages, messages, suggestions, promotions."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone, translation

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from cms.core.models import Audience, Theme
from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import TranscriptCue
from partnerbourse.factories import ListingFactory
from partnerbourse.models import ListingStatus

SEARCH = "/en/search/"


def results_html(response) -> str:
    html = response.content.decode()
    start = html.find('id="results"')
    return html[start:] if start >= 0 else ""


def result_titles(response) -> list[str]:
    return re.findall(
        r'class="search-result__title"><a href="[^"]*">([^<]+)</a>', results_html(response)
    )


@pytest.mark.django_db
def test_a_published_page_is_found_with_the_match_highlighted(client, make_factsheet):
    make_factsheet("Exhibition labels", summary="How to write labels that every visitor can read.")
    make_factsheet("Something else", summary="Lighting for galleries.")

    response = client.get(SEARCH, {"q": "labels"})

    assert response.status_code == 200
    assert result_titles(response) == ["Exhibition labels"]
    assert "<mark>labels</mark>" in results_html(response)


@pytest.mark.django_db
def test_snippets_are_escaped_before_terms_are_marked(client, make_factsheet):
    make_factsheet("Markup", summary="Never paste <script>alert(1)</script> into a label.")

    html = results_html(client.get(SEARCH, {"q": "label"}))

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>label</mark>" in html


@pytest.mark.django_db
def test_drafts_and_private_pages_are_not_found(client, make_factsheet):
    make_factsheet("Public conservation", summary="conservation")
    draft = make_factsheet("Draft conservation", summary="conservation")
    draft.unpublish()
    private = make_factsheet("Private conservation", summary="conservation")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert result_titles(client.get(SEARCH, {"q": "conservation"})) == ["Public conservation"]


@pytest.mark.django_db
def test_a_transcript_hit_links_to_the_module_at_the_cue(client, home_page):
    index = CourseIndexPageFactory(parent=home_page, slug="courses")
    course = CoursePageFactory(parent=index, title="Collections care", slug="care")
    module = ModulePageFactory(parent=course, title="Condition reports", slug="reports")
    TranscriptCue.objects.create(
        module=module, language="en", position=0, start_seconds=3, end_seconds=9, text="Hello."
    )
    TranscriptCue.objects.create(
        module=module,
        language="en",
        position=1,
        start_seconds=125.4,
        end_seconds=130,
        text="Always photograph the crate before unpacking a loan.",
    )

    response = client.get(SEARCH, {"q": "crate", "type": "transcript"})

    html = results_html(response)
    assert f'href="{module.url}?t=125"' in html
    assert "<mark>crate</mark>" in html
    assert "2:05" in html


@pytest.mark.django_db
def test_only_published_open_listings_are_found(client, home_page):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ListingFactory(title="Open call for weavers", description="textile heritage")
    ListingFactory(title="Expired weavers", status=ListingStatus.EXPIRED)
    ListingFactory(title="Paused weavers", status=ListingStatus.PAUSED)
    ListingFactory(title="Withdrawn weavers", status=ListingStatus.WITHDRAWN)
    ListingFactory(title="Draft weavers", status=ListingStatus.DRAFT)
    ListingFactory(title="Closed weavers", closing_date=yesterday)

    response = client.get(SEARCH, {"q": "weavers"})

    assert result_titles(response) == ["Open call for weavers"]


@pytest.mark.django_db
def test_facets_count_and_combine_with_the_query(client, make_factsheet, locales):
    theme = Theme.objects.create(name="Digitisation", locale=locales["en"])
    other_theme = Theme.objects.create(name="Tourism", locale=locales["en"])
    audience = Audience.objects.create(name="Curators", locale=locales["en"])
    first = make_factsheet("Scanning one", summary="scanning")
    first.themes.set([theme])
    first.audiences.set([audience])
    first.save_revision().publish()
    second = make_factsheet("Scanning two", summary="scanning")
    second.themes.set([other_theme])
    second.save_revision().publish()
    ListingFactory(title="Scanning partners", description="scanning", themes=[theme])

    response = client.get(SEARCH, {"q": "scanning"})
    facets = response.context["outcome"].facets
    assert {o.label: o.count for o in facets["type"]} == {"Factsheet": 2, "Partner listing": 1}
    assert {o.label: o.count for o in facets["theme"]} == {"Digitisation": 2, "Tourism": 1}
    assert {o.label: o.count for o in facets["audience"]} == {"Curators": 1}

    narrowed = client.get(SEARCH, {"q": "scanning", "theme": theme.pk})
    assert sorted(result_titles(narrowed)) == ["Scanning one", "Scanning partners"]

    both = client.get(SEARCH, {"q": "scanning", "theme": theme.pk, "type": "factsheetpage"})
    assert result_titles(both) == ["Scanning one"]
    # The facet being chosen still counts its alternatives.
    assert {o.label: o.count for o in both.context["outcome"].facets["theme"]} == {
        "Digitisation": 1,
        "Tourism": 1,
    }


@pytest.mark.django_db
def test_facets_count_the_results_beyond_the_page_shown(client, make_factsheet, locales):
    themes = [Theme.objects.create(name=name, locale=locales["en"]) for name in ("Maps", "Crafts")]
    audiences = [Audience.objects.create(name=name, locale=locales["en"]) for name in ("A", "B")]
    for number in range(12):
        page = make_factsheet(f"Survey {number}", summary="survey", listing_title=f"Map {number}")
        page.themes.set(themes)
        page.audiences.set(audiences)
        page.save_revision().publish()

    response = client.get(SEARCH, {"q": "survey"})

    facets = response.context["outcome"].facets
    # Every term once per page, although each page has two of each.
    assert {o.label: o.count for o in facets["theme"]} == {"Crafts": 12, "Maps": 12}
    assert {o.label: o.count for o in facets["audience"]} == {"A": 12, "B": 12}
    # The results shown carry their listing titles, loaded for that page only.
    titles = result_titles(response)
    assert len(titles) == 10
    assert set(titles) <= {f"Map {number}" for number in range(12)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"type": "nonsense"},
        {"theme": "999999"},
        {"theme": "abc"},
        {"audience": "-1"},
        {"lang": "xx"},
    ],
)
def test_unknown_facet_values_give_a_normal_page_with_a_message(client, make_factsheet, params):
    make_factsheet("Exhibition labels", summary="labels")

    response = client.get(SEARCH, {"q": "labels", **params})

    assert response.status_code == 200
    assert "Some filters were not recognised and have been ignored." in response.content.decode()
    assert result_titles(response) == ["Exhibition labels"]


@pytest.mark.django_db
def test_current_language_by_default_and_a_switch_to_all(client, make_factsheet, locales):
    make_factsheet("Museum guide", summary="museum")
    make_factsheet("Museumsführer", summary="museum", locale=locales["de"])

    assert result_titles(client.get(SEARCH, {"q": "museum"})) == ["Museum guide"]
    every = client.get(SEARCH, {"q": "museum", "lang": "all"})
    assert sorted(result_titles(every)) == ["Museum guide", "Museumsführer"]
    assert 'lang="de"' in results_html(every)
    assert result_titles(client.get(SEARCH, {"q": "museum", "lang": "de"})) == ["Museumsführer"]
    assert result_titles(client.get("/de/search/", {"q": "museum"})) == ["Museumsführer"]


@pytest.mark.django_db
def test_a_language_without_content_searches_all_languages_and_says_so(
    client, make_factsheet, locales
):
    make_factsheet("Museum guide", summary="museum")
    make_factsheet("Museumsführer", summary="museum", locale=locales["de"])

    response = client.get("/it/search/", {"q": "museum"})

    assert sorted(result_titles(response)) == ["Museum guide", "Museumsführer"]
    outcome = response.context["outcome"]
    assert outcome.no_own_content is True
    html = response.content.decode()
    with translation.override("it"):
        notice = translation.gettext(
            "There is no content in %(language)s yet, so all languages were searched."
        ) % {"language": translation.get_language_info("it")["name_translated"]}
    assert f'<p class="message message--info search-notice">{notice}</p>' in html
    # "Only Italian" would find nothing and lead back here: not offered.
    assert 'href="?q=museum"' not in html
    # Asked for explicitly, Italian alone is searched (and finds nothing).
    assert result_titles(client.get("/it/search/", {"q": "museum", "lang": "it"})) == []
    # German has content of its own: only German, and no notice.
    german = client.get("/de/search/", {"q": "museum"})
    assert result_titles(german) == ["Museumsführer"]
    assert german.context["outcome"].notices == []


@pytest.mark.django_db
def test_facet_labels_are_in_the_current_language_else_the_default_one(
    client, make_factsheet, locales
):
    # Named so that the translations sort before the English term (terms are ordered by name).
    theme = Theme.objects.create(name="Preservation", locale=locales["en"])
    for code, name in (("de", "Konservierung"), ("da", "Bevaring")):
        Theme.objects.create(name=name, locale=locales[code], translation_key=theme.translation_key)
    page = make_factsheet("Textile care", summary="textiles")
    page.themes.set([theme])
    page.save_revision().publish()

    def theme_labels(language: str) -> dict:
        response = client.get(f"/{language}/search/", {"q": "textiles", "lang": "all"})
        return {
            option.label: option.count for option in response.context["outcome"].facets["theme"]
        }

    assert theme_labels("it") == {"Preservation": 1}
    assert theme_labels("el") == {"Preservation": 1}
    assert theme_labels("de") == {"Konservierung": 1}
    assert theme_labels("da") == {"Bevaring": 1}
    assert theme_labels("en") == {"Preservation": 1}


@pytest.mark.django_db
def test_snippets_are_the_indexed_text_without_block_settings(client, make_factsheet):
    make_factsheet(
        "Textile care",
        summary="",
        body=[
            ("heading", {"text": "Storing woven tapestries", "level": "h2"}),
            ("paragraph", RichText("<p>Roll them <b>around</b> a tube &amp; keep dry.</p>")),
        ],
    )

    html = results_html(client.get(SEARCH, {"q": "tapestries"}))

    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', html).group(1)
    assert snippet == (
        "Storing woven <mark>tapestries</mark> Roll them around a tube &amp; keep dry."
    )
    assert "h2" not in snippet
    assert "Level" not in snippet


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "the and of",
        "labels " * 300,
        "x" * 2000,
        '"labels',
        '"exhibition labels"',
        "(labels",
        "labels*",
        "-labels",
        "labels AND OR NOT",
        "labels:title",
        "'); DROP TABLE wagtailcore_page; --",
        "\\ / ^ ~ { } [ ] < > % & |",
    ],
)
def test_odd_queries_give_a_normal_page(client, make_factsheet, query):
    make_factsheet("Exhibition labels", summary="How to write labels.")

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert "Search is temporarily limited" not in response.content.decode()


@pytest.mark.django_db
def test_empty_and_long_queries_explain_themselves(client, home_page):
    empty = client.get(SEARCH, {"q": ""}).content.decode()
    assert "Type one or more words to search" in empty

    long = client.get(SEARCH, {"q": "labels " * 300}).content.decode()
    assert "Your search was long, so only its first 255 characters were used." in long


@pytest.mark.django_db
def test_syntax_characters_are_searched_as_words(client, make_factsheet):
    make_factsheet("Exhibition labels", summary="How to write labels.")

    for query in ["(labels)", "labels*", '"exhibition labels"', "labels -"]:
        assert result_titles(client.get(SEARCH, {"q": query})) == ["Exhibition labels"], query


@pytest.mark.django_db
def test_results_are_paginated(client, make_factsheet):
    for number in range(12):
        make_factsheet(f"Archive note {number}", summary="archive")

    first = client.get(SEARCH, {"q": "archive"})
    second = client.get(SEARCH, {"q": "archive", "page": 2})
    beyond = client.get(SEARCH, {"q": "archive", "page": 99})

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert beyond.status_code == 200
    assert 'rel="next"' in results_html(first)


@pytest.mark.django_db
def test_equal_relevance_is_ordered_newest_first(client, make_factsheet):
    make_factsheet("Report A", summary="glass plate", date=datetime.date(2024, 1, 1))
    make_factsheet("Report B", summary="glass plate", date=datetime.date(2026, 1, 1))

    assert result_titles(client.get(SEARCH, {"q": "glass plate"})) == ["Report B", "Report A"]


@pytest.mark.django_db
def test_suggestions_are_json_titles_in_the_current_language(client, make_factsheet, locales):
    page = make_factsheet("Accessible exhibition labels", summary="labels")
    make_factsheet("Accessible Beschriftung", summary="labels", locale=locales["de"])

    data = client.get(reverse("search:suggest"), {"q": "acc"}).json()
    assert data == {
        "suggestions": [
            {"title": page.title, "url": page.url, "type": "Factsheet", "language": "en"}
        ],
        "all_languages": False,
        "notice": "",
    }
    nothing = {"suggestions": [], "all_languages": False, "notice": ""}
    assert client.get(reverse("search:suggest"), {"q": "a"}).json() == nothing
    assert client.get(reverse("search:suggest"), {"q": "(*"}).json() == nothing


@pytest.mark.django_db
def test_search_box_in_every_header_works_without_javascript(client, home_page):
    html = client.get("/en/").content.decode()

    assert '<form class="site-search" role="search" method="get" action="/en/search/"' in html
    assert 'name="q"' in html
    assert 'for="site-search-q"' in html
    assert "js/search-suggest.js" in html


@pytest.mark.django_db
def test_promoted_results_appear_above_the_results(client, make_factsheet):
    make_factsheet("Exhibition labels", summary="labels")
    promoted = make_factsheet("Our label style guide", summary="writing")
    query = Query.get("labels")
    SearchPromotion.objects.create(query=query, page=promoted, description="Start here.")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/labels",
        external_link_text="Label research",
    )

    html = client.get(SEARCH, {"q": "Labels"}).content.decode()

    promotions = html[html.find("search-promotions") : html.find('id="results"')]
    assert "Our label style guide" in promotions
    assert "Start here." in promotions
    assert 'href="https://example.org/labels"' in promotions


@pytest.mark.django_db
def test_queries_are_logged_without_personal_data(client, make_factsheet, user):
    make_factsheet("Exhibition labels", summary="labels")
    client.force_login(user)

    client.get(SEARCH, {"q": "Exhibition  Labels"})
    client.get(SEARCH, {"q": "exhibition labels", "page": 2})  # the same search, paged
    client.get(SEARCH, {"q": "jane.doe@example.org"})
    client.get(SEARCH, {"q": "call +45 12 34 56 78"})
    client.get(SEARCH, {"q": ""})

    assert list(Query.objects.values_list("query_string", flat=True)) == ["exhibition labels"]
    assert QueryDailyHits.objects.get().hits == 1
    # Wagtail's query log has no column for who searched.
    assert {f.name for f in Query._meta.concrete_fields} == {"id", "query_string"}


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_results(
    client, make_factsheet, django_assert_max_num_queries
):
    def make(count, word):
        for number in range(count):
            make_factsheet(f"{word} {number}", summary=word)
            ListingFactory(title=f"{word} listing {number}", description=word)

    make(3, "pottery")
    make(30, "weaving")
    # Warm caches (content types, site root paths) and create both queries' log rows.
    client.get(SEARCH, {"q": "pottery", "lang": "all"})
    client.get(SEARCH, {"q": "weaving", "lang": "all"})

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(SEARCH, {"q": "pottery", "lang": "all"})
    with django_assert_max_num_queries(len(few)):
        response = client.get(SEARCH, {"q": "weaving", "lang": "all"})
    assert response.context["outcome"].total == 60


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"q": "labels"}, {"q": "nothing-like-this"}])
def test_search_page_is_accessible(client, make_factsheet, locales, params):
    from bs4 import BeautifulSoup

    from tests.core.test_templates_accessibility import accessibility_problems

    theme = Theme.objects.create(name="Digitisation", locale=locales["en"])
    for number in range(11):
        page = make_factsheet(f"Exhibition labels {number}", summary="labels")
        page.themes.set([theme])
        page.save_revision().publish()
    SearchPromotion.objects.create(query=Query.get("labels"), page=page, description="Start.")

    response = client.get(SEARCH, params)

    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert accessibility_problems(soup, language="en") == []
