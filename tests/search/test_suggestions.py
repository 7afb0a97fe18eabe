"""Suggestions as you type: answered by the search backend itself, typed, in the right languages.

These run on the database backend of the suite, so on SQLite and on PostgreSQL (CI runs both).
"""

import logging

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest

from cms.factsheets.models import FactsheetPage
from courses.factories import CourseIndexPageFactory, CoursePageFactory
from partnerbourse.factories import ListingFactory
from partnerbourse.models import ListingKind, ListingStatus

SUGGEST = "/{language}/search/suggest/"


@pytest.fixture
def content(home_page, make_factsheet, locales):
    """Pages and listings whose titles start with "Access", in English and German."""
    make_factsheet("Accessible exhibition labels", summary="labels")
    make_factsheet("Accessible Beschriftung", summary="Beschriftung", locale=locales["de"])
    courses = CourseIndexPageFactory(parent=home_page, slug="courses")
    CoursePageFactory(parent=courses, title="Access for all visitors", slug="access")
    ListingFactory(title="Accessibility partners wanted", kind=ListingKind.PARTNER_OFFER)
    ListingFactory(title="Accessibility Partner gesucht", language="de")
    ListingFactory(title="Accessibility draft", status=ListingStatus.DRAFT)


def suggest(client, language: str, query: str) -> dict:
    response = client.get(SUGGEST.format(language=language), {"q": query})
    assert response.status_code == 200
    return response.json()


def problems(caplog) -> list[str]:
    return [
        f"{record.levelname} {record.name}: {record.getMessage()}"
        for record in caplog.records
        if record.levelno >= logging.WARNING
    ]


@pytest.mark.django_db
def test_suggestions_come_from_the_backend_with_their_type(client, content, caplog):
    caplog.set_level(logging.WARNING)

    data = suggest(client, "en", "acc")

    # The backend filtered by language itself: nothing fell back, nothing was logged.
    assert problems(caplog) == []
    assert data["all_languages"] is False
    assert data["notice"] == ""
    by_title = {item["title"]: item for item in data["suggestions"]}
    assert set(by_title) == {
        "Accessible exhibition labels",
        "Access for all visitors",
        "Accessibility partners wanted",
    }
    assert by_title["Accessible exhibition labels"]["type"] == "Factsheet"
    assert by_title["Access for all visitors"]["type"] == "Course"
    assert by_title["Accessibility partners wanted"]["type"] == "Partner offer"
    assert by_title["Accessibility partners wanted"]["url"].startswith("/en/partners/")
    assert {item["language"] for item in data["suggestions"]} == {"en"}


@pytest.mark.django_db
def test_suggestions_in_another_language_with_content_stay_in_it(client, content, caplog):
    caplog.set_level(logging.WARNING)

    data = suggest(client, "de", "acc")

    assert problems(caplog) == []
    assert data["all_languages"] is False
    with translation.override("de"):  # the labels are in the visitor's language
        factsheet = str(FactsheetPage._meta.verbose_name)
        request = str(ListingKind.PARTNER_REQUEST.label)
    assert {item["title"]: item["type"] for item in data["suggestions"]} == {
        "Accessible Beschriftung": factsheet[0].upper() + factsheet[1:],
        "Accessibility Partner gesucht": request,
    }


@pytest.mark.django_db
def test_a_language_without_content_suggests_from_all_and_says_so(client, content, caplog):
    caplog.set_level(logging.WARNING)

    data = suggest(client, "it", "acc")

    assert problems(caplog) == []
    assert data["all_languages"] is True
    with translation.override("it"):
        expected = translation.gettext(
            "There is no content in %(language)s yet, so all languages were searched."
        ) % {"language": translation.get_language_info("it")["name_translated"]}
    assert data["notice"] == expected
    titles = {item["title"]: item["language"] for item in data["suggestions"]}
    assert titles["Accessible exhibition labels"] == "en"
    assert titles["Accessible Beschriftung"] == "de"
    assert "Accessibility draft" not in titles
    # Pages first; listings keep at most two places, so eight suggestions at most.
    assert len(data["suggestions"]) <= 8


def test_the_search_box_script_shows_the_type_and_the_note():
    from django.contrib.staticfiles import finders

    with open(finders.find("js/search-suggest.js"), encoding="utf-8") as script:
        text = script.read()
    assert "suggestion.type" in text
    assert "search-suggest__note" in text


@pytest.mark.django_db
def test_suggestions_cost_the_same_queries_for_more_matches(
    client, make_factsheet, django_assert_max_num_queries
):
    make_factsheet("Accessible one", summary="one")
    ListingFactory(title="Accessible partners one")
    suggest(client, "en", "acc")  # warm the caches (content types, site root paths)
    with CaptureQueriesContext(connection) as few:
        suggest(client, "en", "acc")
    for number in range(6):
        make_factsheet(f"Accessible more {number}", summary="more")
        ListingFactory(title=f"Accessible partners {number}")

    with django_assert_max_num_queries(len(few)):
        data = suggest(client, "en", "acc")
    assert len(data["suggestions"]) == 8
