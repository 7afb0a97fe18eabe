"""Every account and member page says ``Cache-Control: no-store``, and the page cache keeps none.

The test walks the URLconf for the account pages (allauth's and the site's), the learner's pages
and the partner board's member area, so that a page added there later is checked too.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import (
    ListingFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
)
from partnerbourse.models import MembershipRole

# Pages the walk below must find, so that it cannot pass by finding nothing.
KNOWN_PRIVATE = {
    "account_login",
    "account_signup",
    "account_email",
    "account_change_password",
    "account_reset_password",
    "account_reauthenticate",
    "users:profile",
    "users:privacy",
    "users:export_data",
    "users:delete_account",
    "courses:dashboard",
    "courses:quiz",
    "partnerbourse:dashboard",
    "partnerbourse:organisation_create",
    "partnerbourse:organisation_edit",
    "partnerbourse:organisation_members",
    "partnerbourse:my_listing",
    "partnerbourse:responses_dashboard",
    "partnerbourse:saved_searches",
    "partnerbourse:suggestions",
}
# Public pages of the same namespaces, which may be cached.
PUBLIC = {
    "partnerbourse:board",
    "partnerbourse:board_feed",
    "partnerbourse:listing_detail",
    "partnerbourse:listing_detail_short",
    "partnerbourse:organisation_detail",
    "courses:certificate_verify",
    "courses:certificate_issuer",
    "courses:certificate_status_list",
    # Recordings and captions say their own Cache-Control (public where the course is public).
    "courses:module_video",
    "courses:module_captions",
}


def _walk(patterns, namespace="", route=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            if isinstance(pattern.pattern, RegexPattern):
                arguments = list(pattern.pattern.regex.groupindex)
            else:
                arguments = list(pattern.pattern.converters)
            yield name, route + str(pattern.pattern), arguments


def account_and_member_pages():
    """Every route of allauth, of the site's account pages, of the learner's area and of the
    partner board's member area: by where it lives, not by a list of names."""
    pages = {}
    for name, route, arguments in _walk(get_resolver().url_patterns):
        if name in PUBLIC:
            continue
        private = (
            name.startswith("account_")
            or name.startswith("users:")
            or "learning/" in route
            or "/my/" in route
            or route.endswith("invitations/<str:token>/")
            or name.startswith("courses:certificate_")
            or (name.startswith("partnerbourse:") and ("respond" in route or "report" in route))
        )
        if private:
            pages[name] = arguments
    return pages


PAGES = account_and_member_pages()


def test_the_walk_finds_the_known_account_and_member_pages():
    assert PAGES.keys() >= KNOWN_PRIVATE


@pytest.fixture
def member(home_page):
    user = UserFactory()
    membership = OrganisationMembershipFactory(
        user=user, organisation=OrganisationFactory(verified=True), role=MembershipRole.ADMIN
    )
    listing = ListingFactory(organisation=membership.organisation, created_by=user)
    return user, membership, listing


def sample_arguments(arguments, membership, listing) -> dict:
    samples = {
        "pk": membership.organisation.pk,
        "organisation_pk": membership.organisation.pk,
        "membership_pk": membership.pk,
        "course_id": 1,
        "module_id": 1,
        "attempt_id": 1,
        "list_id": 1,
        "code": "no-such-code",
        "token": "no-such-token",
        "slug": "edit",
        "action": "close",
        "language": "en",
        "key": "no-such-key",
        "uidb36": "1",
    }
    return {argument: samples[argument] for argument in arguments}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_signed_in_member_gets_no_store(client, member, name):
    user, membership, listing = member
    client.force_login(user)
    url = reverse(name, kwargs=sample_arguments(PAGES[name], membership, listing))

    response = client.get(url)

    assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)


@pytest.mark.parametrize(
    "name",
    ["users:profile", "users:privacy", "account_email", "account_change_password"],
)
def test_the_account_pages_themselves_answer_with_no_store(client, member, name):
    user, _membership, _listing = member
    client.force_login(user)

    response = client.get(reverse(name))

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


def test_the_member_area_pages_answer_with_no_store(client, member):
    user, membership, listing = member
    client.force_login(user)
    organisation = membership.organisation

    for url in [
        reverse("partnerbourse:dashboard"),
        reverse("partnerbourse:organisation_members", kwargs={"pk": organisation.pk}),
        reverse("partnerbourse:organisation_edit", kwargs={"pk": organisation.pk}),
        reverse("partnerbourse:my_listing", kwargs={"pk": listing.pk}),
        reverse("courses:dashboard"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_signed_out_visitors_get_no_store_on_account_pages_too(client, home_page):
    for name in ["account_login", "account_signup", "account_reset_password", "users:profile"]:
        response = client.get(reverse(name))
        assert "no-store" in response["Cache-Control"], name


def test_public_board_pages_are_left_to_their_own_caching(client, member):
    response = client.get(reverse("partnerbourse:board"))

    assert "no-store" not in response.get("Cache-Control", "")


def test_the_page_cache_never_stores_an_account_page(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 300
    for name in ["account_login", "account_signup", "account_reset_password"]:
        first = client.get(reverse(name))
        second = client.get(reverse(name))
        assert "X-Page-Cache" not in first
        assert "X-Page-Cache" not in second
        assert "no-store" in second["Cache-Control"]
