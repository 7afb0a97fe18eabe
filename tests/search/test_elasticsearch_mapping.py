"""Index settings, mappings, documents and queries of the Elasticsearch backends, without a server.

What a search server would receive is built by the backend's own classes and compared as JSON.
"""

from wagtail.models import Page
from wagtail.search.query import Phrase

import pytest

from cms.factsheets.factories import FactsheetPageFactory
from cms.factsheets.models import FactsheetPage
from partnerbourse.factories import ListingFactory, ThemeFactory
from partnerbourse.models import Listing
from search import es

LANGUAGES = {"en": "english", "da": "danish", "de": "german", "it": "italian", "el": "greek"}
# Where a whole document's text goes: language-neutral, then once per language (title boosted).
ALL_TEXT_FIELDS = [
    "_all_text",
    "_all_text_boost_2_0^2.0",
    *[f"_all_text__{code}" for code in LANGUAGES],
    *[f"_all_text_boost_2_0__{code}^2.0" for code in LANGUAGES],
]
UNREACHABLE = {"URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1}


def backend_classes():
    classes = [es.Elasticsearch9SearchBackend, es.Elasticsearch8SearchBackend]
    try:
        from search import es_opensearch
    except ImportError:  # opensearch-py is optional; its backends are tested where installed
        return classes
    return [
        *classes,
        es_opensearch.OpenSearch3SearchBackend,
        es_opensearch.OpenSearch2SearchBackend,
    ]


@pytest.fixture(params=backend_classes(), ids=lambda cls: cls.__name__)
def backend(request):
    return request.param(dict(UNREACHABLE))


def test_index_settings_define_a_built_in_analyzer_per_language(backend):
    analyzers = backend.settings["settings"]["analysis"]["analyzer"]
    for code, builtin in LANGUAGES.items():
        assert analyzers[f"heritage_{code}"] == {"type": builtin}
    # modelsearch's own analyzers for autocomplete are still there.
    assert "edgengram_analyzer" in analyzers


def test_index_settings_from_the_settings_tune_one_language_and_keep_the_others():
    backend = es.Elasticsearch9SearchBackend(
        {
            **UNREACHABLE,
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {"analyzer": {"heritage_da": {"type": "danish", "stopwords": []}}}
                }
            },
        }
    )
    analyzers = backend.settings["settings"]["analysis"]["analyzer"]
    assert analyzers["heritage_da"] == {"type": "danish", "stopwords": []}
    assert analyzers["heritage_de"] == {"type": "german"}
    # The class-level settings are not changed by one instance's options.
    assert es.Elasticsearch9SearchBackend.settings["settings"]["analysis"]["analyzer"][
        "heritage_da"
    ] == {"type": "danish"}


def test_page_mapping_has_one_analysed_field_per_language_and_boost(backend):
    properties = backend.mapping_class(FactsheetPage).get_mapping()["properties"]

    assert properties["_all_text"] == {"type": "text"}  # language-neutral, standard analyzer
    for code in LANGUAGES:
        for base in ("_all_text", "_all_text_boost_2_0"):
            assert properties[f"{base}__{code}"] == {
                "type": "text",
                "analyzer": f"heritage_{code}",
            }
    # modelsearch's fields are unchanged, e.g. the title copied into the catch-all fields.
    assert properties["title"]["copy_to"] == ["_all_text", "_all_text_boost_2_0"]
    assert properties["locale_id_filter"] == {"type": "integer"}


@pytest.fixture
def danish_factsheet(home_page, locales):
    theme = ThemeFactory(name="Bæredygtighed", locale=locales["da"])
    page = FactsheetPageFactory(
        parent=home_page,
        locale=locales["da"],
        title="Levende museer",
        summary="Hvordan museerne inddrager besøgende",
        abstract="Erfaringer fra udstillingerne",
    )
    page.themes.set([theme])
    page.save()  # a ParentalManyToManyField is written on save
    return page


