import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

from wagtail.embeds.finders import get_finders
from wagtail.embeds.finders.base import EmbedFinder

import pytest
from PIL import Image as PILImage


class OfflineEmbedFinder(EmbedFinder):
    """Renders embeds without asking YouTube: tests never touch the internet."""

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "A video",
            "author_name": "",
            "provider_name": "Offline",
            "type": "video",
            "thumbnail_url": "",
            "width": 640,
            "height": 360,
            "html": f'<iframe title="A video" src="{url}"></iframe>',
        }


@pytest.fixture(autouse=True)
def _offline_embeds(settings):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.importer.conftest.OfflineEmbedFinder"}]
    get_finders.cache_clear()
    yield
    get_finders.cache_clear()


@pytest.fixture
def hub(tmp_path):
    """A folder of source files; ``hub.write(relative_path, text)`` adds one."""

    class Hub:
        root = tmp_path / "hub"

        def write(self, relative: str, text: str, *, encoding="utf-8", newline="\n") -> Path:
            path = self.root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.replace("\n", newline).encode(encoding))
            return path

    Hub.root.mkdir()
    return Hub()


def item(*, page_id: str, title: str, extra: str = "", body: str = "Some text.") -> str:
    """A source file with front matter; ``extra`` adds front-matter lines."""
    extra = f"{extra.strip()}\n" if extra.strip() else ""
    head = f"pageId: {page_id}\ntitle: {title}\ndate: 2024-02-03T10:00:00.000Z\n{extra}"
    return f"---\n{head}---\n{body}\n"


def main_of(html: str) -> str:
    match = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert match, "no <main> in the page"
    return match.group(0)


def _png() -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (4, 3), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def asset_server():
    """A local server standing in for the hub's CDN: a PNG, a PDF and HTML served as a PDF."""
    files = {
        "/thumb.png": ("image/png", _png()),
        "/doc.pdf": ("application/pdf", b"%PDF-1.4 test"),
        "/fake.pdf": ("text/html", b"<html>Not found</html>"),
    }
    requests_seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests_seen.append(self.path)
            if self.path not in files:
                self.send_error(404)
                return
            content_type, content = files[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.requests_seen = requests_seen
    yield server
    server.shutdown()
    server.server_close()
