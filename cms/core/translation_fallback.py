"""Pages not yet translated: shown in another language under the visitor's language, with a notice.

Wagtail answers 404 at ``/da/link-collections/`` when the Danish tree has no such page. Here
Wagtail's page view is wrapped (``fallback_serve_urls`` in cms/urls.py) so that a path under one
language that leads, slug by slug through any language's translations, to a page:

- redirects to that page's translation in the visitor's language where one is live (the language
  switcher and old links may use another language's slugs);
- otherwise serves the default language's version (else the one the path found) with the
  request's language kept for the interface, a notice saying so (templates/components/
  translation_notice.html), ``lang`` on the content (base.html's <main>), the canonical link
  of the original (page_meta.html) and ``noindex``, so search engines index the original only.

The same notice is shown when Wagtail itself routes into another language (a language without
its own home page is served the default home page's tree).
"""

import functools
from dataclasses import dataclass

from django.http import Http404, HttpResponseRedirect
from django.urls import URLPattern
from django.utils import translation
from django.utils.html import format_html

from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from .selectors import language_local_name, page_route_in_any_language

NOINDEX = "noindex"


@dataclass(frozen=True)
class TranslationFallback:
    """What the notice says: the language asked for and the one shown, each named in itself."""

    requested_code: str
    shown_code: str

    @property
    def requested_name(self) -> str:
        return _language_name_html(self.requested_code)

    @property
    def shown_name(self) -> str:
        return _language_name_html(self.shown_code)


def _language_name_html(code: str) -> str:
    # Passed into blocktranslate, where no markup can be written around a variable.
    return format_html('<span lang="{}">{}</span>', code, language_local_name(code))


def fallback_serve_urls(urlpatterns):
    """Wrap Wagtail's page view in ``urlpatterns``; the pattern keeps its name
    (``wagtail_serve``), which page URLs are reversed from and the page cache looks for."""
    for pattern in urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name == "wagtail_serve":
            pattern.callback = _with_fallback(pattern.callback)
    return urlpatterns


def _with_fallback(view):
    if view is not wagtail_serve:
        return view

    @functools.wraps(view)
    def serve(request, path):
        language = translation.get_language()
        route = Page.route_for_request(request, path)
        if route is None:
            site = Site.find_for_request(request)
            if site is None:
                raise Http404
            components = [component for component in path.split("/") if component]
            found = page_route_in_any_language(
                site_root=site.root_page, components=components, language_code=language
            )
            if found is None:
                raise Http404
            if found.translation is not None:
                return _redirect(request, found.translation, found.remaining)
            # A routable page's own routes (feeds, calendars) answer what is left of the path.
            route = found.page.specific.route(request, found.remaining)
            # Wagtail's view (and anything else asking for this request's page) uses this route.
            request._wagtail_route_for_request = route
        page = route[0]
        shown = page.locale.language_code
        if shown == language:
            return view(request, path)
        request.translation_fallback = TranslationFallback(
            requested_code=language, shown_code=shown
        )
        response = view(request, path)
        response["X-Robots-Tag"] = NOINDEX
        return response

    return serve


def _redirect(request, page: Page, remaining: list[str]) -> HttpResponseRedirect:
    url = page.get_url(request=request)
    if remaining:
        url += "/".join(remaining) + "/"
    if query := request.META.get("QUERY_STRING"):
        url += f"?{query}"
    # Temporary: the translation may be unpublished again, and the path then falls back.
    return HttpResponseRedirect(url)
