"""Wagtail's database search backend with a stemmer per language on PostgreSQL.

Use it as ``"BACKEND": "search.multilingual"`` in ``WAGTAILSEARCH_BACKENDS``. On PostgreSQL each
object is indexed with the text search configuration of its own language (a page's locale, a
transcript cue's or a listing's ``language``), so German text is stemmed as German ("Museen"
and "Museum" meet at "muse"). A query is stemmed in every site language and the variants are
OR-ed: the visitor need not say which language they typed in, and a stem only matches documents
indexed with the same stemmer.

On SQLite (development) and MySQL this is Wagtail's own database backend unchanged: FTS5 has
no stemmer for Danish, German, Italian or Greek (its ``porter`` tokenizer is English only and
Wagtail does not enable it), so there a word matches only in the form typed.
"""

from functools import cache, reduce
from operator import or_

from django.db import connection

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

# PostgreSQL text search configuration per language code; anything else is indexed "simple".
TEXT_SEARCH_CONFIGS = {
    "en": "english",
    "da": "danish",
    "de": "german",
    "it": "italian",
    "el": "greek",
}
FALLBACK_CONFIG = "simple"


def config_for_language(language_code: str | None) -> str:
    return TEXT_SEARCH_CONFIGS.get((language_code or "").split("-")[0], FALLBACK_CONFIG)


def SearchBackend(params):
    if connection.vendor != "postgresql":
        return DatabaseSearchBackend(params)
    return _postgres_backend_class()(params)


@cache
def _postgres_backend_class():
    # Imported late: the PostgreSQL module needs psycopg, which SQLite installs may lack.
    from copy import copy

    from wagtail.models import Locale

    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )

    class MultilingualPostgresIndex(PostgresIndex):
        def add_items(self, model, objs):
            # The indexer takes its configuration from the backend, so each language's objects
            # are written through a copy of the backend set to that language's configuration.
            locale_codes = dict(Locale.objects.values_list("pk", "language_code"))
            groups: dict[str, list] = {}
            for obj in objs:
                config = config_for_language(_language_of(obj, locale_codes))
                groups.setdefault(config, []).append(obj)
            for config, group in groups.items():
                backend = copy(self.backend)
                backend.config = config
                PostgresIndex(backend).add_items(model, group)

    class MultilingualPostgresQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery(self, query, config=None):
            variants = [
                self.build_tsquery_content(query, config=language_config)
                for language_config in (*TEXT_SEARCH_CONFIGS.values(), FALLBACK_CONFIG)
            ]
            variants = [variant for variant in variants if variant is not None]
            return reduce(or_, variants) if variants else None

    class MultilingualPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = MultilingualPostgresQueryCompiler
        index_class = MultilingualPostgresIndex
        results_class = PostgresSearchResults

    return MultilingualPostgresSearchBackend


def _language_of(obj, locale_codes: dict) -> str | None:
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is not None:
        return locale_codes.get(locale_id)
    language = getattr(obj, "language", None)
    return language if isinstance(language, str) else None
