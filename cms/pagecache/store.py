"""Names, reads and invalidation of the page cache entries.

A cached response is stored under its scheme, host, path and query string, together with two
tokens it was rendered under: the site-wide generation and the token of its path. A purge
replaces a token with a new random one instead of deleting entries, so that:

- every variant of a path (any query string, any host name) goes at once, without knowing
  them;
- a render that started before a purge and finishes after it is stored under the old token and
  never served, which a plain delete would not guarantee.

A lookup is one round trip to the cache (``get_many`` of the three keys).
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

GENERATION_KEY = "pagecache:generation"
# Headers that describe one delivery rather than the page.
UNSTORED_HEADERS = {"set-cookie", "x-page-cache", "date"}


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def path_key(path: str) -> str:
    return f"pagecache:path:{_digest(path)}"


def variant_key(*, scheme: str, host: str, path: str, query: str) -> str:
    return f"pagecache:page:{_digest(f'{scheme}://{host}{path}?{query}')}"


def token_timeout() -> int:
    # Longer than any entry lives; a token that expires early only costs a render.
    return max(settings.PAGE_CACHE_SECONDS * 2, 3600)


def new_token() -> str:
    return secrets.token_hex(8)


def lookup(keys: tuple[str, str]) -> tuple[HttpResponse | None, str | None, str | None]:
    """The cached response if it is still valid, and the two tokens seen now."""
    path, variant = keys
    found = page_cache().get_many([GENERATION_KEY, path, variant])
    generation, token, entry = found.get(GENERATION_KEY), found.get(path), found.get(variant)
    if entry is None or generation is None or token is None:
        return None, generation, token
    entry_generation, entry_token, status, headers, content = entry
    if entry_generation != generation or entry_token != token:
        return None, generation, token
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response, generation, token


def _token_or_claim(key: str, seen: str | None, timeout: int | None) -> str | None:
    """The token to store under: the one seen before rendering, or a new one if there was none.

    When there was none and someone set one meanwhile (a purge, most likely), storing is
    unsafe: None.
    """
    if seen is not None:
        return seen
    token = new_token()
    return token if page_cache().add(key, token, timeout) else None


def save(keys: tuple[str, str], response, *, generation: str | None, token: str | None) -> bool:
    """Store a rendered response under the tokens seen before it was rendered."""
    path, variant = keys
    generation = _token_or_claim(GENERATION_KEY, generation, None)
    token = generation and _token_or_claim(path, token, token_timeout())
    if not (generation and token):
        return False
    headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
    entry = (generation, token, response.status_code, headers, response.content)
    page_cache().set(variant, entry, settings.PAGE_CACHE_SECONDS)
    return True


def purge_paths(paths) -> None:
    """Invalidate every cached variant of these URL paths, on every host."""
    tokens = {path_key(path): new_token() for path in set(paths)}
    if tokens:
        page_cache().set_many(tokens, token_timeout())


def purge_all() -> None:
    """Invalidate every cached page: for changes that show on every page (the menu)."""
    page_cache().set(GENERATION_KEY, new_token(), None)
