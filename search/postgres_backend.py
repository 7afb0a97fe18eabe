"""The PostgreSQL backend of ``search.multilingual``: a stemmer per language.

Imported by ``search.multilingual.SearchBackend`` on PostgreSQL only: it needs psycopg, which
SQLite installs may lack.

Two things differ from modelsearch's PostgreSQL backend, for speed at 100,000 documents:

- Searching ranks a bounded shortlist of index entries first (one statement of our own, the
  match on a GIN index on ``title || body``, migration ``search.0001``) and applies the
  queryset's filters to the best keys afterwards (``search.ranking``). modelsearch joins every
  object of the queryset to its entry on ``object_id = id::text`` and ranks after the join; the
  planner cannot estimate that join and picked nested loops (minutes at 10,000 pages).
- Indexing extracts each object's text in one pass and writes a chunk with one statement whose
  text is constant (arrays as parameters), with each row's own configuration; modelsearch walks
  the search fields five times per object and builds one ``to_tsvector`` call per value.
"""

from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import CharField, F, Func, Subquery
from django.db.models.functions import Cast

from wagtail.models import Locale

from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .ranking import RankedEntriesBackend, RankedEntriesResults

# PostgreSQL text search configuration per language code; anything else is indexed "simple".
TEXT_SEARCH_CONFIGS = {
    "en": "english",
    "da": "danish",
    "de": "german",
    "it": "italian",
    "el": "greek",
}
FALLBACK_CONFIG = "simple"
WEIGHTS = "ABCD"
# Stemmed queries remembered per process (query -> its distinct stemmed tsqueries as text); the
# stemmers do not change while the server runs.
STEMMED_QUERIES_KEPT = 2048
_stemmed_texts: dict[str, tuple[str, ...]] = {}


def config_for_language(language_code: str | None) -> str:
    return TEXT_SEARCH_CONFIGS.get((language_code or "").split("-")[0], FALLBACK_CONFIG)


def _insert_sql(table: str) -> str:
    """One INSERT for a whole chunk: the statement text never changes, the rows come as arrays."""
    columns = ["object_id", "config", "autocomplete", "title_text", "body_text"]
    columns += [f"title_{weight}" for weight in WEIGHTS] + [f"body_{weight}" for weight in WEIGHTS]

    def vector(part: str) -> str:
        return " || ".join(
            f"setweight(to_tsvector(r.config::regconfig, r.{part}_{weight}), '{weight}')"
            for weight in WEIGHTS
        )

    arrays = ", ".join(f"%({name})s::text[]" for name in columns)
    return f"""
        INSERT INTO {table}
            (content_type_id, object_id, title, autocomplete, body, title_norm, title_text,
             body_text)
        SELECT %(content_type_id)s, r.object_id, {vector("title")},
            setweight(to_tsvector('simple', r.autocomplete), 'D'), {vector("body")}, 1.0,
            r.title_text, r.body_text
        FROM unnest({arrays}) AS r({", ".join(columns)})
        ON CONFLICT (content_type_id, object_id)
        DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,
            autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
            title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
    """  # noqa: S608 - the table name and column names are ours, the values are parameters


def _ranking_sql(table: str, title_rank: str, body_rank: str) -> str:
    """The shortlist of ``ranked_scores`` ranked. The title matches are found once (a CTE used
    twice is materialised); the test on their number is uncorrelated, so PostgreSQL evaluates
    it once and skips the scan of the matches anywhere when it fails."""
    return f"""
        WITH in_title AS MATERIALIZED (
            SELECT id FROM {table}
            WHERE content_type_id = ANY(%s) AND title @@ %s::tsquery
            LIMIT %s
        ), shortlist AS (
            SELECT id FROM in_title
            UNION
            (SELECT id FROM {table}
             WHERE (SELECT count(*) FROM in_title) < %s
                 AND content_type_id = ANY(%s) AND (title || body) @@ %s::tsquery
             LIMIT %s)
        )
        SELECT entry.object_id, {title_rank} * entry.title_norm + {body_rank} AS rank
        FROM {table} entry JOIN shortlist USING (id)
        ORDER BY rank DESC, entry.id DESC
    """  # noqa: S608 - the table name and rank terms are ours, the values are parameters


def _title_norm_sql(table: str) -> str:
    # modelsearch's title_norm (average title length / this title's length), computed for the
    # rows just written only: its own refresh scans the whole table for rows still at 1.0.
    return f"""
        UPDATE {table} SET title_norm = average.length / length(title)
        FROM (SELECT avg(length(title)) AS length FROM {table} WHERE length(title) > 0) average
        WHERE content_type_id = %s AND object_id = ANY(%s) AND length(title) > 0
    """  # noqa: S608 - the table name is ours


