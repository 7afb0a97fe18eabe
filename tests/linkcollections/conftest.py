"""A small web server on 127.0.0.1 that answers each way a linked site can, so the link checker
is tested against real sockets and never against the internet."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cms.linkcollections.factories import LinkCollectionIndexPageFactory, LinkCollectionPageFactory

# The checker's timeout in these tests, and how long the slow page takes to answer.
TIMEOUT = 2.0
SLOW_SECONDS = 5.0


class Handler(BaseHTTPRequestHandler):
    ROUTES = {
        "/ok": (200, None),
        "/moved": (301, "/ok"),
        "/moved-to-missing": (302, "/missing"),
        "/missing": (404, None),
        "/error": (500, None),
        "/loop": (302, "/loop"),
        "/to-file": (302, "file:///etc/passwd"),
    }

    def answer(self, method):
        self.server.requests.append((method, self.path, self.headers.get("User-Agent")))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            status, location = 200, None
        elif self.path == "/no-head":
            status, location = (405, None) if method == "HEAD" else (200, None)
        else:
            status, location = self.ROUTES.get(self.path, (404, None))
        body = b"" if method == "HEAD" else b"<html><body>A page</body></html>"
        try:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up waiting (the slow page)

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")

    def log_message(self, format, *args):
        pass


@pytest.fixture
def web():
    """The test server; ``web.url(path)`` makes an address on it, ``web.requests`` lists what it
    was asked: (method, path, User-Agent)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = lambda path: f"http://127.0.0.1:{server.server_address[1]}{path}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def refused_url():
    """An address where nothing listens: a port that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def collection(home_page):
    index = LinkCollectionIndexPageFactory(parent=home_page, title="Links")
    return LinkCollectionPageFactory(parent=index, title="Funding portals")
