"""Settings shared by every environment.

Safe for production on its own: DEBUG is off, hosts are restricted, cookies are HTTP-only and every
service is read from the environment with a conservative default. ``dev``, ``test`` and
``production`` only adjust this file.
"""

from pathlib import Path

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

import environ

from cms.core.absolute_urls import site_root_url
from cms.core.field_limit import RequestFieldLimit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; never committed

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public address of the site, used in e-mails, feeds and certificates.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# The API's absolute links (detail_url, a document's download_url) on the public address, read
# when used so that it always follows SITE_URL (cms.core.absolute_urls), never the Site's host.
WAGTAILAPI_BASE_URL = lazy(site_root_url, str)()

INSTALLED_APPS = [
    "cms.core",
    "cms.users",
    "cms.home",
    "cms.standardpages",
    "cms.factsheets",
    "cms.bestpractices",
    "cms.linkcollections",
    "cms.syllabi",
    "cms.events",
    "cms.news",
    "cms.resources",
    "cms.tools",
    "cms.guides",
    "cms.articles",
    "cms.importer",
    "cms.pagecache",
    "cms.navigation",
    "courses",
    "partnerbourse",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.users.apps.WagtailUsersConfig",  # wagtail.users with our user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "allauth",
    "allauth.account",
    "axes",
    # Installed for its system checks: they refuse a cache the app servers do not share.
    "django_ratelimit",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication, so that a cached page skips them (cms.pagecache).
    "cms.pagecache.middleware.PageCacheMiddleware",
    # Inside the page cache, which so never sees these pages without their no-store.
    "cms.core.private_pages.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, which tells editors apart, and before anything reads a body.
    "cms.core.request_limits.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: tells editors when admin search results came from the database search.
    "cms.core.middleware.SearchFallbackNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.core.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL in production (DATABASE_URL).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


def sqlite_for_concurrent_writes(database: dict) -> dict:
    """SQLite options that let a class submit its quiz at once instead of answering 500
    "database is locked"; other databases are returned as they are.

    SQLite writes one transaction at a time. WAL lets readers carry on beside the writer (and
    synchronous=NORMAL is safe with it). IMMEDIATE transactions take the write lock when they
    begin: two that read first and write later would otherwise both hold a read lock and
    deadlock on upgrading it, which SQLite answers at once with "database is locked", whatever
    the timeout. The timeout (seconds) is how long a writer waits its turn.
    """
    if database.get("ENGINE") == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            }
        )
    return database


sqlite_for_concurrent_writes(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: in-process by default, for development and tests only; production refuses to start
# without a shared one (Redis, redis://...), which page-cache purges and rate limits need.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://heritage-hub")}
# Sessions: with a shared cache (CACHE_URL) read from it and written through to the database, so
# logged-in requests skip a query. The in-process default cache is per worker: there a logged-out
# session could live on in another worker, so sessions stay in the database only.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env.str("CACHE_URL", default="")
    else "django.contrib.sessions.backends.db"
)
# Anonymous visitors get Wagtail pages from this cache for up to PAGE_CACHE_SECONDS (0: off).
# Publishing or unpublishing a page purges it and the pages that show it, through Wagtail's
# frontend-cache machinery: add a CDN backend to WAGTAILFRONTENDCACHE next to this one.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_ALIAS = "default"
WAGTAILFRONTENDCACHE = {
    "page_cache": {"BACKEND": "cms.pagecache.backends.DjangoCacheBackend"},
}

# Background work: in-process by default; "database" queues tasks for `manage.py db_worker`.
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKENDS[env.str("TASKS_BACKEND", default="immediate")],
    }
}

# Courses (certificates): the Ed25519 private key that signs Open Badges credentials, as a PEM
# private key or the base64 of its 32-byte seed. Never committed: without it the site refuses to
# sign credentials (certificates, PDFs and verification still work). dev.py and test.py derive
# a throw-away key from SECRET_KEY. Generate one with `openssl genpkey -algorithm ed25519`.
OPEN_BADGES_SIGNING_KEY = env.str("OPEN_BADGES_SIGNING_KEY", default="", multiline=True)

# E-mail: printed to the console unless EMAIL_URL names an SMTP server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Heritage Hub <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Heritage Hub] "
# Seconds before a mail server that does not answer counts as down (Django waits for ever).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Accounts
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "users:profile"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the display name, the name on certificates and the partner board; the
# password change counts wrong current passwords like log-ins; the reset request only queues.
ACCOUNT_FORMS = {
    "signup": "cms.users.forms.SignupForm",
    # Dotted paths of form classes, not passwords.
    "change_password": "cms.users.forms.ChangePasswordForm",  # nosec B105
    "reset_password": "cms.users.forms.ResetPasswordForm",  # nosec B105
}
# Account e-mails go through the task queue; the client address is cms.core.client_ip's.
ACCOUNT_ADAPTER = "cms.users.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
# Sign-up and password reset answer the same whether or not an account exists.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
# Password reset must not mail addresses without an account: the form would become a way to
# send our e-mails to anyone.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False

