"""Language-aware stemming on PostgreSQL (search.multilingual): inflected forms match.

SQLite's FTS5 index has no stemmer for these languages, so these tests run on PostgreSQL only.
"""

from django.db import connection
from django.test import override_settings

import pytest

from partnerbourse.factories import ListingFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stemming per language needs PostgreSQL text search (SQLite FTS5 has no stemmers)",
)

MULTILINGUAL = {"default": {"BACKEND": "search.multilingual"}}
WAGTAIL_DEFAULT = {"default": {"BACKEND": "wagtail.search.backends.database"}}


def titles(client, language, query) -> list[str]:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return [hit.title for hit in response.context["outcome"].page_obj]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text", "inflected"),
    [
        ("de", "Eine Ausstellung über Textilien", "Ausstellungen"),
        ("de", "Das Museum und seine Sammlung", "Museums"),
        ("da", "En udstilling om tekstiler", "udstillingerne"),
        ("it", "Una mostra sui tessuti", "mostre"),
        ("el", "Μια συλλογή υφασμάτων", "συλλογές"),  # noqa: RUF001 - Greek text
    ],
)
def test_an_inflected_form_finds_the_page_in_its_language(
    client, make_factsheet, locales, language, text, inflected
):
    with override_settings(WAGTAILSEARCH_BACKENDS=MULTILINGUAL):
        make_factsheet("Found", summary=text, locale=locales[language])
        assert titles(client, language, inflected) == ["Found"]


@pytest.mark.django_db
def test_without_the_language_configuration_the_inflected_form_is_missed(
    client, make_factsheet, locales
):
    # The control: Wagtail's own database backend stems everything as English.
    with override_settings(WAGTAILSEARCH_BACKENDS=WAGTAIL_DEFAULT):
        make_factsheet("Missed", summary="Eine Ausstellung", locale=locales["de"])
        assert titles(client, "de", "Ausstellungen") == []


@pytest.mark.django_db
def test_english_still_stems_as_english_and_listings_use_their_language(
    client, make_factsheet, locales
):
    with override_settings(WAGTAILSEARCH_BACKENDS=MULTILINGUAL):
        make_factsheet("Labels", summary="Writing exhibition labels", locale=locales["en"])
        ListingFactory(title="Partner gesucht", description="Ausstellungen", language="de")
        assert titles(client, "en", "label") == ["Labels"]
        response = client.get("/en/search/", {"q": "Ausstellung", "lang": "all"})
        assert [hit.title for hit in response.context["outcome"].page_obj] == ["Partner gesucht"]
