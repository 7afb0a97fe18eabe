"""Local development: debug on, an insecure fallback key, e-mails printed to the console."""

import base64
import contextlib
import hashlib

from .base import *  # noqa: F403
from .base import CACHES, OPEN_BADGES_SIGNING_KEY, SECRET_KEY, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-do-not-use-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Courses (certificates): a throw-away Open Badges signing key derived from SECRET_KEY, stable
# across restarts so that credentials downloaded earlier still verify; never for production.
OPEN_BADGES_SIGNING_KEY = (
    OPEN_BADGES_SIGNING_KEY
    or base64.b64encode(
        hashlib.sha256(f"open-badges-signing-key:{SECRET_KEY}".encode()).digest()
    ).decode()
)

# One runserver process may use the in-process default cache, which django-ratelimit rejects as
# not shared (E003) and not supported (W001); production refuses it (production.py). A CACHE_URL
# set here is checked as usual.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
