"""The profile form, and CSRF protection of the forms that change an account."""

import re

from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from cms.users.factories import DEFAULT_PASSWORD
from tests.users.utils import DELETE_URL, LOGIN_URL, PROFILE_URL, main_text


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_updating_the_display_name(logged_in, user):
    response = logged_in.post(PROFILE_URL, {"display_name": "  Ada Lovelace  "})

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    user.refresh_from_db()
    assert user.display_name == "Ada Lovelace"
    page = logged_in.get(PROFILE_URL)
    assert "Your profile has been saved." in main_text(page)
    assert 'value="Ada Lovelace"' in page.content.decode()


def test_an_over_long_display_name_is_refused_with_an_error(logged_in, user):
    before = user.display_name

    response = logged_in.post(PROFILE_URL, {"display_name": "x" * 101})

    assert response.status_code == 200
    assert "at most 100 characters" in main_text(response)
    # The error is tied to the field, so a screen reader announces it with the input.
    html = response.content.decode()
    field = re.search(r'<input[^>]*name="display_name"[^>]*>', html)[0]
    assert 'aria-invalid="true"' in field
    assert "id_display_name_error" in re.search(r'aria-describedby="([^"]*)"', field)[1]
    assert 'id="id_display_name_error"' in html
    user.refresh_from_db()
    assert user.display_name == before


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


@pytest.fixture
def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_the_profile_form_needs_a_csrf_token(csrf_client, user):
    before = user.display_name

    refused = csrf_client.post(PROFILE_URL, {"display_name": "Forged"})

    assert refused.status_code == 403
    user.refresh_from_db()
    assert user.display_name == before

    # With the token from the form's page, the same request goes through.
    csrf_client.get(PROFILE_URL)
    token = csrf_client.cookies["csrftoken"].value
    accepted = csrf_client.post(
        PROFILE_URL, {"display_name": "Genuine", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Genuine"


def test_the_delete_form_needs_a_csrf_token(csrf_client, user):
    refused = csrf_client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert refused.status_code == 403
    user.refresh_from_db()
    assert user.is_active
    assert EmailAddress.objects.filter(user=user).exists()
