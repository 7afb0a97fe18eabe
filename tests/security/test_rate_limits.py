"""Log-in, sign-up, the contact relay and certificate verification answer 429 past their limit."""

from django.test import Client
from django.urls import reverse

import pytest

from cms.bestpractices.factories import BestPracticeIndexPageFactory, BestPracticePageFactory
from cms.users.factories import UserFactory
from courses.views.certificates import VERIFY_RATE


@pytest.fixture
def small_account_limits(settings):
    # allauth reads its limits on each request; the real ones (30/m, 10/h) are only slower.
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login": "3/m/ip",
        "login_failed": "3/m/ip",
        "signup": "2/h/ip",
        "reset_password": "2/h/ip",
    }


def test_login_is_rate_limited(home_page, small_account_limits):
    user = UserFactory()
    client = Client()
    codes = [
        client.post(
            reverse("account_login"), {"login": user.email, "password": f"wrong-{n}"}
        ).status_code
        for n in range(4)
    ]

    assert 429 in codes
    assert codes[0] != 429


def test_signup_is_rate_limited(home_page, small_account_limits):
    client = Client()
    codes = [
        client.post(
            reverse("account_signup"),
            {
                "email": f"new{n}@example.org",
                "password1": "a-Long-passphrase-1234",
                "password2": "a-Long-passphrase-1234",
            },
        ).status_code
        for n in range(3)
    ]

    assert codes[:2] != [429, 429]
    assert codes[-1] == 429


def test_password_reset_is_rate_limited(home_page, small_account_limits):
    client = Client()
    codes = [
        client.post(reverse("account_reset_password"), {"email": f"x{n}@example.org"}).status_code
        for n in range(3)
    ]

    assert codes[-1] == 429


def test_the_contact_relay_allows_five_an_hour(home_page, django_capture_on_commit_callbacks):
    index = BestPracticeIndexPageFactory(parent=home_page, title="Practices", slug="practices")
    page = BestPracticePageFactory(
        parent=index, title="Labels", slug="labels", contact_email="c@museum.example"
    )
    page.save_revision().publish()
    client = Client()
    data = {"name": "Vera", "email": "vera@visitor.example", "message": "Hi", "website": ""}

    with django_capture_on_commit_callbacks(execute=True):
        codes = [client.post(f"{page.url}contact/", data).status_code for _ in range(6)]

    assert codes[:5] == [302] * 5
    assert codes[5] == 429


def test_certificate_verification_is_rate_limited(home_page):
    limit = int(VERIFY_RATE.split("/")[0])
    client = Client()
    url = reverse("courses:certificate_verify", args=["no-such-code"])

    codes = [client.get(url).status_code for _ in range(limit + 1)]

    assert codes[:limit] == [404] * limit
    assert codes[limit] == 429