def _language_of(obj, locale_codes: dict) -> str | None:
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is not None:
        return locale_codes.get(locale_id)
    language = getattr(obj, "language", None)
    return language if isinstance(language, str) else None


_ENTRY_TABLE = IndexEntry._meta.db_table
_INSERT_SQL, _TITLE_NORM_SQL = _insert_sql(_ENTRY_TABLE), _title_norm_sql(_ENTRY_TABLE)


class MultilingualPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        if not objs or not model.get_search_fields():
            return
        locale_codes = dict(Locale.objects.values_list("pk", "language_code"))
        rows = [self._row(obj, locale_codes) for obj in objs]
        params = {name: [row[name] for row in rows] for name in rows[0]}
        params["content_type_id"] = content_type_pk = get_content_type_pk(model)
        with self.write_connection.cursor() as cursor:
            cursor.execute(_INSERT_SQL, params)
            cursor.execute(_TITLE_NORM_SQL, [content_type_pk, params["object_id"]])

    def _row(self, obj, locale_codes) -> dict:
        """The object's texts by vector and weight, read in one pass over its fields."""
        indexer = ObjectIndexer(obj, self.backend)
        texts = {f"{part}_{weight}": [] for part in ("title", "body") for weight in WEIGHTS}
        autocomplete = []
        for search_field in indexer.search_fields:
            for field, weight, value in indexer.prepare_field(obj, search_field):
                value = value.strip()
                if not value:
                    continue
                if isinstance(field, AutocompleteField):
                    autocomplete.append(value)
                elif isinstance(field, SearchField):
                    part = "title" if field.field_name == "title" else "body"
                    texts[f"{part}_{weight}"].append(value)
        row = {name: "\n".join(values) for name, values in texts.items()}
        row["title_text"] = " ".join(value for w in WEIGHTS for value in texts[f"title_{w}"])
        row["body_text"] = " ".join(value for w in WEIGHTS for value in texts[f"body_{w}"])
        row["autocomplete"] = "\n".join(autocomplete)
        row["object_id"] = indexer.id
        row["config"] = config_for_language(_language_of(obj, locale_codes))
        return row


