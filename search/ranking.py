"""What the database backends share once they have ranked index entries.

Both backends (``search.multilingual`` on PostgreSQL, ``search.sqlite_ranked`` on SQLite) rank
the matching index entries in the database and give ``ranked_scores()`` (primary key -> score,
best first) from their query compiler. The queryset's own filters (live, public, its own
conditions) then apply to the ranked keys, instead of joining every object of the queryset to its
index entry on a text cast, which the planners cannot estimate.
"""

from cms.core.search_fallback import rows_from_objects

# Entries ranked per search: see each backend's ``ranked_scores``. A search matching fewer is
# ranked exactly. ``"RANKED_CANDIDATES"`` in the backend's settings.
DEFAULT_RANKED_CANDIDATES = 300


def rows_in_rank_order(queryset, scores: dict, start: int, stop: int | None, fields=()) -> list:
    """``{"pk", "_score", *fields}`` for the keys of ``scores`` that ``queryset`` allows, best
    first, sliced ``start:stop``.

    Most ranked entries are allowed (drafts and private pages are few), so the best keys are
    checked first, a quarter more than the slice needs, and further ones only if too many of
    those were refused: checking all 1,000 candidates cost a query four times the size.
    """
    keys = list(scores)
    if not keys:
        return []
    chunk = len(keys) if stop is None else max(stop + stop // 4, 20)
    names = ("pk", *fields)
    allowed = []
    for offset in range(0, len(keys), chunk):
        batch = keys[offset : offset + chunk]
        found = {row[0]: row for row in queryset.filter(pk__in=batch).values_list(*names)}
        allowed.extend(found[pk] for pk in batch if pk in found)
        if stop is not None and len(allowed) >= stop:
            break
    rows = [dict(zip(names, row, strict=True)) for row in allowed[start:stop]]
    for row in rows:
        row["_score"] = scores[row["pk"]]
    return rows


class RankedEntriesResults:
    """A results mixin: objects, or rows of chosen fields, in the order the compiler ranked.

    Searches the compiler cannot rank this way (autocomplete, match-all, chosen fields,
    unranked) stay the backend's own.
    """

    def _ranks_entries(self) -> bool:
        supports = getattr(self.query_compiler, "supports_ranked_entries", None)
        return supports is not None and supports()

    def ranked_rows(self, fields=()) -> list[dict]:
        """This slice of the results as ``{"pk", "_score", *fields}`` dicts (``fields`` are
        the model's column names), without building any object where the ranking allows."""
        if not self._ranks_entries():
            return rows_from_objects(self, fields, self._score_field)
        compiler = self.query_compiler
        scores = compiler.ranked_scores(
            compiler.get_config(self.backend), candidates=self.backend.ranked_candidates
        )
        return rows_in_rank_order(compiler.queryset, scores, self.start, self.stop, fields)

    def _do_search(self):
        if not self._ranks_entries():
            return super()._do_search()
        ranked = self.ranked_rows()
        objects = self.query_compiler.queryset.filter(pk__in=[row["pk"] for row in ranked])
        objects = objects.in_bulk()
        results = []
        for row in ranked:
            obj = objects.get(row["pk"])
            if obj is None:  # gone between the two queries
                continue
            if self._score_field:
                setattr(obj, self._score_field, row["_score"])
            results.append(obj)
        return results


class RankedEntriesBackend:
    """A backend mixin: how many candidates its compiler ranks (``RANKED_CANDIDATES``)."""

    def __init__(self, params):
        super().__init__(params)
        self.ranked_candidates = params.get("RANKED_CANDIDATES", DEFAULT_RANKED_CANDIDATES)
