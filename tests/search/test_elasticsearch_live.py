"""Against a real Elasticsearch or OpenSearch: only where ELASTICSEARCH_URL is set.

    ELASTICSEARCH_URL=http://localhost:9200 [SEARCH_BACKEND=elasticsearch8|opensearch|...] \\
        uv run pytest tests/search/test_elasticsearch_live.py

Each test works in its own indexes (a random prefix) and deletes them afterwards.
"""

import os
import uuid

from django.conf import settings as django_settings
from django.core.management import call_command

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from cms.factsheets.factories import FactsheetPageFactory
from cms.factsheets.models import FactsheetPage

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = pytest.mark.skipif(
    not ELASTICSEARCH_URL,
    reason="ELASTICSEARCH_URL is not set: the live Elasticsearch/OpenSearch tests need a server",
)


@pytest.fixture
def live_backend(settings, home_page):
    choice = os.environ.get("SEARCH_BACKEND", "elasticsearch")
    if choice == "database":
        choice = "elasticsearch"
    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": django_settings.SEARCH_BACKEND_MODULES[choice],
            "URLS": [url.strip() for url in ELASTICSEARCH_URL.split(",") if url.strip()],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 30,
        },
        "database": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True},
    }
    # Creates the indexes with our settings and mappings (behind aliases), empty.
    call_command("update_index", backend_name="default", schema_only=True, verbosity=0)
    backend = get_search_backend()
    yield backend
    for name in backend.es.indices.get(index=f"{prefix}*"):
        backend.es.indices.delete(index=name)


def search(backend, query, queryset):
    backend.refresh_indexes()
    return [page.pk for page in backend.search(query, queryset)]


@pytest.mark.parametrize(
    ("language", "indexed_text", "query"),
    [
        ("da", "Museerne i Danmark", "museer"),
        ("de", "Ausstellungen im Freien", "Ausstellung"),
        ("it", "Le mostre del museo", "mostra"),
        ("el", "Ημέρες πολιτιστικής κληρονομιάς", "κληρονομιά"),
        ("en", "Volunteering in museums", "museum"),
    ],
)
def test_an_inflected_form_finds_the_page_in_its_language(
    live_backend, home_page, locales, language, indexed_text, query
):
    page = FactsheetPageFactory(parent=home_page, locale=locales[language], title=indexed_text)

    in_language = Page.objects.live().filter(locale=locales[language])
    assert search(live_backend, query, in_language) == [page.pk]


def test_a_stem_in_one_language_does_not_match_another_language(live_backend, home_page, locales):
    danish = FactsheetPageFactory(parent=home_page, locale=locales["da"], title="Museerne")
    FactsheetPageFactory(parent=home_page, locale=locales["en"], title="Museums")

    # "museer" is a Danish plural: the Danish stemmer meets the Danish page, while the English
    # page ("museum" once stemmed in English) is not reached through another language's stemmer.
    assert search(live_backend, "museer", Page.objects.live()) == [danish.pk]


def test_the_index_follows_publishing(live_backend, home_page):
    page = FactsheetPageFactory(parent=home_page, title="Quetzal feathers")
    live_pages = FactsheetPage.objects.live()
    assert search(live_backend, "quetzal", live_pages) == [page.pk]

    page.unpublish()
    assert search(live_backend, "quetzal", live_pages) == []

    page.delete()
    assert search(live_backend, "quetzal", FactsheetPage.objects.all()) == []


def test_update_index_rebuilds_from_the_database(live_backend, home_page, settings):
    # A page saved while the index was not being updated, as during an outage.
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False
    page = FactsheetPageFactory(parent=home_page, title="Zanzibar doors")
    assert search(live_backend, "zanzibar", Page.objects.live()) == []

    call_command("update_index", backend_name="default", verbosity=0)

    assert search(live_backend, "zanzibar", Page.objects.live()) == [page.pk]
