"""Wagtail's SQLite (FTS5) search backend, ranking index entries before loading objects.

modelsearch's SQLite backend filters the queryset by the matching entries and then scores each
object with a correlated subquery that runs the full-text match again: one FTS5 search per
matching object, seconds to minutes for a common word at 10,000 pages. Here, as on PostgreSQL
(``search.multilingual``), a shortlist of matching entries is ranked with ``bm25`` in one query
and the objects are loaded by primary key afterwards.

Scores keep FTS5's convention: ``bm25`` is negative and the best match has the lowest score.
Imported by ``search.multilingual`` only where the database is SQLite with FTS5.
"""

from django.db.models import FloatField, Func

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from search.ranking import RankedEntriesBackend, RankedEntriesResults

# A title match counts this many times a match in the body (columns: autocomplete, body, title).
BM25_WEIGHTS = (0.0, 1.0, 2.0)


class WeightedBM25(Func):
    output_field = FloatField()
    template = (
        f"bm25({SQLiteFTSIndexEntry._meta.db_table}, "
        f"{', '.join(str(weight) for weight in BM25_WEIGHTS)})"
    )


class RankedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    def supports_ranked_entries(self) -> bool:
        """Whether ``ranked_scores`` answers this search; match-all, negated queries,
        chosen fields and unranked searches stay modelsearch's."""
        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)):
            return False
        return self.fields is None and self.order_by_relevance

    def ranked_scores(self, config, candidates: int) -> dict:
        """Primary key -> score of the best matches, best first.

        Every match is ranked: FTS5 computes ``bm25`` cheaply while it walks its own
        matches (under 10 ms for 6,600 matches at 10,000 pages), whereas asking it for
        chosen rows costs a seek each. The best ``candidates`` are kept; the queryset's own
        filters apply afterwards (``search.ranking``).
        """
        search_query = self.build_search_query(normalize(self.query), config=config)
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(["title", "body"], search_query),
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
            )
            .annotate(score=WeightedBM25())
            .order_by("score", "-pk")
            .values_list("index_entry__object_id", "score")[:candidates]
        )
        to_python = self.queryset.model._meta.pk.to_python
        scores = {}
        for object_id, score in ranked:
            scores.setdefault(to_python(object_id), score)
        return scores


class RankedSQLiteSearchResults(RankedEntriesResults, SQLiteSearchResults):
    pass


class RankedSQLiteSearchBackend(RankedEntriesBackend, SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteQueryCompiler
    results_class = RankedSQLiteSearchResults