class StemmedQuery(SearchQuery):
    """A tsquery given as its text, whose lexemes are stemmed already (not again)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = compiler.compile(self.source_expressions[-1])
        return f"{sql}::tsquery", params


class MultilingualPostgresQueryCompiler(PostgresSearchQueryCompiler):
    def build_tsquery(self, query, config=None):
        # Built once per part of the query: ranking asks for the same parts again.
        built = self.__dict__.setdefault("_built_tsqueries", {})
        if id(query) not in built:
            built[id(query)] = (query, self._distinct_variants(query))
        return built[id(query)][1]

    def _distinct_variants(self, query):
        """The query stemmed in every language, each distinct result once.

        Most words stem alike in several languages (and "simple" keeps them as typed), so
        the six variants are often two or three: the others would only make the index search
        and ranking look up the same lexemes again. PostgreSQL stems them (one query), and
        the result is remembered: the search page asks for the same query three times
        (pages, transcripts, listings), and building the six variants is most of the cost.
        """
        variants = [
            self.build_tsquery_content(query, config=language_config)
            for language_config in (*TEXT_SEARCH_CONFIGS.values(), FALLBACK_CONFIG)
        ]
        variants = [variant for variant in variants if variant is not None]
        if not variants:
            return None
        key = repr(query)
        texts = _stemmed_texts.get(key)
        if texts is None:
            texts = self._stem(variants)
            if len(_stemmed_texts) >= STEMMED_QUERIES_KEPT:
                _stemmed_texts.clear()
            _stemmed_texts[key] = texts
        if not texts:  # only stop words: matches nothing, as before
            return reduce(or_, variants)
        return StemmedQuery(" | ".join(f"( {text} )" for text in texts))

    def _stem(self, variants) -> tuple[str, ...]:
        sql_compiler = IndexEntry._default_manager.none().query.get_compiler(connection=connection)
        rows, params = [], []
        for variant in variants:
            sql, variant_params = variant.resolve_expression(sql_compiler.query).as_sql(
                sql_compiler, connection
            )
            rows.append(f"(({sql})::tsquery)")
            params.extend(variant_params)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT variant::text FROM (VALUES "  # noqa: S608 - ours
                + ", ".join(rows)
                + ") AS stemmed(variant) WHERE numnode(variant) > 0",
                params,
            )
            return tuple(sorted(text for (text,) in cursor.fetchall()))

    def supports_ranked_entries(self) -> bool:
        """Whether ``ranked_scores`` answers this search (what the search page asks);
        anything else (fuzzy, match-all, chosen fields, no ranking) is modelsearch's."""
        query = self.query
        if isinstance(query, (MatchAll, Fuzzy)) or (
            isinstance(query, Not) and isinstance(query.subquery, MatchAll)
        ):
            return False
        return self.fields is None and self.order_by_relevance

    def matching_entries(self, config):
        """The index entries of the model's objects that match the query."""
        return IndexEntry._default_manager.annotate(
            # The same expression as the GIN index of migration search.0001.
            _vector_=Func(
                F("title"),
                F("body"),
                function="",
                arg_joiner=" || ",
                output_field=SearchVectorField(),
            )
        ).filter(
            content_type_id__in=get_descendants_content_types_pks(self.queryset.model),
            _vector_=self.build_tsquery(self.query, config=config),
        )

    def ranked_scores(self, config, candidates: int) -> dict:
        """Primary key -> score of the best matches, best first.

        Ranking costs a ``ts_rank`` per matching entry and reading its row, and a common
        word matches most of the index. So at most ``candidates`` entries that match in the
        title (the title dominates the score) are ranked, and where fewer match there, also
        ``candidates`` that match anywhere; taken in the order the indexes yield them:
        asking for the newest or the shortest titles first would read every match again to
        sort them (seconds at 100,000 entries). A query with fewer matches is ranked
        exactly as modelsearch does (the same ``ts_rank`` terms). The queryset's own
        filters apply afterwards (``search.ranking``).

        One statement of our own: built through the ORM it costs 5 ms of Python per search,
        and the search page runs three.
        """
        match = self.build_tsquery(self.query, config=config)
        if not isinstance(match, StemmedQuery):  # no words, or only stop words
            return {}
        title_rank, title_params = self._rank_sql(self.query, "title", config)
        body_rank, body_params = self._rank_sql(self.query, "body", config)
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        params = [
            *(content_types, match.text, candidates),
            *(candidates, content_types, match.text, candidates),
            *title_params,
            *body_params,
        ]
        with connection.cursor() as cursor:
            cursor.execute(_ranking_sql(_ENTRY_TABLE, title_rank, body_rank), params)
            rows = cursor.fetchall()
        to_python = self.queryset.model._meta.pk.to_python
        scores = {}
        for object_id, score in rows:
            scores.setdefault(to_python(object_id), score)
        return scores

    def _rank_sql(self, query, vector: str, config, boost: float = 1.0):
        """modelsearch's relevance of ``query`` on one vector column, as SQL and params."""
        if isinstance(query, (Phrase, PlainText, Not)):
            tsquery = self.build_tsquery(query, config=config)
            if not isinstance(tsquery, StemmedQuery):  # only stop words: matches nothing
                return "0", []
            sql = f"ts_rank(%s::float4[], entry.{vector}, %s::tsquery)"
            if boost == 1.0:
                return sql, [self.sql_weights, tsquery.text]
            return f"{sql} * %s", [self.sql_weights, tsquery.text, boost]
        if isinstance(query, Boost):
            return self._rank_sql(query.subquery, vector, config, boost * query.boost)
        if isinstance(query, (And, Or)):
            parts = [self._rank_sql(sub, vector, config, boost) for sub in query.subqueries]
            params = [param for _sql, sub_params in parts for param in sub_params]
            if isinstance(query, And):
                product = " * ".join(f"(1 + {sql})" for sql, _params in parts)
                return f"({product} - 1)", params
            total = " + ".join(sql for sql, _params in parts)
            return f"(({total}) / {len(parts) or 1})", params
        raise NotImplementedError(f"{type(query).__name__} is not ranked here")


class MultilingualPostgresSearchResults(RankedEntriesResults, PostgresSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        if not self._ranks_entries():
            return super()._do_count()
        allowed = compiler.queryset.order_by().annotate(
            _search_object_id=Cast("pk", CharField(max_length=50))
        )
        return (
            compiler.matching_entries(compiler.get_config(self.backend))
            .filter(object_id__in=Subquery(allowed.values("_search_object_id")))
            .count()
        )


class MultilingualPostgresSearchBackend(RankedEntriesBackend, PostgresSearchBackend):
    query_compiler_class = MultilingualPostgresQueryCompiler
    index_class = MultilingualPostgresIndex
    results_class = MultilingualPostgresSearchResults
