"""Serve anonymous visitors' Wagtail pages from the cache, and store what may be shared.

Django's own cache middleware keys on every header named in Vary, and the session makes nearly
every page ``Vary: Cookie``: each visitor would get entries of their own. This middleware
instead decides who is anonymous before anything else runs (no session or messages cookie, no
credentials) and stores only what is safe to share:

- GET, answered 200 by Wagtail's page view (``wagtail_serve``, page routes and feeds included),
  not a preview;
- no cookie set (a CSRF token in a form sets one, a message or a login sets the session), and
  not ``Cache-Control: private``, ``no-store`` or ``no-cache``;
- Vary only on what the path already decides (language) or on the cookies ruled out above.

It sits just after WhiteNoise, so that a hit skips sessions, authentication, CSRF and the page
view, and comes back with the headers every later middleware added when it was stored
(security policy, frame options), except for the policy's script nonce: each hit gets a new one,
in the header and in the page's scripts alike (cms.core.csp).
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.cache import cc_delim_re

from cms.core.csp import request_is_preview, response_nonce_renew

from . import store

SHAREABLE_VARY = {"cookie", "accept-language", "accept-encoding"}
UNCACHEABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")
# Longer query strings are not worth an entry of their own (and cost cache space to anyone).
MAX_QUERY_LENGTH = 512


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        keys = (
            store.path_key(request.path),
            store.variant_key(
                scheme=request.scheme,
                host=request.get_host(),
                path=request.path,
                query=request.META.get("QUERY_STRING", ""),
            ),
        )
        cached, generation, token = store.lookup(keys)
        if cached is not None:
            response_nonce_renew(cached)
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._may_store(request, response) and store.save(
            keys, response, generation=generation, token=token
        ):
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _may_use_cache(request) -> bool:
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return False
        # A preview asks for the public path, without cookies when no editor's request is passed
        # on (the importer's fidelity check): it must render the draft, not get the live copy.
        if request_is_preview(request):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
            return False
        return not request.path_info.startswith(settings.LANGUAGE_NEUTRAL_URL_PREFIXES)

    @staticmethod
    def _may_store(request, response) -> bool:
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "wagtail_serve":
            return False
        if getattr(request, "is_preview", False) or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in UNCACHEABLE_CACHE_CONTROL):
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
        return vary <= SHAREABLE_VARY
