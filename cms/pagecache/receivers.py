"""Signal wiring only: each receiver hands over to a service."""

from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .services import page_cache_purge_all, page_cache_purge_for_page


def _page_changed(sender, instance, **kwargs):
    page_cache_purge_for_page(page=instance)


def _everything_changed(sender, **kwargs):
    # Moves change the URLs of a subtree; deleting a live page sends no "unpublished" signal;
    # a new view restriction makes pages private that anyone may still hold in the cache.
    # All rare enough to purge every page rather than work out which.
    page_cache_purge_all()


def connect() -> None:
    page_published.connect(_page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(_everything_changed, dispatch_uid="pagecache_moved")
    pre_delete.connect(_everything_changed, sender=Page, dispatch_uid="pagecache_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _everything_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"pagecache_restriction_{signal is post_save}",
        )
