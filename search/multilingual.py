"""Wagtail's database search backend with a stemmer per language on PostgreSQL.

Use it as ``"BACKEND": "search.multilingual"`` in ``WAGTAILSEARCH_BACKENDS``. On PostgreSQL each
object is indexed with the text search configuration of its own language (a page's locale, a
transcript cue's or a listing's ``language``), so German text is stemmed as German ("Museen"
and "Museum" meet at "muse"). A query is stemmed in every site language and the distinct variants
are OR-ed: the visitor need not say which language they typed in, and a stem only matches
documents indexed with the same stemmer.

On SQLite (development) this is Wagtail's FTS5 backend ranking index entries first in the same
way (``search.sqlite_ranked``); on MySQL it is Wagtail's own backend unchanged. FTS5 has no
stemmer for Danish, German, Italian or Greek (its ``porter`` tokenizer is English only and Wagtail
does not enable it), so on SQLite a word matches only in the form typed.

The PostgreSQL backend is ``search.postgres_backend``, imported only on PostgreSQL: it needs
psycopg, which SQLite installs may lack.
"""

from django.db import connection

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):
    if connection.vendor == "postgresql":
        from .postgres_backend import MultilingualPostgresSearchBackend

        return MultilingualPostgresSearchBackend(params)
    backend = DatabaseSearchBackend(params)
    # Wagtail's picks SQLite's FTS5 backend where FTS5 is there (else a plain LIKE fallback).
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    if isinstance(backend, SQLiteSearchBackend):
        from .sqlite_ranked import RankedSQLiteSearchBackend

        return RankedSQLiteSearchBackend(params)
    return backend
