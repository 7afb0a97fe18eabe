"""The modelsearch internals the project's search backends build on, checked one by one.

search.es, search.es_opensearch, search.multilingual, search.sqlite_ranked and search.ranking
subclass modelsearch classes, override their methods and call private ones. modelsearch is
pinned (``~=`` in pyproject.toml), but an upgrade within the pin, or a deliberate one, could
rename or reshape any of them; the failure would then show up as wrong results or a 500 in
production. These tests fail first, and say which internal changed.
"""

import importlib
import inspect

from django.db import connection, models

import pytest

SQLITE_PACKAGE = "modelsearch.backends.database.sqlite"


def _skip_sqlite_module_off_sqlite(module: str) -> None:
    """modelsearch declares its SQLite FTS model only when the database is SQLite."""
    if module.startswith(SQLITE_PACKAGE) and connection.vendor != "sqlite":
        pytest.skip("the SQLite search module loads only on SQLite")


# (module, attribute) pairs the project imports from modelsearch.
IMPORTED_NAMES = [
    ("modelsearch.backends", "elasticsearch8"),
    ("modelsearch.backends", "elasticsearch9"),
    ("modelsearch.backends", "opensearch2"),
    ("modelsearch.backends", "opensearch3"),
    ("modelsearch.backends.elasticsearchbase", "Field"),
    ("modelsearch.index", "RelatedFields"),
    ("modelsearch.index", "SearchField"),
    ("modelsearch.index", "AutocompleteField"),
    ("modelsearch.utils", "deep_update"),
    ("modelsearch.utils", "get_content_type_pk"),
    ("modelsearch.utils", "get_descendants_content_types_pks"),
    ("modelsearch.query", "And"),
    ("modelsearch.query", "Boost"),
    ("modelsearch.query", "Fuzzy"),
    ("modelsearch.query", "MatchAll"),
    ("modelsearch.query", "Not"),
    ("modelsearch.query", "Or"),
    ("modelsearch.query", "Phrase"),
    ("modelsearch.query", "PlainText"),
    ("modelsearch.backends.database.postgres.postgres", "IndexEntry"),
    ("modelsearch.backends.database.postgres.postgres", "ObjectIndexer"),
    ("modelsearch.backends.database.postgres.postgres", "PostgresIndex"),
    ("modelsearch.backends.database.postgres.postgres", "PostgresSearchBackend"),
    ("modelsearch.backends.database.postgres.postgres", "PostgresSearchQueryCompiler"),
    ("modelsearch.backends.database.postgres.postgres", "PostgresSearchResults"),
    ("modelsearch.backends.database.sqlite.query", "MatchExpression"),
    ("modelsearch.backends.database.sqlite.query", "normalize"),
    ("modelsearch.backends.database.sqlite.sqlite", "SQLiteFTSIndexEntry"),
    ("modelsearch.backends.database.sqlite.sqlite", "SQLiteSearchBackend"),
    ("modelsearch.backends.database.sqlite.sqlite", "SQLiteSearchQueryCompiler"),
    ("modelsearch.backends.database.sqlite.sqlite", "SQLiteSearchResults"),
]


def _resolve(module: str, name: str):
    """``from module import name``: an attribute, or else a submodule."""
    try:
        return getattr(importlib.import_module(module), name)
    except AttributeError:
        return importlib.import_module(f"{module}.{name}")


@pytest.mark.parametrize(("module", "name"), IMPORTED_NAMES, ids=lambda value: str(value))
def test_every_name_the_project_imports_from_modelsearch_exists(module, name):
    _skip_sqlite_module_off_sqlite(module)
    try:
        _resolve(module, name)
    except ImportError as error:
        pytest.fail(f"{module}.{name} is gone: {error}")


