"""search_with_fallback (cms.core.search_fallback): the search page survives a broken backend."""

import logging

from django.test import override_settings

from wagtail.models import Page
from wagtail.search.backends.base import BaseSearchBackend

import pytest

from cms.core.search_fallback import search_with_fallback

SEARCH = "/en/search/"


class BrokenSearchBackend(BaseSearchBackend):
    """A search server that is down: every search raises, indexing does nothing."""

    def search(self, *args, **kwargs):
        raise ConnectionError("search server unreachable")

    autocomplete = search


BROKEN = "tests.search.test_fallback.BrokenSearchBackend"
DATABASE = "wagtail.search.backends.database"
BROKEN_WITH_DATABASE_ALIAS = {
    "default": {"BACKEND": BROKEN},
    "database": {"BACKEND": DATABASE, "AUTO_UPDATE": False},
}
BROKEN_ALONE = {"default": {"BACKEND": BROKEN}}


@pytest.fixture
def pages(make_factsheet):
    make_factsheet("Exhibition labels", summary="Writing for visitors.")
    make_factsheet("Lighting", summary="Exhibition labels need light.")
    return Page.objects.live()


@pytest.mark.django_db
def test_a_working_backend_answers_unlimited(pages):
    results, limited = search_with_fallback(queryset=pages, query="labels")

    assert limited is False
    assert {page.title for page in results} == {"Exhibition labels", "Lighting"}
    assert all(hasattr(page, "_score") for page in results)


@pytest.mark.django_db
def test_a_broken_backend_falls_back_to_the_database_backend(pages, caplog):
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=BROKEN_WITH_DATABASE_ALIAS),
        caplog.at_level(logging.WARNING, logger="cms.core.search_fallback"),
    ):
        results, limited = search_with_fallback(queryset=pages, query="labels")

    assert limited is True
    # The database backend searches the summary too, not only titles.
    assert {page.title for page in results} == {"Exhibition labels", "Lighting"}
    assert "search server unreachable" in caplog.text


@pytest.mark.django_db
def test_without_a_database_alias_the_orm_searches_titles(pages):
    with override_settings(WAGTAILSEARCH_BACKENDS=BROKEN_ALONE):
        results, limited = search_with_fallback(queryset=pages, query="LABELS")

    assert limited is True
    assert [page.title for page in results] == ["Exhibition labels"]
    assert results[0]._score == 0.0


@pytest.mark.django_db
def test_the_search_page_says_search_is_limited_and_still_answers(client, pages):
    with override_settings(WAGTAILSEARCH_BACKENDS=BROKEN_WITH_DATABASE_ALIAS):
        response = client.get(SEARCH, {"q": "labels"})
        suggestions = client.get("/en/search/suggest/", {"q": "exh"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Search is temporarily limited" in html
    assert "Exhibition labels" in html
    assert suggestions.json()["suggestions"][0]["title"] == "Exhibition labels"


@pytest.mark.django_db
def test_the_search_page_answers_from_the_orm_when_nothing_else_works(client, pages):
    with override_settings(WAGTAILSEARCH_BACKENDS=BROKEN_ALONE):
        response = client.get(SEARCH, {"q": "labels"})

    assert response.status_code == 200
    assert "Search is temporarily limited" in response.content.decode()
    assert [hit.title for hit in response.context["outcome"].page_obj] == ["Exhibition labels"]


@pytest.mark.django_db
def test_rows_of_chosen_fields_come_in_the_order_of_the_objects(pages):
    objects, _limited = search_with_fallback(queryset=pages, query="labels")

    rows, limited = search_with_fallback(queryset=pages, query="labels", values=("title",))

    assert limited is False
    assert [row["pk"] for row in rows] == [page.pk for page in objects]
    assert [row["title"] for row in rows] == [page.title for page in objects]
    assert [row["_score"] for row in rows] == [page._score for page in objects]


@pytest.mark.django_db
def test_rows_of_chosen_fields_come_from_the_fallback_too(pages):
    with override_settings(WAGTAILSEARCH_BACKENDS=BROKEN_ALONE):
        rows, limited = search_with_fallback(queryset=pages, query="labels", values=("title",))

    assert limited is True
    assert [row["title"] for row in rows] == ["Exhibition labels"]
    assert rows[0]["_score"] == 0.0


@pytest.mark.django_db
def test_the_backends_own_fields_argument_still_chooses_what_is_searched(pages):
    # ``values`` chooses the columns returned; ``fields`` still goes to the backend.
    rows, limited = search_with_fallback(
        queryset=pages, query="labels", fields=["title"], values=("title",)
    )

    assert limited is False
    assert [row["title"] for row in rows] == ["Exhibition labels"]
