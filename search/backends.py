"""The one door to the search backend, with a way round it when the backend is down.

Every search the site runs goes through ``search_with_fallback``: a search server that is down,
slow or misconfigured must cost the visitor some relevance, never the page.
"""

import logging
from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.search.backends import InvalidSearchBackendError, get_search_backend
from wagtail.search.index import SearchField
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

from .ranking import rows_from_objects

logger = logging.getLogger(__name__)

# Alias of the database backend in WAGTAILSEARCH_BACKENDS, kept beside a search server.
FALLBACK_BACKEND = "database"
SCORE_FIELD = "_score"


def search_with_fallback(
    *,
    queryset,
    query,
    limit: int = 200,
    backend: str = "default",
    autocomplete: bool = False,
    values: tuple[str, ...] | None = None,
    **kwargs,
) -> tuple[list, bool]:
    """Run ``query`` on ``queryset`` and return ``(results, limited)``.

    Results are model instances in relevance order, at most ``limit``, each with a ``_score``
    (0 when the ORM answered); with ``values`` (column names), dicts of those columns plus
    ``pk`` and ``_score`` instead, which the database backends give without building objects.
    ``limited`` is True when the default backend failed and the database backend, or failing
    that a plain ``icontains`` on the title, answered instead. ``autocomplete`` matches the last
    word as a prefix (suggestions as you type). ``kwargs`` go to the backend's ``search()`` or
    ``autocomplete()`` (``operator``, ``fields``...).
    """
    if autocomplete:
        kwargs["_method"] = "autocomplete"
    if values is not None:
        kwargs["_values"] = values
    try:
        return _run(get_search_backend(backend), queryset, query, limit, kwargs), False
    except Exception:
        logger.warning("Search backend %r failed; falling back", backend, exc_info=True)
    try:
        fallback = get_search_backend(FALLBACK_BACKEND)
    except InvalidSearchBackendError:
        fallback = None
    if fallback is not None and backend != FALLBACK_BACKEND:
        try:
            return _run(fallback, queryset, query, limit, kwargs), True
        except Exception:
            logger.warning("Fallback search backend failed too", exc_info=True)
    results = _orm_search(queryset, query, limit)
    if values is not None:
        return rows_from_objects(results, values, SCORE_FIELD), True
    return results, True


def _run(backend, queryset, query, limit, kwargs) -> list:
    kwargs = dict(kwargs)
    method = getattr(backend, kwargs.pop("_method", "search"))
    values = kwargs.pop("_values", None)
    results = method(query, queryset, **kwargs).annotate_score(SCORE_FIELD)[:limit]
    # Evaluated here, inside the caller's try: search results are lazy and would otherwise
    # fail later, in the template.
    if values is None:
        return list(results)
    if hasattr(results, "ranked_rows"):  # the database backends (search.ranking)
        return results.ranked_rows(values)
    return rows_from_objects(results, values, SCORE_FIELD)


def _orm_search(queryset, query, limit) -> list:
    field = _orm_field(queryset.model)
    terms = query_terms(query)
    if field is None or not terms:
        return []
    condition = reduce(or_, (Q(**{f"{field}__icontains": term}) for term in terms))
    results = list(queryset.filter(condition).order_by("-pk")[:limit])
    for result in results:
        setattr(result, SCORE_FIELD, 0.0)
    return results


def _orm_field(model) -> str | None:
    """The field the ORM fallback looks in: the title, else the first indexed text column."""
    names = [
        field.field_name
        for field in model.get_search_fields()
        if isinstance(field, SearchField) and _is_text_column(model, field.field_name)
    ]
    if "title" in names:
        return "title"
    return names[0] if names else None


def _is_text_column(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    return field.get_internal_type() in ("CharField", "TextField")


def query_terms(query) -> list[str]:
    """The words of a query string or of a parsed ``wagtail.search.query`` tree."""
    if isinstance(query, str):
        return [term for term in query.split() if term]
    if isinstance(query, PlainText):
        return query_terms(query.query_string)
    if isinstance(query, Phrase):
        return [query.query_string]
    if isinstance(query, (And, Or)):
        return [term for sub in query.subqueries for term in query_terms(sub)]
    if isinstance(query, Boost):
        return query_terms(query.subquery)
    return []