# django-axes: lock an account from one address after repeated failures, on the site login and
# on /admin/login/ alike (both authenticate through the same backends), as well as every other
# form that checks an account's password (re-authentication, password change, data download).
# Failures are counted in the database, which every app server shares whatever the cache.
# cms.users.axes.AxesHandler also locks out an address after AXES_IP_FAILURE_LIMIT failures on
# any accounts, so that spreading guesses over many accounts does not evade the lockout.
AXES_HANDLER = "cms.users.axes.AxesHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "cms.users.axes.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# The client address: X-Forwarded-For is trusted only behind PROXY_COUNT proxies of our own;
# otherwise anyone could dodge the lockout by sending a new made-up address each time. Lockouts,
# allauth's and django-ratelimit's limits all read it through cms/core/client_ip.py.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "cms.core.client_ip.client_throttle_address"

# allauth answers a request over one of these limits with 429 Too Many Requests.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Above AXES_FAILURE_LIMIT per account, so that axes' lockout (and its page) answers first for
    # an attacker at one address; allauth still slows one spread over many addresses.
    "login_failed": f"10/m/ip,{2 * AXES_FAILURE_LIMIT}/5m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,5/h/key",
    "reset_password_from_key": "20/h/ip",
    "confirm_email": "5/10m/key",
}

# django-ratelimit (the site's own forms) shares the cache and answers with the site's 429 page.
RATELIMIT_VIEW = "cms.core.views.rate_limited"

# Languages: English first; every UI string is translated into the others under locale/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("el", _("Greek")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Berlin")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# wagtail-localize would publish a new translation at once, still in the source language; it
# stays a draft until the translator publishes it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "collected-static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads on the local disk (MEDIA_ROOT) unless MEDIA_STORAGE=s3 puts them in an S3-compatible
# bucket (django-storages) that every app server shares. Credentials come from the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables or the machine's role. Objects stay private
# and are handed out as signed, expiring URLs after Wagtail's own permission checks.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("MEDIA_S3_BUCKET"),
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            "location": env.str("MEDIA_S3_PREFIX", default="media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}")
# Recordings and documents pass the site's permission checks, then something other than Python
# sends them (cms/core/media_delivery.py): S3 through a signed URL that expires after
# MEDIA_S3_URL_EXPIRY seconds, or, on the local disk, nginx (MEDIA_SENDFILE=x-accel-redirect, to
# the internal location MEDIA_ACCEL_REDIRECT_PREFIX) or Apache (x-sendfile). Unset: Python streams.
MEDIA_S3_URL_EXPIRY = env.int("MEDIA_S3_URL_EXPIRY", default=300)
MEDIA_SENDFILE = env.str("MEDIA_SENDFILE", default="")
MEDIA_ACCEL_REDIRECT_PREFIX = env.str("MEDIA_ACCEL_REDIRECT_PREFIX", default="/protected-media/")
if MEDIA_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"MEDIA_SENDFILE must be empty, x-accel-redirect or x-sendfile, not {MEDIA_SENDFILE!r}"
    )
