"""The way round a search server that is down, for every search the site and the admin run.

A search server that is down, slow or misconfigured must cost the visitor some relevance, never
the page. Two doors lead here:

- ``DatabaseFallbackResults`` is mixed into the search-server backends' results classes
  (``search.es``, ``search.es_opensearch``), so every caller of ``get_search_backend().search()``
  (the Wagtail admin's listings and choosers, the API, images, documents, snippets) gets results
  from the database backend while the server fails, without knowing it. Results that did are
  marked ``fell_back``, and ``search_fell_back()`` tells the request (the admin's notice,
  ``cms.core.middleware``).
- ``search_with_fallback`` is what the site search and the partner board call: it also says
  whether the results are limited, and has a last resort of its own (a plain ``icontains``) for
  any backend that fails, the database one included.

The database backend is the "database" alias in WAGTAILSEARCH_BACKENDS, which the settings
always define and keep up to date beside a search server.

A server that hangs costs each search its full SEARCH_TIMEOUT. So that a page pays it at most
once, and the site not on every request, a failure is remembered twice: for the rest of the
request (a context variable, which needs nothing else that could fail) and for every process for
SEARCH_CIRCUIT_OPEN_SECONDS (``SearchCircuit``, in the shared cache).
"""

import hashlib
import json
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce
from operator import or_
from time import monotonic

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q

from wagtail.search.backends import InvalidSearchBackendError, get_search_backend
from wagtail.search.index import SearchField
from wagtail.search.query import And, Boost, Or, Phrase, PlainText

logger = logging.getLogger(__name__)

# Alias of the database backend in WAGTAILSEARCH_BACKENDS, kept beside a search server.
FALLBACK_BACKEND = "database"
SCORE_FIELD = "_score"
# Seconds after a failure during which searches skip the search server (SEARCH_CIRCUIT_OPEN_SECONDS
# overrides it): each search of a page (pages, transcripts, listings; an admin listing's facets,
# count and results) would otherwise wait out SEARCH_TIMEOUT again.
DEFAULT_CIRCUIT_OPEN_SECONDS = 30
# The cache that carries the circuit between processes: Redis in production (CACHE_URL).
CIRCUIT_CACHE = "default"
# How long an expired circuit stays half-open. Without the key every process would ask the
# server at once; after a day without a single search that costs nothing.
CIRCUIT_MEMORY_SECONDS = 24 * 60 * 60

# When the search server last failed in this request (each request starts afresh, see
# ``search_fallback_scope``), or in this thread outside any request, or when a search skipped it
# because the shared circuit was open; None if neither happened.
_server_failed_at: ContextVar[float | None] = ContextVar("search_server_failed_at", default=None)


@contextmanager
def search_fallback_scope():
    """A fresh record of search-server failures for one request (or task, or test)."""
    token = _server_failed_at.set(None)
    try:
        yield
    finally:
        _server_failed_at.reset(token)


def search_fell_back() -> bool:
    """Whether a search in this scope was answered by the database: the server had failed."""
    return _server_failed_at.get() is not None


def circuit_open_seconds() -> float:
    return getattr(settings, "SEARCH_CIRCUIT_OPEN_SECONDS", DEFAULT_CIRCUIT_OPEN_SECONDS)


def _server_failed_recently() -> bool:
    failed_at = _server_failed_at.get()
    return failed_at is not None and monotonic() - failed_at < circuit_open_seconds()


class SearchCircuit:
    """A circuit breaker for one search server, shared by every process through the cache.

    Closed (no key): searches ask the server. A server failure opens it: the key holds the time
    until which every process answers from the database without waiting for the server. Once
    that has passed it is half-open: the one search that takes the probe lock (``cache.add``,
    atomic in Redis) asks the server, the others keep to the database meanwhile; the probe's
    success closes the circuit, its failure opens it again.

    A cache that fails counts as closed, with a warning: search then costs one timeout per
    request (the request's own record still holds), never an error. Times are wall-clock, as
    processes and app servers share no monotonic clock; their small differences do not matter
    against the seconds the circuit stays open.
    """

    def __init__(self, backend):
        # The server, not the alias: every alias and index prefix on it fails together.
        server = getattr(backend, "hosts", None) or type(backend).__qualname__
        digest = hashlib.sha256(json.dumps(server, sort_keys=True, default=str).encode())
        self.key = f"search-circuit:{digest.hexdigest()[:16]}"
        self.probe_key = f"{self.key}:probe"
        self.probing = False

    def allows_request(self) -> bool:
        try:
            cache = caches[CIRCUIT_CACHE]
            open_until = cache.get(self.key)
            if open_until is None:
                return True
            if time.time() < open_until:
                return False
            # Held until the probe ends, or for as long as the circuit opens should its process
            # die on the way: then another process probes.
            self.probing = cache.add(self.probe_key, True, timeout=circuit_open_seconds())
            return self.probing
        except Exception:
            logger.warning(
                "Search circuit: the cache failed; asking the search server", exc_info=True
            )
            return True

    def record_failure(self) -> None:
        seconds = circuit_open_seconds()
        try:
            cache = caches[CIRCUIT_CACHE]
            cache.set(self.key, time.time() + seconds, timeout=seconds + CIRCUIT_MEMORY_SECONDS)
            cache.delete(self.probe_key)
        except Exception:
            logger.warning("Search circuit: the cache failed; could not open it", exc_info=True)
        self.probing = False

    def record_success(self) -> None:
        """The server answered: a probe closes the circuit (other searches found it closed)."""
        if not self.probing:
            return
        self.probing = False
        try:
            caches[CIRCUIT_CACHE].delete_many([self.key, self.probe_key])
        except Exception:
            logger.warning("Search circuit: the cache failed; could not close it", exc_info=True)


