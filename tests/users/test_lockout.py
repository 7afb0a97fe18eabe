"""django-axes locks an account, per address, after repeated failed log-ins on either form."""

from django.conf import settings
from django.test import Client

import pytest

from cms.users.factories import DEFAULT_PASSWORD, UserFactory
from tests.users.utils import ADMIN_LOGIN_URL, LOGIN_URL, PROFILE_URL, is_logged_in, main_text

LOCKOUT_HEADING = "Too many failed log-in attempts"


def site_login(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def admin_login(client, email, password):
    return client.post(ADMIN_LOGIN_URL, {"username": email, "password": password})


def assert_locked_out(response):
    assert response.status_code == 429
    assert LOCKOUT_HEADING in main_text(response)


@pytest.fixture
def staff_user(db):
    return UserFactory(email="staff@example.org", superuser=True)


def test_site_login_refuses_even_the_right_password_after_the_limit(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = site_login(client, user.email, "wrong password")
        assert response.status_code == 200
        assert LOCKOUT_HEADING not in main_text(response)

    assert_locked_out(site_login(client, user.email, "wrong password"))
    assert_locked_out(site_login(client, user.email, DEFAULT_PASSWORD))
    assert not is_logged_in(client)


def test_admin_login_refuses_even_the_right_password_after_the_limit(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, staff_user.email, "wrong password").status_code == 200

    assert_locked_out(admin_login(client, staff_user.email, "wrong password"))
    assert_locked_out(admin_login(client, staff_user.email, DEFAULT_PASSWORD))
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    ("first_form", "second_form"),
    [(site_login, admin_login), (admin_login, site_login)],
    ids=["site-then-admin", "admin-then-site"],
)
def test_failures_on_one_login_form_count_on_the_other(client, staff_user, first_form, second_form):
    # Written in another case: both forms count the attempts against the same account.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        first_form(client, "Staff@Example.org", "wrong password")

    assert_locked_out(second_form(client, "STAFF@example.org", "wrong password"))
    assert_locked_out(site_login(client, staff_user.email, DEFAULT_PASSWORD))
    assert_locked_out(admin_login(client, staff_user.email, DEFAULT_PASSWORD))
    assert not is_logged_in(client)


def test_another_account_from_the_same_address_is_not_locked(staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        site_login(Client(), staff_user.email, "wrong password")
    assert_locked_out(site_login(Client(), staff_user.email, DEFAULT_PASSWORD))

    colleague = UserFactory(superuser=True)
    on_site = Client()
    response = site_login(on_site, colleague.email, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert is_logged_in(on_site)

    in_admin = Client()
    response = admin_login(in_admin, colleague.email, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(in_admin)


def test_a_successful_login_forgets_earlier_failures(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        site_login(client, user.email, "wrong password")
    assert site_login(client, user.email, DEFAULT_PASSWORD).status_code == 302
    client.logout()

    response = site_login(client, user.email, "wrong password")

    assert response.status_code == 200
    assert LOCKOUT_HEADING not in main_text(response)
