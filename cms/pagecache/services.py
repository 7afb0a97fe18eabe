"""Purging the page cache when pages change."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends, purge_urls_from_cache
from wagtail.models import Page

from . import store
from .backends import DjangoCacheBackend
from .selectors import cached_paths_of, page_changes_every_page, pages_showing_page

# Set while purges are deferred: the ids of the pages whose purge is due, None for "everything".
_deferred: ContextVar[set | None] = ContextVar("page_cache_deferred_purges", default=None)


@contextmanager
def page_cache_purges_deferred():
    """Purge once at the end instead of on each publish: for bulk work such as an import.

    Working out which pages show a page costs a few queries per publish, hundreds of times over
    in an import. Meanwhile the purges are only noted; at the end the whole page cache is purged
    once (one token, however many pages changed), and CDN backends get the URLs of the pages
    noted. Nested uses purge at the end of the outermost one. An error does not skip the purge:
    what was committed before it must not be served stale.
    """
    if _deferred.get() is not None:
        yield
        return
    noted: set = set()
    token = _deferred.set(noted)
    try:
        yield
    finally:
        _deferred.reset(token)
        _deferred_purge(noted)


def _deferred_purge(noted: set) -> None:
    if not noted:
        return
    remote = [name for name, b in get_backends().items() if not isinstance(b, DjangoCacheBackend)]
    urls = []
    if remote:
        pages = Page.objects.filter(pk__in=[pk for pk in noted if pk is not None])
        urls = sorted({url for page in pages for url in _urls_showing(page)})
    transaction.on_commit(lambda: _purge(urls, purge_everything=True))


def page_cache_purge_for_page(*, page: Page) -> None:
    """Purge a page and every page that shows it, once the change is committed.

    After the commit, or a visitor could render the old content after the purge and cache it
    again. The Django cache is purged right away, whatever the task backend, so that the next
    request on any app server sees the change; CDN backends go through Wagtail's purge task
    (queued with TASKS_BACKEND=database).
    """
    if (noted := _deferred.get()) is not None:
        noted.add(page.pk)
        return
    purge_everything = page_changes_every_page(page=page)
    urls = _urls_showing(page)
    transaction.on_commit(lambda: _purge(urls, purge_everything=purge_everything))


def _urls_showing(page: Page) -> list[str]:
    batch = PurgeBatch()
    for shown in pages_showing_page(page=page):
        base_url = shown.get_full_url(batch)
        if base_url is not None:
            batch.add_urls(base_url + path.lstrip("/") for path in cached_paths_of(page=shown))
    return sorted(batch.urls)


def page_cache_purge_all() -> None:
    """Purge every cached page (pages moved, the menu changed), once committed."""
    if (noted := _deferred.get()) is not None:
        noted.add(None)
        return
    transaction.on_commit(lambda: _purge([], purge_everything=True))


def _purge(urls: list[str], *, purge_everything: bool) -> None:
    backends = get_backends()
    local = [name for name, backend in backends.items() if isinstance(backend, DjangoCacheBackend)]
    remote = [name for name in backends if name not in local]
    if purge_everything:
        store.purge_all()
    elif local and urls:
        # Run the task's body here rather than queue it: it expands each URL to every language
        # and picks the backends by host name, as for the CDN.
        purge_urls_from_cache_task.call(urls, None, local)
    if remote and urls:
        purge_urls_from_cache(urls, backends=remote)