# (class, method, the parameters our override or call passes, in order).
METHODS = [
    # search.es: the per-language mapping and query compiler.
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseMapping", "__init__", ["model"]),
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseMapping", "get_mapping", []),
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseMapping", "get_document", ["obj"]),
    (
        "modelsearch.backends.elasticsearchbase.ElasticsearchBaseMapping",
        "get_field_column_name",
        ["field"],
    ),
    (
        "modelsearch.backends.elasticsearchbase.ElasticsearchBaseMapping",
        "get_boost_field_name",
        ["boost"],
    ),
    (
        "modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchQueryCompiler",
        "_remap_fields",
        ["fields"],
    ),
    # search.multilingual: the PostgreSQL index, compiler and results.
    (
        "modelsearch.backends.database.postgres.postgres.PostgresIndex",
        "add_items",
        ["model", "objs"],
    ),
    (
        "modelsearch.backends.database.postgres.postgres.ObjectIndexer",
        "__init__",
        ["obj", "backend"],
    ),
    (
        "modelsearch.backends.database.postgres.postgres.ObjectIndexer",
        "prepare_field",
        ["obj", "field"],
    ),
    (
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler",
        "build_tsquery",
        ["query", "config"],
    ),
    (
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler",
        "build_tsquery_content",
        ["query", "config"],
    ),
    (
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler",
        "get_config",
        ["backend"],
    ),
    ("modelsearch.backends.database.postgres.postgres.PostgresSearchResults", "_do_count", []),
    ("modelsearch.backends.database.postgres.postgres.PostgresSearchResults", "_do_search", []),
    # search.sqlite_ranked.
    (
        "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchQueryCompiler",
        "build_search_query",
        ["query", "config"],
    ),
    (
        "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchQueryCompiler",
        "get_config",
        ["backend"],
    ),
    ("modelsearch.backends.database.sqlite.sqlite.SQLiteSearchResults", "_do_search", []),
    # search.ranking and the fallback: every backend's base search and results.
    ("modelsearch.backends.base.BaseSearchBackend", "__init__", ["params"]),
    # Also what the fallback passes on to the database backend.
    (
        "modelsearch.backends.base.BaseSearchBackend",
        "search",
        ["query", "model_or_queryset", "fields", "operator", "order_by_relevance"],
    ),
    (
        "modelsearch.backends.base.BaseSearchBackend",
        "autocomplete",
        ["query", "model_or_queryset", "fields", "operator", "order_by_relevance"],
    ),
    ("modelsearch.backends.base.BaseSearchResults", "annotate_score", ["field_name"]),
    # cms.core.search_fallback.DatabaseFallbackResults: what a search server's results evaluate.
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchResults", "_do_search", []),
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchResults", "_do_count", []),
    (
        "modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchResults",
        "facet",
        ["field_name"],
    ),
]


@pytest.mark.parametrize(("path", "method", "parameters"), METHODS, ids=lambda value: str(value))
def test_the_methods_the_project_overrides_or_calls_keep_their_parameters(path, method, parameters):
    module, class_name = path.rsplit(".", 1)
    _skip_sqlite_module_off_sqlite(module)
    cls = _resolve(module, class_name)
    function = getattr(cls, method, None)
    assert callable(function), f"{path}.{method} is gone"
    names = [name for name in inspect.signature(function).parameters if name != "self"]
    assert names[: len(parameters)] == parameters, (
        f"{path}.{method} now takes {names}; the project passes {parameters}"
    )


# Attributes set in __init__ that our subclasses read (checked on real instances).
def test_compilers_and_results_carry_the_attributes_the_ranking_reads():
    from wagtail.models import Page

    from modelsearch.backends.base import BaseSearchResults
    from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler

    compiler = PostgresSearchQueryCompiler(Page.objects.all(), "museum")
    for attribute in ("queryset", "query", "fields", "order_by_relevance", "sql_weights"):
        assert hasattr(compiler, attribute), f"the query compiler has no {attribute!r}"
    source = inspect.getsource(BaseSearchResults)
    for attribute in ("self.start", "self.stop", "self._score_field", "self.query_compiler"):
        assert attribute in source, f"BaseSearchResults no longer sets {attribute}"


def test_the_index_tables_keep_the_columns_our_sql_writes():
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    columns = {field.name for field in IndexEntry._meta.get_fields()}
    for column in ("content_type", "object_id", "title", "autocomplete", "body", "title_norm"):
        assert column in columns, f"IndexEntry has no {column!r} column"


def test_the_sqlite_full_text_table_keeps_the_columns_our_sql_writes():
    _skip_sqlite_module_off_sqlite(SQLITE_PACKAGE)
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    fts_columns = {field.name for field in SQLiteFTSIndexEntry._meta.get_fields()}
    for column in ("index_entry", "title", "body"):
        assert column in fts_columns, f"SQLiteFTSIndexEntry has no {column!r} column"
    assert isinstance(
        SQLiteFTSIndexEntry._meta.get_field("index_entry"), models.OneToOneField | models.ForeignKey
    )


def test_the_elasticsearch_backends_keep_the_class_attributes_we_replace():
    from modelsearch.backends import elasticsearch8, elasticsearch9, opensearch2, opensearch3

    backends = [
        elasticsearch8.Elasticsearch8SearchBackend,
        elasticsearch9.Elasticsearch9SearchBackend,
        opensearch2.OpenSearch2SearchBackend,
        opensearch3.OpenSearch3SearchBackend,
    ]
    for backend in backends:
        for attribute in (
            "mapping_class",
            "query_compiler_class",
            "autocomplete_query_compiler_class",
            "results_class",
        ):
            assert hasattr(backend, attribute), f"{backend.__name__} has no {attribute}"
        # Our analyzers are merged into these index settings (search.es.with_language_settings).
        assert "analysis" in backend.settings["settings"], backend.__name__
