"""The search settings: which backend SEARCH_BACKEND picks, its options, and the database alias
that is always there for the search page's fallback."""

import runpy

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wagtail.models import Page
from wagtail.search.backends import get_search_backend, get_search_backends_with_name

import pytest
from modelsearch.backends import import_backend
from modelsearch.backends.base import BaseSearchBackend
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

from search import es

SEARCH_ENV = ("SEARCH_BACKEND", "ELASTICSEARCH_URL", "SEARCH_INDEX_PREFIX", "SEARCH_TIMEOUT")


def load_base_settings(monkeypatch, **environment) -> dict:
    """Run cms/settings/base.py afresh under the given environment variables."""
    for name in SEARCH_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "cms" / "settings" / "base.py"))


def test_every_backend_module_in_the_settings_imports(monkeypatch):
    modules = load_base_settings(monkeypatch)["SEARCH_BACKEND_MODULES"]
    assert set(modules) == {
        "database",
        "elasticsearch",
        "elasticsearch8",
        "opensearch",
        "opensearch2",
    }
    for name, path in modules.items():
        if name.startswith("opensearch"):
            pytest.importorskip(
                "opensearchpy", reason="opensearch-py is not installed; OpenSearch backends need it"
            )
        backend_class = import_backend(path)
        # The database "backend" is a factory function choosing the class for the database.
        assert callable(backend_class), name
        if name != "database":
            assert issubclass(backend_class, BaseSearchBackend), name


def test_wagtail_and_modelsearch_paths_name_the_same_elasticsearch_backends():
    # Wagtail 8 keeps wagtail.search.backends.* as re-exports of modelsearch.backends.*; our
    # classes extend the modelsearch ones, so either spelling is the same engine underneath.
    assert import_backend("wagtail.search.backends.elasticsearch9") is import_backend(
        "modelsearch.backends.elasticsearch9"
    )
    assert issubclass(
        es.Elasticsearch9SearchBackend, import_backend("modelsearch.backends.elasticsearch9")
    )
    assert issubclass(
        es.Elasticsearch8SearchBackend, import_backend("modelsearch.backends.elasticsearch8")
    )


def test_default_is_the_database_and_the_fallback_alias_is_not_updated_twice(monkeypatch):
    backends = load_base_settings(monkeypatch)["WAGTAILSEARCH_BACKENDS"]
    assert backends == {
        "default": {"BACKEND": "search.multilingual"},
        "database": {"BACKEND": "search.multilingual", "AUTO_UPDATE": False},
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("choice", "backend_class"),
    [
        ("elasticsearch", es.Elasticsearch9SearchBackend),
        ("elasticsearch8", es.Elasticsearch8SearchBackend),
    ],
)
def test_elasticsearch_from_the_environment(monkeypatch, choice, backend_class):
    backends = load_base_settings(
        monkeypatch,
        SEARCH_BACKEND=choice,
        ELASTICSEARCH_URL="http://search-1:9200,https://search-2:9243/es",
        SEARCH_INDEX_PREFIX="hub_test_",
        SEARCH_TIMEOUT="2",
    )["WAGTAILSEARCH_BACKENDS"]

    assert backends["database"] == {"BACKEND": "search.multilingual", "AUTO_UPDATE": True}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        default = get_search_backend()
        assert type(default) is backend_class
        assert default.index_prefix == "hub_test_"
        assert default.timeout == 2
        assert [(host["host"], host["port"], host["scheme"]) for host in default.hosts] == [
            ("search-1", 9200, "http"),
            ("search-2", 9243, "https"),
        ]
        assert default.get_index_for_model(Page).name == "hub_test_wagtailcore_page"
        # Both indexes follow publishing: the search server and the database fallback.
        updated = dict(get_search_backends_with_name(with_auto_update=True))
        assert set(updated) == {"default", "database"}
        assert type(updated["default"]) is backend_class
        assert not isinstance(updated["database"], ElasticsearchBaseSearchBackend)
        assert type(updated["database"]).__module__.startswith(
            (
                "modelsearch.backends.database",
                "search.multilingual",
                "search.postgres_backend",
                "search.sqlite_ranked",
            )
        )


def test_opensearch_from_the_environment(monkeypatch):
    pytest.importorskip(
        "opensearchpy", reason="opensearch-py is not installed; OpenSearch backends need it"
    )
    from search import es_opensearch

    backends = load_base_settings(monkeypatch, SEARCH_BACKEND="opensearch")[
        "WAGTAILSEARCH_BACKENDS"
    ]
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        assert type(get_search_backend()) is es_opensearch.OpenSearch3SearchBackend


def test_an_unknown_backend_name_is_a_clear_configuration_error(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_BACKEND must be one of"):
        load_base_settings(monkeypatch, SEARCH_BACKEND="solr")


@pytest.mark.django_db
def test_the_test_settings_search_as_production_does_by_default():
    # The suite runs on the backend a default install uses, with its fallback alias.
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.multilingual"
    assert settings.WAGTAILSEARCH_BACKENDS["database"]["AUTO_UPDATE"] is False
    assert get_search_backend("database") is not None
