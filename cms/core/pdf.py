"""PDF rendering with WeasyPrint, confined to the site's own files.

Imported only where a PDF is made: WeasyPrint takes a good second to import, which every
process start (each management command, the development server) would otherwise pay.
"""

import mimetypes
import posixpath
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse


class SiteFilesFetcher(URLFetcher):
    """Gives WeasyPrint the site's own static and media files, read from storage, and nothing else.

    Rendering must never reach the network: not the site itself over HTTP (slow, and a request
    loop under load), and not the URLs an editor may have put in a page.
    """

    def __init__(self, *, base_url: str):
        super().__init__(fail_on_errors=False)
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)
        self.media_prefix = urljoin(base_url, settings.MEDIA_URL)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(self.static_prefix):
            name = _storage_name(url, self.static_prefix)
            return self._response(url, name, static_file_read(name))
        if url.startswith(self.media_prefix):
            name = _storage_name(url, self.media_prefix)
            with default_storage.open(name, "rb") as file:
                return self._response(url, name, file.read())
        # WeasyPrint logs the refusal and renders the document without the resource.
        raise ValueError(f"Only the site's static and media files are fetched: {url}")

    @staticmethod
    def _response(url: str, name: str, body: bytes) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


def _storage_name(url: str, prefix: str) -> str:
    name = unquote(urlsplit(url[len(prefix) :]).path)
    normalised = posixpath.normpath(name)
    if not name or normalised.startswith(("/", "..")) or normalised == ".":
        raise ValueError(f"Not a file name: {url}")
    return normalised


def static_file_read(name: str) -> bytes:
    # Collected (and hashed) files in production; the source directories in development.
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name, "rb") as file:
            return file.read()
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(name)
    return Path(found).read_bytes()


_render_state = threading.local()


def _stylesheet(name: str) -> tuple[CSS, FontConfiguration]:
    """A parsed stylesheet and its font configuration, kept per thread between renders.

    Parsing the CSS and setting up fonts is a good part of a one-page render; both depend only
    on deployed files, so a worker rendering many documents does it once.
    """
    cached = getattr(_render_state, "stylesheets", None)
    if cached is None:
        cached = _render_state.stylesheets = {}
    if name not in cached:
        font_config = FontConfiguration()
        cached[name] = (
            CSS(string=static_file_read(name).decode(), font_config=font_config),
            font_config,
        )
    return cached[name]


def pdf_render(*, html: str, base_url: str, stylesheet: str | None = None) -> bytes:
    """``html`` as a PDF, its images read from the site's storage; ``stylesheet`` (a static file
    name) is applied on top of any the document links."""
    document = HTML(string=html, base_url=base_url, url_fetcher=SiteFilesFetcher(base_url=base_url))
    if stylesheet is None:
        return document.write_pdf()
    css, font_config = _stylesheet(stylesheet)
    return document.write_pdf(stylesheets=[css], font_config=font_config)
