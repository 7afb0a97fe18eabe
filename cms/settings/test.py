"""Fast, isolated tests: quick hashing, in-memory cache and mail, tasks run immediately."""

import base64
import hashlib

from .base import *  # noqa: F403
from .base import BASE_DIR, env, sqlite_for_concurrent_writes

SECRET_KEY = "test-secret-key-used-only-by-the-test-suite-0123456789"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES = {
    "default": sqlite_for_concurrent_writes(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'test.sqlite3'}")
    ),
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The suite runs in one process, where the in-process cache is the shared one; django-ratelimit
# rejects it as not shared (E003) and not supported (W001). Production refuses it (production.py).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
PAGE_CACHE_SECONDS = 0  # tests/caching turns it on
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The database backend production uses by default, whatever the environment says; "database" is
# the search page's fallback (the same index here, so it is not updated twice). Tests of the
# search servers override this.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.multilingual"},
    "database": {"BACKEND": "search.multilingual", "AUTO_UPDATE": False},
}

# Courses (certificates): a throw-away Open Badges signing key derived from SECRET_KEY.
OPEN_BADGES_SIGNING_KEY = base64.b64encode(
    hashlib.sha256(f"open-badges-signing-key:{SECRET_KEY}".encode()).digest()
).decode()
