"""A search server that hangs costs the site one timeout, not one per search or per request.

The search page asks the server several times (pages, transcripts, listings). After one failure
the rest of the request skips the server, and the circuit in the shared cache sends every other
request, in any process, straight to the database until SEARCH_CIRCUIT_OPEN_SECONDS have
passed; then one request tries the server again (cms.core.search_fallback.SearchCircuit).
"""

import datetime
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import connection

from wagtail.search.backends import get_search_backend

import pytest
import time_machine

from cms.core.search_fallback import SearchCircuit, search_fallback_scope, search_with_fallback
from cms.factsheets.models import FactsheetPage

SEARCH = "/en/search/"
# Seconds; larger than conftest's SEARCH_TIMEOUT so that the margins below hold on a busy machine.
TIMEOUT = 3
OPEN_SECONDS = 30
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def hang_search(settings, silent_port):
    """Points the search server at a port that accepts connections and never answers."""

    def hang():
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "search.es.Elasticsearch9SearchBackend",
                "URLS": [f"http://127.0.0.1:{silent_port}"],
                "INDEX_PREFIX": "circuit_test_",
                "TIMEOUT": TIMEOUT,
                "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            },
            "database": {"BACKEND": "search.multilingual", "AUTO_UPDATE": True},
        }
        # Imports the client now, not in the first timed request.
        get_search_backend()

    settings.SEARCH_CIRCUIT_OPEN_SECONDS = OPEN_SECONDS
    return hang


@pytest.fixture
def factsheet(make_factsheet):
    return make_factsheet("Yggdrasil carvings")


def timed_get(client, *, expect_hit=True):
    """Seconds the search page took, and whether it said search is limited."""
    started = time.monotonic()
    response = client.get(SEARCH, {"q": "Yggdrasil"})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    content = response.content.decode()
    # The database finds the page; the stand-in server of a test finds nothing.
    assert ("Yggdrasil carvings" in content) is expect_hit
    return elapsed, "temporarily limited" in content


def timed_search():
    started = time.monotonic()
    results, limited = search_with_fallback(
        queryset=FactsheetPage.objects.live(), query="Yggdrasil"
    )
    assert [page.title for page in results] == ["Yggdrasil carvings"]
    return time.monotonic() - started, limited


def circuit():
    return SearchCircuit(get_search_backend())


@pytest.fixture
def warm_client(client, factsheet):
    """A client whose search page has rendered once (templates compiled), so that the timings
    below measure waiting for the server, not the first render."""
    client.get(SEARCH, {"q": "Yggdrasil"})
    return client


def test_the_search_page_waits_for_the_server_once(hang_search, warm_client):
    hang_search()

    elapsed, limited = timed_get(warm_client)

    assert limited
    assert TIMEOUT * 0.9 <= elapsed < 2 * TIMEOUT


def test_the_next_request_skips_the_server(hang_search, warm_client):
    hang_search()
    timed_get(warm_client)

    elapsed, limited = timed_get(warm_client)

    assert limited
    assert elapsed < 0.5 * TIMEOUT


def test_another_process_skips_the_server_while_the_circuit_is_open(hang_search, factsheet):
    hang_search()
    timed_search()

    # Another process shares nothing with this one but the cache: a fresh request scope.
    with search_fallback_scope():
        elapsed, limited = timed_search()

    assert limited
    assert elapsed < 0.5 * TIMEOUT


def test_the_server_is_tried_again_once_the_circuit_has_been_open_long_enough(
    hang_search, warm_client
):
    hang_search()
    timed_get(warm_client)

    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=OPEN_SECONDS + 1)
    with time_machine.travel(later, tick=True):
        probe, probe_limited = timed_get(warm_client)
        # The probe failed: the circuit is open again.
        after, after_limited = timed_get(warm_client)

    assert probe_limited and after_limited
    assert TIMEOUT * 0.9 <= probe < 2 * TIMEOUT
    assert after < 0.5 * TIMEOUT


def test_only_one_process_probes_a_half_open_circuit(hang_search, warm_client):
    hang_search()
    timed_get(warm_client)
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=OPEN_SECONDS + 1)

    with time_machine.travel(later, tick=True):
        # Another process is probing the server right now.
        assert caches["default"].add(circuit().probe_key, True)
        elapsed, limited = timed_get(warm_client)

    assert limited
    assert elapsed < 0.5 * TIMEOUT


def test_a_server_that_answers_again_closes_the_circuit(settings, warm_client):
    with answering_server() as port:
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "search.es.Elasticsearch9SearchBackend",
                "URLS": [f"http://127.0.0.1:{port}"],
                "INDEX_PREFIX": "circuit_test_",
                "TIMEOUT": TIMEOUT,
            },
            "database": {"BACKEND": "search.multilingual", "AUTO_UPDATE": True},
        }
        key = circuit().key
        # Another process saw this server fail a moment ago.
        caches["default"].set(key, time.time() + OPEN_SECONDS)
        _elapsed, limited_while_open = timed_get(warm_client)
        # Long enough ago: the circuit is half-open.
        caches["default"].set(key, time.time() - 1)
        _elapsed, limited_after_probe = timed_get(warm_client, expect_hit=False)

    assert limited_while_open
    assert not limited_after_probe
    assert caches["default"].get(key) is None


class BrokenCache(BaseCache):
    """A cache server that is down: every call raises."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    get = set = add = delete = delete_many = get_many = set_many = touch = clear = _fail
    has_key = incr = decr = _fail


def test_search_works_while_the_cache_fails(hang_search, factsheet, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}
    hang_search()

    first, first_limited = timed_search()
    same_request, same_request_limited = timed_search()
    with search_fallback_scope():
        next_request, next_request_limited = timed_search()

    assert first_limited and same_request_limited and next_request_limited
    # Without the shared circuit each request waits for the server once, but only once.
    assert first < 2 * TIMEOUT
    assert same_request < 0.5 * TIMEOUT
    assert TIMEOUT * 0.9 <= next_request < 2 * TIMEOUT
    assert "Search circuit: the cache failed" in caplog.text


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def in_new_thread(function):
    """Runs ``function`` in a thread of its own (a fresh context, its own database connection),
    as another worker process would."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function()
        except Exception as error:  # re-raised below, in the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
# Threads have their own database connections, which see only committed data; serialized_rollback
# restores the locales and root page that migrations create.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threads_share_the_circuit_through_redis(hang_search, factsheet, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Apart from anything else in this Redis database, and from other runs.
            "KEY_PREFIX": f"circuit-test-{uuid.uuid4().hex}",
        }
    }
    hang_search()
    shared = caches["default"]
    keys = [circuit().key, circuit().probe_key]
    try:
        first, first_limited = in_new_thread(timed_search)
        assert shared.get(keys[0]) is not None
        second, second_limited = in_new_thread(timed_search)
    finally:
        shared.delete_many(keys)

    assert first_limited and second_limited
    assert TIMEOUT * 0.9 <= first < 2 * TIMEOUT
    assert second < 0.5 * TIMEOUT


@contextmanager
def answering_server():
    """A local search server that answers every search with no hits; yields its port."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if "_count" in self.path:
                body = b'{"count": 0}'
            else:
                body = b'{"took": 1, "hits": {"total": {"value": 0}, "hits": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
