"""A Wagtail frontend-cache backend that purges the page cache kept in the Django cache.

Configured in WAGTAILFRONTENDCACHE next to any CDN backend (Cloudflare, CloudFront...), so one
purge reaches both.
"""

from urllib.parse import unquote, urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from . import store


class DjangoCacheBackend(BaseBackend):
    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        # By path only: the Site's host name in Wagtail's URLs need not be the one visitors use,
        # so the entries of every host with that path go (cms.pagecache.store).
        store.purge_paths(unquote(urlsplit(url).path) for url in urls)
