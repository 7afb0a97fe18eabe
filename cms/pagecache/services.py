"""Purging the page cache when pages change."""

from django.db import transaction

from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends, purge_urls_from_cache
from wagtail.models import Page

from . import store
from .backends import DjangoCacheBackend
from .selectors import cached_paths_of, page_changes_every_page, pages_showing_page


def page_cache_purge_for_page(*, page: Page) -> None:
    """Purge a page and every page that shows it, once the change is committed.

    After the commit, or a visitor could render the old content after the purge and cache it
    again. The Django cache is purged right away, whatever the task backend, so that the next
    request on any app server sees the change; CDN backends go through Wagtail's purge task
    (queued with TASKS_BACKEND=database).
    """
    purge_everything = page_changes_every_page(page=page)
    batch = PurgeBatch()
    for shown in pages_showing_page(page=page):
        base_url = shown.get_full_url(batch)
        if base_url is not None:
            batch.add_urls(base_url + path.lstrip("/") for path in cached_paths_of(page=shown))
    urls = sorted(batch.urls)
    transaction.on_commit(lambda: _purge(urls, purge_everything=purge_everything))


def page_cache_purge_all() -> None:
    """Purge every cached page (pages moved, the menu changed), once committed."""
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
