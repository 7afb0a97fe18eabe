import datetime
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import translation

import pytest

from cms.core.search_fallback import search_fallback_scope
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory

SEARCH_TIMEOUT = 1  # seconds; small so that the hanging server costs the tests little


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_search_fallback():
    """A search server that failed in one test is not skipped in the next (requests get this
    from the middleware; direct calls in tests do not)."""
    with search_fallback_scope():
        yield


@pytest.fixture
def refused_port():
    """A local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port():
    """A local server that accepts connections, reads nothing and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept_and_hold():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


class _UnavailableHandler(BaseHTTPRequestHandler):
    """Answers every request 503, as a cluster that has lost its master node does."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"error": {"type": "cluster_block_exception"}, "status": 503}'
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_DELETE = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def failing_port():
    """A local server that answers every request with an error (an ApiError for the client)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _UnavailableHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(params=["refused", "silent", "failing"])
def search_server_down(request, settings):
    """The production configuration with the search server at a broken address."""
    port = request.getfixturevalue(f"{request.param}_port")
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.es.Elasticsearch9SearchBackend",
            "URLS": [f"http://127.0.0.1:{port}"],
            "INDEX_PREFIX": "outage_test_",
            "TIMEOUT": SEARCH_TIMEOUT,
            # One try: a retry would only double what each test waits.
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
        },
        "database": {"BACKEND": "search.multilingual", "AUTO_UPDATE": True},
    }
    return request.param


@pytest.fixture
def factsheets(home_page):
    return FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")


@pytest.fixture
def make_factsheet(factsheets):
    def make(title, summary="", **kwargs):
        kwargs.setdefault("date", datetime.date(2026, 1, 1))
        return FactsheetPageFactory(parent=factsheets, title=title, summary=summary, **kwargs)

    return make
