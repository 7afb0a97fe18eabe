"""``Cache-Control: no-store`` on every account and member page.

These pages show one person's data (addresses, certificates, organisations, messages, their
data download); a browser must not keep them for the next person at a shared computer, and no
proxy or cache may keep them at all. The rule is by URL name, in one place, rather than on each
view, so that it also covers allauth's views and reaches new views of the member areas by
their names. The page cache (cms.pagecache) only ever stores Wagtail pages and never a
``no-store`` response, which this middleware adds before it sees one.
"""

from fnmatch import fnmatchcase

from django.utils.cache import add_never_cache_headers

# Matched against ``namespace:url_name`` (fnmatch patterns).
PRIVATE_VIEW_NAMES = (
    # allauth: log-in, sign-up, e-mail addresses and their confirmation, password change and
    # reset, re-authentication, log-out.
    "account_*",
    # The profile, the privacy page, the data download and account deletion.
    "users:*",
    # The learner dashboard, enrolment, progress, quizzes and the learner's certificate files.
    "courses:dashboard",
    "courses:enrol",
    "courses:unenrol",
    "courses:certificate_request",
    "courses:progress",
    "courses:confirm_watched",
    "courses:quiz*",
    "courses:certificate_pdf",
    "courses:certificate_credential",
    # The partner board's member area: the dashboard, organisations and their members, listings,
    # responses and messages, suggestions, saved searches, invitations.
    "partnerbourse:dashboard",
    "partnerbourse:organisation_create",
    "partnerbourse:organisation_edit",
    "partnerbourse:organisation_members",
    "partnerbourse:organisation_close",
    "partnerbourse:member_*",
    "partnerbourse:listing_create",
    "partnerbourse:listing_edit",
    "partnerbourse:listing_extend",
    "partnerbourse:listing_action",
    "partnerbourse:my_listing",
    "partnerbourse:express_interest",
    "partnerbourse:listing_report",
    "partnerbourse:response*",
    "partnerbourse:suggestions",
    "partnerbourse:saved_search*",
    "partnerbourse:invitation_accept",
)


def is_private_view(view_name: str) -> bool:
    return any(fnmatchcase(view_name, pattern) for pattern in PRIVATE_VIEW_NAMES)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and is_private_view(match.view_name)
            # A view that said no-store itself (a download) knows best what else to say.
            and "no-store" not in response.get("Cache-Control", "").lower()
        ):
            # no-store, and also private, no-cache, max-age=0 and Expires for older caches.
            add_never_cache_headers(response)
        return response
