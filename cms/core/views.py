from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for load balancers: 200 while the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
@vary_on_headers("Accept-Language", "Cookie")
def root_redirect(request):
    """Send / to the visitor's language home without rendering anything first.

    LocaleMiddleware would do the same, but only after resolving / to a 404 page; / is the most
    visited address, so it gets its own cheap redirect.
    """
    return HttpResponseRedirect(f"/{translation.get_language_from_request(request)}/")


def rate_limited(request, exception=None):
    """What a visitor sees when django-ratelimit stops a request (RATELIMIT_VIEW)."""
    return render(request, "429.html", status=429)


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    body = render_to_string(
        "robots.txt",
        {
            "sitemap_url": request.build_absolute_uri("/sitemap.xml"),
            "language_codes": [code for code, _name in settings.LANGUAGES],
        },
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def error_page_preview(request, status: int):
    """The site's own 404 and 500 pages on the development server, which shows Django's
    technical pages for real errors while DEBUG is on (routed only then, in ``cms.urls``)."""
    if status == 404:
        return render(request, "404.html", status=404)
    return HttpResponse(render_to_string("500.html"), status=500)