def test_a_danish_page_is_analysed_in_danish_only(backend, danish_factsheet):
    page = FactsheetPage.objects.get(pk=danish_factsheet.pk)
    document = backend.mapping_class(FactsheetPage).get_document(page)

    assert document["_all_text_boost_2_0__da"] == ["Levende museer"]
    danish_text = document["_all_text__da"]
    for text in (
        "Levende museer",
        "Hvordan museerne inddrager besøgende",
        "Erfaringer fra udstillingerne",
        "Bæredygtighed",  # from the nested themes
    ):
        assert text in danish_text
    assert not [key for key in document if key.endswith(("__en", "__de", "__it", "__el"))]


def test_an_english_page_is_analysed_in_english(backend, home_page):
    page = FactsheetPageFactory(parent=home_page, title="Living museums", summary="Visitors")
    document = backend.mapping_class(FactsheetPage).get_document(
        FactsheetPage.objects.get(pk=page.pk)
    )

    assert document["_all_text_boost_2_0__en"] == ["Living museums"]
    assert "Visitors" in document["_all_text__en"]
    assert "_all_text__da" not in document


@pytest.mark.django_db
def test_a_board_listing_is_analysed_in_the_language_it_is_written_in(backend):
    listing = ListingFactory(
        language="de", title="Partner für Ausstellungen gesucht", description="Museen"
    )
    document = backend.mapping_class(Listing).get_document(listing)

    assert "Partner für Ausstellungen gesucht" in document["_all_text__de"]
    assert "Museen" in document["_all_text__de"]
    assert "_all_text__en" not in document


@pytest.mark.django_db
def test_text_in_a_language_without_an_analyzer_stays_language_neutral(backend):
    listing = ListingFactory(language="sv", title="Partners sökes")
    document = backend.mapping_class(Listing).get_document(listing)

    assert document["title"] == "Partners sökes"  # still indexed, and copied to _all_text
    assert not [key for key in document if "__" in key and key.startswith("_all_text")]


def test_a_search_queries_every_language_field_and_keeps_the_locale_filter(backend, locales):
    queryset = Page.objects.live().filter(locale=locales["da"])
    compiler = backend.query_compiler_class(queryset, "museer")

    assert compiler.get_query() == {
        "bool": {
            "must": {"multi_match": {"query": "museer", "fields": ALL_TEXT_FIELDS}},
            "filter": [
                {"match": {"_django_content_type": "wagtailcore.Page"}},
                {
                    "bool": {
                        "must": [
                            {"term": {"live_filter": True}},
                            {"term": {"locale_id_filter": locales["da"].pk}},
                        ]
                    }
                },
            ],
        }
    }


def test_a_phrase_search_uses_the_language_fields_too(backend):
    compiler = backend.query_compiler_class(Page.objects.all(), Phrase("levende museer"))

    assert compiler.get_query()["bool"]["must"] == {
        "multi_match": {"query": "levende museer", "fields": ALL_TEXT_FIELDS, "type": "phrase"}
    }


def test_a_search_in_chosen_fields_searches_only_those(backend):
    compiler = backend.query_compiler_class(FactsheetPage.objects.all(), "museer", fields=["title"])

    assert compiler.get_query()["bool"]["must"] == {
        "match": {"title": {"query": "museer", "boost": 2.0}}
    }


def test_autocomplete_still_matches_word_beginnings_only(backend):
    compiler = backend.autocomplete_query_compiler_class(Page.objects.all(), "muse")

    assert compiler.get_query()["bool"]["must"] == {"match": {"_edgengrams": {"query": "muse"}}}


def test_the_backend_sends_this_query_to_the_page_index(locales, monkeypatch):
    backend = es.Elasticsearch9SearchBackend({**UNREACHABLE, "INDEX_PREFIX": "hub_"})
    sent = []

    def fake_search(**request):
        sent.append(request)
        return {"hits": {"hits": [], "total": {"value": 0}}}

    monkeypatch.setattr(backend.es, "search", fake_search)
    queryset = Page.objects.live().filter(locale=locales["de"])

    assert list(backend.search("Museen", queryset)[:10]) == []
    [request] = sent
    assert request["index"] == "hub_wagtailcore_page"
    assert request["size"] == 10
    assert request["query"]["bool"]["must"] == {
        "multi_match": {"query": "Museen", "fields": ALL_TEXT_FIELDS}
    }
