from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

from csp.middleware import CSPMiddleware, PolicyParts


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's strict policy everywhere except the Wagtail admin.

    The admin relies on inline scripts and styles that a strict policy would break, so it gets
    ADMIN_CONTENT_SECURITY_POLICY instead of being left without any policy.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
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