class DatabaseFallbackResults:
    """A results mixin for a search-server backend: when the server fails, the same search
    (queryset, query with its operator, fields, order, slice, score field) is answered by the
    database backend, and the results are marked ``fell_back``.

    Subclasses say which errors are the server's failures (``is_server_failure``); any other
    error, such as a query the server rejects, is a bug and is raised.
    """

    fell_back = False

    @staticmethod
    def is_server_failure(error: Exception) -> bool:
        raise NotImplementedError

    def _do_search(self):
        server_search = super()._do_search
        # Evaluated here: the server's results are a generator that fails while iterated.
        return self._from_server_or_database(lambda: list(server_search()), list)

    def _do_count(self):
        return self._from_server_or_database(super()._do_count, lambda results: results.count())

    def facet(self, field_name):
        server_facet = super().facet
        return self._from_server_or_database(
            lambda: server_facet(field_name), lambda results: results.facet(field_name)
        )

    def _from_server_or_database(self, ask_server, ask_database):
        if not _server_failed_recently():
            circuit = SearchCircuit(self.backend)
            if not circuit.allows_request():
                # Another request, maybe in another process, saw the server fail: the rest of
                # this one need not ask the cache again.
                _server_failed_at.set(monotonic())
            else:
                try:
                    answer = ask_server()
                except Exception as error:
                    if not self.is_server_failure(error):
                        # The server answered (it rejected the query): it is up.
                        circuit.record_success()
                        raise
                    logger.warning(
                        "Search server failed; falling back to the %r backend",
                        FALLBACK_BACKEND,
                        exc_info=True,
                    )
                    _server_failed_at.set(monotonic())
                    circuit.record_failure()
                else:
                    circuit.record_success()
                    return answer
        self.fell_back = True
        return ask_database(self._database_results())

    def _database_results(self):
        compiler = self.query_compiler
        database = get_search_backend(FALLBACK_BACKEND)
        autocomplete = isinstance(compiler, self.backend.autocomplete_query_compiler_class)
        method = database.autocomplete if autocomplete else database.search
        # The compiler holds the query parsed, with its operator (a string became PlainText).
        results = method(
            compiler.query,
            compiler.queryset,
            fields=compiler.fields,
            order_by_relevance=compiler.order_by_relevance,
        )[self.start : self.stop]
        if self._score_field:
            results = results.annotate_score(self._score_field)
        return results


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
        return _run(get_search_backend(backend), queryset, query, limit, kwargs)
    except Exception:
        logger.warning("Search backend %r failed; falling back", backend, exc_info=True)
    try:
        fallback = get_search_backend(FALLBACK_BACKEND)
    except InvalidSearchBackendError:
        fallback = None
    if fallback is not None and backend != FALLBACK_BACKEND:
        try:
            results, _fell_back = _run(fallback, queryset, query, limit, kwargs)
            return results, True
        except Exception:
            logger.warning("Fallback search backend failed too", exc_info=True)
    results = _orm_search(queryset, query, limit)
    if values is not None:
        return rows_from_objects(results, values, SCORE_FIELD), True
    return results, True


def _run(backend, queryset, query, limit, kwargs) -> tuple[list, bool]:
    kwargs = dict(kwargs)
    method = getattr(backend, kwargs.pop("_method", "search"))
    values = kwargs.pop("_values", None)
    results = method(query, queryset, **kwargs).annotate_score(SCORE_FIELD)[:limit]
    # Evaluated here, inside the caller's try: search results are lazy and would otherwise
    # fail later, in the template.
    if values is None:
        rows = list(results)
    elif hasattr(results, "ranked_rows"):  # the database backends (search.ranking)
        rows = results.ranked_rows(values)
    else:
        rows = rows_from_objects(results, values, SCORE_FIELD)
    # A search server's results answer from the database themselves (DatabaseFallbackResults).
    return rows, getattr(results, "fell_back", False)


def rows_from_objects(objects, fields, score_field: str | None) -> list[dict]:
    """``{"pk", "_score", *fields}`` read off model instances (a backend that does not rank
    entries, or the ORM fallback), the same rows ``search.ranking.rows_in_rank_order`` gives."""
    return [
        {
            "pk": obj.pk,
            "_score": getattr(obj, score_field or "", 0.0),
            **{name: getattr(obj, name) for name in fields},
        }
        for obj in objects
    ]


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
