"""CSRF: every state-changing endpoint of the site refuses a POST without a token.

The endpoints are enumerated from the URLconf, so a view added later is covered without
touching this file; the few that must accept a tokenless POST are listed, with the reason.
"""

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils.regex_helper import normalize

import pytest

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory

# Modules whose views the site itself writes or configures (allauth: sign-up, login, e-mail).
OWN_VIEW_MODULES = ("cms.", "courses.", "partnerbourse.", "search.", "allauth.")

# Views that accept a POST without a CSRF token, and why that is safe.
CSRF_EXEMPT_ALLOWED = {
    # RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" with no
    # session and no token; the signed token in the URL is the authorisation, and all it can do
    # is switch one digest off.
    "partnerbourse.views.saved_searches.saved_search_unsubscribe_one_click",
}


def _view_name(callback) -> str:
    view = getattr(callback, "view_class", None) or callback
    return f"{view.__module__}.{view.__qualname__}"


def _walk(patterns, prefix=""):
    """Yield (example path, pattern) for every URL pattern, with each parameter filled in."""
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            part = pattern.pattern.language_prefix
        else:
            template, params = normalize(pattern.pattern.regex.pattern)[0]
            part = template % dict.fromkeys(params, "1")
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + part)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + part, pattern


def own_endpoints() -> list[tuple[str, str]]:
    endpoints = {}
    for path, pattern in _walk(get_resolver().url_patterns):
        name = _view_name(pattern.callback)
        if name.startswith(OWN_VIEW_MODULES):
            endpoints.setdefault(path, name)
    return sorted(endpoints.items())


ENDPOINTS = own_endpoints()


def test_the_enumeration_finds_the_sites_forms():
    names = {name for _, name in ENDPOINTS}
    # A guard against a walker that silently finds nothing.
    for expected in (
        "partnerbourse.views.responses.express_interest",
        "partnerbourse.views.member.listing_edit",
        "courses.views.learning.progress",
        "courses.views.quizzes.quiz_submit",
        "cms.users.views.delete_account",
    ):
        assert expected in names
    assert any(name.startswith("allauth.account.views.") for name in names)
    assert len(ENDPOINTS) > 40


@pytest.mark.parametrize(("path", "view"), ENDPOINTS, ids=[path for path, _ in ENDPOINTS])
def test_a_post_without_a_token_is_refused(path, view, home_page, user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(path, {"message": "x", "email": "a@example.org"})

    if view in CSRF_EXEMPT_ALLOWED:
        assert response.status_code != 403
    else:
        assert response.status_code == 403, f"{view} at {path} accepted a POST without CSRF token"


def test_anonymous_posts_to_login_and_signup_need_a_token_too(home_page):
    client = Client(enforce_csrf_checks=True)
    for path in ("/en/accounts/login/", "/en/accounts/signup/", "/en/accounts/password/reset/"):
        response = client.post(path, {"login": "a@example.org", "password": "x" * 12})
        assert response.status_code == 403, path


def test_the_best_practice_contact_form_needs_a_token(home_page):
    # A routable page route, which the URLconf walk cannot see.
    index = BestPracticeIndexPageFactory(parent=home_page, title="Practices", slug="practices")
    page = BestPracticePageFactory(
        parent=index, title="Labels", slug="labels", contact_email="c@museum.example"
    )
    page.save_revision().publish()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"{page.url}contact/",
        {"name": "V", "email": "v@example.org", "message": "Hello", "website": ""},
    )

    assert response.status_code == 403


def test_the_admin_refuses_a_post_without_a_token(home_page, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    response = client.post(f"/admin/pages/{home_page.pk}/delete/")

    assert response.status_code == 403
    assert type(home_page).objects.filter(pk=home_page.pk).exists()