SENDFILE_BACKEND = "cms.core.media_delivery"
# Never "direct": links would point at the storage and skip the collections' view restrictions.
WAGTAILDOCS_SERVE_METHOD = "redirect" if MEDIA_STORAGE == "s3" else "serve_view"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Documents include course recordings (webm/mp4) and their captions (vtt/srt), hence the size.
WAGTAILDOCS_EXTENSIONS = [
    *["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"],
    *["vtt", "srt", "webm", "mp4"],
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_MB", default=500) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Uploaded originals lose their EXIF/GPS, XMP and comments (cms/core/images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.core.image_forms.MetadataFreeImageForm"

# Request and upload limits ------------------------------------------------------------------
# Request bodies, refused with 413 before anything reads them (cms/core/request_limits.py):
# public routes take no files; editors' admin requests take ADMIN_MAX_BODY_MB, or a document of
# DOCUMENT_MAX_UPLOAD_MB under /admin/documents/. The reverse proxy should match
# (docs/deployment.md).
PUBLIC_MAX_BODY_KB = env.int("PUBLIC_MAX_BODY_KB", default=256)
ADMIN_MAX_BODY_MB = env.int("ADMIN_MAX_BODY_MB", default=20)
# Django's 1000 form fields for everyone; the page editor posts several per StreamField block,
# so editors' admin requests may post more (cms/core/field_limit.py).
DATA_UPLOAD_MAX_NUMBER_FIELDS = RequestFieldLimit(1000)
ADMIN_DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Every frame of an image is counted, from its headers, before anything decodes it
# (cms/core/image_frames.py): a still picture may have WAGTAILIMAGES_MAX_IMAGE_PIXELS, an
# animation IMAGE_MAX_ANIMATION_PIXELS in all its frames (re-encoding one to strip its metadata
# takes about a second and 70 MB per 16 million pixels) and IMAGE_MAX_FRAMES frames.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128 * 1000000
IMAGE_MAX_ANIMATION_PIXELS = 25 * 1000000
IMAGE_MAX_FRAMES = 1000
# Uploaded documents are checked by their content, not only their extension
# (cms/core/document_content.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.core.document_forms.CheckedDocumentForm"
# Optional virus scan of every upload by ClamAV's clamd (cms/core/virus_scan.py), e.g.
# unix:///run/clamav/clamd.ctl or tcp://clamav.internal:3310. While it is set and clamd cannot
# be reached, uploads are refused.
CLAMD_URL = env.str("CLAMD_URL", default="")
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=60.0)
if CLAMD_URL and not CLAMD_URL.startswith(("unix:///", "tcp://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"CLAMD_URL must be unix:///path/to/clamd.socket or tcp://host:port, not {CLAMD_URL!r}"
    )
# ---------------------------------------------------------------------------------------------

# Wagtail
WAGTAIL_SITE_NAME = "Heritage Hub"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's built-in avatar: no editor's e-mail hash goes to Gravatar, and no broken images
# where the admin cannot reach it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# Passwords are changed and reset on the site only (allauth), where wrong current passwords count
# towards the log-in lockouts and reset mails are rate limited and queued; the admin's forms did
# neither. The admin's log-in page and account page link to the site's.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False

# Search: the database backend unless SEARCH_BACKEND names a search server. All are ours, so that
# text is stemmed in its own language: search/multilingual.py (Wagtail's database backend with a
# text search configuration per language on PostgreSQL) and search/es.py (modelsearch's
# Elasticsearch/OpenSearch backends with an analyzer per language).
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="database")
SEARCH_BACKEND_MODULES = {
    "database": "search.multilingual",
    "elasticsearch": "search.es.Elasticsearch9SearchBackend",
    "elasticsearch8": "search.es.Elasticsearch8SearchBackend",
    "opensearch": "search.es_opensearch.OpenSearch3SearchBackend",
    "opensearch2": "search.es_opensearch.OpenSearch2SearchBackend",
}
if SEARCH_BACKEND not in SEARCH_BACKEND_MODULES:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKEND_MODULES)}, not {SEARCH_BACKEND!r}"
    )
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": SEARCH_BACKEND_MODULES[SEARCH_BACKEND]},
    # Always there: every search falls back to it while the search server is down
    # (cms/core/search_fallback.py), so it is kept up to date too. On the database default both
    # names share one index: update it once.
    "database": {
        "BACKEND": SEARCH_BACKEND_MODULES["database"],
        "AUTO_UPDATE": SEARCH_BACKEND != "database",
    },
}
if SEARCH_BACKEND != "database":
    WAGTAILSEARCH_BACKENDS["default"].update(
        {
            "URLS": env.list("ELASTICSEARCH_URL", default=["http://localhost:9200"]),
            "INDEX_PREFIX": env.str("SEARCH_INDEX_PREFIX", default="heritagehub_"),
            # Seconds; also bounds how long publishing waits for a search server that hangs.
            "TIMEOUT": env.int("SEARCH_TIMEOUT", default=5),
        }
    )
# Seconds every process answers searches from the database after the search server failed,
# before one request tries it again (cms/core/search_fallback.py; shared through the cache).
SEARCH_CIRCUIT_OPEN_SECONDS = env.int("SEARCH_CIRCUIT_OPEN_SECONDS", default=30)

# Security: on everywhere, the HTTPS-only parts are added in production.py.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp) for the public site; the Wagtail admin needs inline scripts
# and styles and gets the looser ADMIN_CONTENT_SECURITY_POLICY (see cms.core.middleware).
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402  (kept with the policies it builds)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # The site's own files, and inline scripts only with this response's nonce (templates
        # write nonce="{{ request.csp_nonce }}" on every <script> that runs; cms.core.csp renews
        # it for cached pages).
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https:"],
        "media-src": [SELF, "https:"],
        "frame-src": [
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "object-src": [NONE],
        # No template uses <base>: an injected one could point relative script URLs elsewhere.
        "base-uri": [NONE],
        "form-action": [SELF],
        # Wagtail's previews get 'self' instead, so the admin can show them (cms.core.csp).
        "frame-ancestors": [NONE],
    }
}
ADMIN_URL_PREFIX = "/admin/"
# URLs outside the /<language>/ prefixes, which LocaleMiddleware must leave alone.
LANGUAGE_NEUTRAL_URL_PREFIXES = ("/admin/", "/api/", "/documents/", "/static/", "/media/")
# Wagtail 8 still writes inline <script>s without a nonce (inline and multiple-chooser panels,
# date and time widgets, wagtail-localize's editor), hence 'unsafe-inline'; it needs no eval and
# no inline event handlers, which script-src-attr refuses even so (tests/e2e/test_content_
# security_policy.py loads the admin's main screens in chromium without a violation).
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "script-src-attr": [NONE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "media-src": [SELF, "blob:", "https:"],
    "frame-src": [SELF, "https:"],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
