"""Cached pages carry the menu and footer, so a change to either purges every cached page."""

from django.db.models.signals import post_save


def _navigation_changed(sender, **kwargs):
    from cms.pagecache.services import page_cache_purge_all

    page_cache_purge_all()


def connect() -> None:
    from .models import NavigationSettings

    post_save.connect(
        _navigation_changed, sender=NavigationSettings, dispatch_uid="navigation_settings_saved"
    )
