"""Reads for training syllabi: the printable PDF copy of a syllabus."""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_TEMPLATE = "syllabi/training_syllabus_pdf.html"
# Rendering takes a noticeable fraction of a second; a copy per published revision, language and
# host is kept for a while. Links to other pages may show a title changed within that time.
PDF_CACHE_SECONDS = 60 * 60


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


def syllabus_pdf_context(*, page, request) -> dict:
    """What the print template shows, with every link made absolute: paper has no base URL."""
    units = []
    for block in page.units:
        links = []
        for link in block.value["links"]:
            page_link = link["page"]
            url = page_link.get_full_url(request) if page_link is not None else link["url"]
            if url:
                links.append({"label": link["label"] or url, "url": url})
        units.append(
            {"title": block.value["title"], "topics": block.value["topics"], "links": links}
        )
    return {
        "page": page,
        "page_url": page.get_full_url(request),
        "learning_outcomes": [block.value for block in page.learning_outcomes],
        "units": units,
        "request": request,
    }


def syllabus_pdf_render(*, page, request) -> bytes:
    """The syllabus as a PDF, in the page's language, drawn from the print template."""
    base_url = request.build_absolute_uri("/")
    with translation.override(page.locale.language_code):
        html = render_to_string(PDF_TEMPLATE, syllabus_pdf_context(page=page, request=request))
    document = HTML(string=html, base_url=base_url, url_fetcher=SiteFilesFetcher(base_url=base_url))
    return document.write_pdf()


def syllabus_pdf(*, page, request) -> bytes:
    """The PDF of the live syllabus, from the cache while its published revision is current."""
    key = ":".join(
        [
            "syllabus-pdf",
            str(page.pk),
            str(page.live_revision_id),
            page.locale.language_code,
            request.get_host(),
        ]
    )
    data = cache.get(key)
    if data is None:
        data = syllabus_pdf_render(page=page, request=request)
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data


def syllabus_pdf_filename(*, page) -> str:
    """A file name from the title, e.g. ``digitising-collections.pdf``; Greek titles keep Greek."""
    return f"{slugify(page.title, allow_unicode=True) or 'syllabus'}.pdf"
