"""A per-address limit on wrong guesses at the shared passwords of private pages and of private
collections (their documents).

Wagtail checks these passwords in its own views, with no account and no limit: one address could
try every page's password as often as it likes. No account means nothing for django-axes to lock,
so django-ratelimit counts the wrong guesses per client address (``cms.core.client_ip``), over
every page and collection together, and answers with the site's 429 page once they reach
``WRONG_GUESS_RATE``, the right password included, until the window has passed. Only wrong
guesses count, so that visitors sharing an office address can each open a page.
"""

import functools

from django.urls import URLPattern

from django_ratelimit.core import get_usage

from .client_ip import client_ip_key
from .views import rate_limited

PASSWORD_VIEW_NAMES = (
    "wagtailcore_authenticate_with_password",
    "wagtaildocs_authenticate_with_password",
)
WRONG_GUESS_RATE = "10/h"
RATELIMIT_GROUP = "core.privacy_password"
_THROTTLED = "_privacy_password_throttled"


def throttle_privacy_passwords(urlpatterns):
    """Wrap Wagtail's password views in ``urlpatterns`` (cms/urls.py) in the limit."""
    for pattern in urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name in PASSWORD_VIEW_NAMES:
            pattern.callback = _throttled(pattern.callback)
    return urlpatterns


def _wrong_guesses(request, *, count: bool) -> tuple[int, int]:
    """The wrong guesses from the request's address in this window (after counting one more
    when ``count``), and the limit."""
    usage = get_usage(
        request,
        group=RATELIMIT_GROUP,
        key=client_ip_key,
        rate=WRONG_GUESS_RATE,
        method="POST",
        increment=count,
    )
    if usage is None:  # RATELIMIT_ENABLE off
        return 0, 1
    return usage["count"], usage["limit"]


def _throttled(view):
    if getattr(view, _THROTTLED, False):
        return view

    @functools.wraps(view)
    def throttled(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        guesses, limit = _wrong_guesses(request, count=False)
        if guesses >= limit:
            return rate_limited(request)
        response = view(request, *args, **kwargs)
        # Wagtail redirects to the page once the password is right; anything else (the form
        # again, a restriction that does not exist) is a wrong guess.
        if response.status_code != 302:
            _wrong_guesses(request, count=True)
        return response

    setattr(throttled, _THROTTLED, True)
    return throttled
