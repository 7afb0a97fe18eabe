"""Anonymous page cache: whole Wagtail page responses kept in the Django cache.

``middleware`` serves and stores them, ``store`` names the cache entries and invalidates them,
``backends`` plugs the invalidation into Wagtail's frontend-cache machinery
(WAGTAILFRONTENDCACHE), ``selectors`` finds the pages that show a page (its parent index,
pages that choose it, its translations) and ``services`` purges them when it is published or
unpublished.
"""
