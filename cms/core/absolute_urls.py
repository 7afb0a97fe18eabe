"""Absolute links to this site, for e-mails, the API and anything else read away from the site.

There is one source of truth for the public address: ``SITE_URL``. A request's host is only the
name that reached this server (a proxy's, ``127.0.0.1``), a worker has no request at all, and a
Wagtail Site's hostname and port are whatever the database was loaded with (``127.0.0.1:8000``
in a demo loaded before ``SITE_URL`` was set). The site has one public address, so every Site's
pages are linked on it.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def site_root_url() -> str:
    """The public address without a trailing slash, such as ``https://hub.example.org``."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse``, a page's or a model's URL) on the public address. A full URL
    of this site, such as one a request built, keeps its path, query and fragment only."""
    parts = urlsplit(path)
    local = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return f"{site_root_url()}/{local.lstrip('/')}"


def page_absolute_url(page) -> str | None:
    """A page's public address, or None where it has none (not under any Site's root)."""
    url_parts = page.get_url_parts()
    if url_parts is None:
        return None
    _site_id, _root_url, page_path = url_parts
    return absolute_url(page_path)
