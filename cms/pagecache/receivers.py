"""Signal wiring only: each receiver hands over to a service."""

from wagtail.signals import page_published, page_unpublished, post_page_move

from .services import page_cache_purge_all, page_cache_purge_for_page


def _page_changed(sender, instance, **kwargs):
    page_cache_purge_for_page(page=instance)


def _page_moved(sender, instance, **kwargs):
    # A move changes the URLs of a whole subtree, and what two indexes list.
    page_cache_purge_all()


def connect() -> None:
    page_published.connect(_page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="pagecache_moved")
