from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router
from cms.core import views as core_views
from cms.core.admin_permissions import guard_admin_urls
from cms.core.privacy_passwords import throttle_privacy_passwords
from cms.core.sitemaps import AllLanguagesSitemap
from cms.core.translation_fallback import fallback_serve_urls

# A database outage answers 503 with Retry-After, other errors 500 (cms/core/errors.py).
handler500 = "cms.core.errors.server_error"

# Language-independent URLs: the admin, machine endpoints and files.
urlpatterns = [
    path("", core_views.root_redirect, name="root"),
    # Every admin view that names a page first checks the editor's rights on it.
    path("admin/", include(guard_admin_urls(wagtailadmin_urls.urlpatterns))),
    # Wrong guesses at a private collection's or page's password are limited per address.
    path("documents/", include(throttle_privacy_passwords(wagtaildocs_urls.urlpatterns))),
    path("api/v2/", api_router.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}, name="sitemap"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    # Real errors show Django's technical pages while DEBUG is on; these show the site's own.
    urlpatterns += i18n_patterns(
        path("404/", core_views.error_page_preview, {"status": 404}),
        path("500/", core_views.error_page_preview, {"status": 500}),
        prefix_default_language=True,
    )

# Everything a visitor reads lives under a language prefix: /en/, /da/, /de/, /it/, /el/.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("account/", include("cms.users.urls")),
    path("", include("courses.urls")),
    path("partners/", include("partnerbourse.urls")),
    path("search/", include("search.urls")),
    path("sitemap/", include("cms.navigation.urls")),
    # Wagtail serves every other path from the page tree; it must come last. A page not yet
    # translated is shown in the default language with a notice (cms/core/translation_fallback).
    path("", include(throttle_privacy_passwords(fallback_serve_urls(wagtail_urls.urlpatterns)))),
    prefix_default_language=True,
)
