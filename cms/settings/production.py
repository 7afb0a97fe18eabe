"""Production: HTTPS only, a real secret key and a shared cache required, static files compressed
by whitenoise."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, SECRET_KEY, env

if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")

# Every app server and worker must share the cache: a page-cache purge (a page unpublished or made
# private) and the rate limits and login throttles only reach the processes that share it. With a
# cache of one process, another worker would go on serving the purged page.
_SHARED_CACHE_HINT = (
    "Set the CACHE_URL environment variable to a Redis server that every app server shares, "
    "e.g. CACHE_URL=redis://127.0.0.1:6379/0."
)
# Backends of one process or one machine, or without the atomic increments rate limits need.
_UNSHARED_CACHE_BACKENDS = {
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.db.DatabaseCache",
}
if not env.str("CACHE_URL", default=""):
    raise ImproperlyConfigured(f"Production needs a shared cache. {_SHARED_CACHE_HINT}")
if CACHES["default"]["BACKEND"] in _UNSHARED_CACHE_BACKENDS:
    raise ImproperlyConfigured(
        f"CACHE_URL names {CACHES['default']['BACKEND']}, which app servers do not share. "
        f"{_SHARED_CACHE_HINT}"
    )

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
