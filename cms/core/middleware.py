from django.conf import settings
from django.contrib import messages
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts

from .csp import request_is_preview
from .search_fallback import search_fallback_scope, search_fell_back

SEARCH_FALLBACK_NOTICE = _(
    "The search server is not answering; these results come from the database search."
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's strict policy everywhere except the Wagtail admin.

    The admin relies on inline scripts and styles that a strict policy would break, so it gets
    ADMIN_CONTENT_SECURITY_POLICY instead of being left without any policy.

    Previews are public pages rendered for the admin's preview panel (cms.core.csp): they keep the
    site's policy, but the admin may frame them. The public URL of the same page still refuses
    every frame.
    """

    def process_response(self, request, response):
        # Before XFrameOptionsMiddleware (above this one in MIDDLEWARE), which keeps a value it
        # finds and would otherwise say DENY.
        if request_is_preview(request) and not response.has_header("X-Frame-Options"):
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        elif request_is_preview(request):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except on the language-neutral URLs.

    On a 404 Django redirects to the same path under /en/ whenever that resolves, and Wagtail's
    catch-all page route makes every path resolve: an API client asking for a missing page would
    get a redirect to an HTML page instead of its JSON 404.
    """

    def process_response(self, request, response):
        if request.path_info.startswith(settings.LANGUAGE_NEUTRAL_URL_PREFIXES):
            return response
        return super().process_response(request, response)


class SearchFallbackNoticeMiddleware:
    """Keeps search-server failures to the request they happened in, and tells editors when an
    admin page's search results came from the database search instead (cms.core.search_fallback).

    A page gets a message, added once the view has built its context and before the page is
    rendered: a listing has searched by then (it counts the results for its pagination). The
    fragments the admin fetches as the editor types or pages through a chooser have no messages
    area, and a queued message would greet the editor on the next page instead: they start with
    the notice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with search_fallback_scope():
            return self.get_response(request)

    def process_template_response(self, request, response):
        view = (response.context_data or {}).get("view")
        # The admin's own views; not its JSON API, whose responses carry no view.
        if view is None or not request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            return response
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            response.add_post_render_callback(_prepend_search_fallback_notice)
        elif search_fell_back():
            messages.warning(request, SEARCH_FALLBACK_NOTICE)
        return response


def _prepend_search_fallback_notice(response):
    if search_fell_back():
        notice = format_html(
            '<div class="nice-padding"><p class="help-block help-warning">{}</p></div>',
            SEARCH_FALLBACK_NOTICE,
        )
        response.content = notice.encode() + response.content
