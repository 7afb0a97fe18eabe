"""“Download my data”: everything the site holds about me, and nothing about anyone else."""

import json
import re

from wagtail import hooks

import pytest

from cms.standardpages.factories import StandardPageFactory
from cms.users.factories import DEFAULT_PASSWORD, EmailAddressFactory, UserFactory
from tests.users.utils import EXPORT_URL, LOGIN_URL, PRIVACY_URL


@pytest.fixture
def me(home_page):
    me = UserFactory(email="me@example.org", display_name="Ada", first_name="Ada", last_name="L")
    EmailAddressFactory(user=me, email="me-at-work@example.org")
    StandardPageFactory(parent=home_page, owner=me, title="A page I wrote")
    return me


@pytest.fixture
def someone_else(home_page):
    other = UserFactory(email="other@example.org", display_name="Somebody Else")
    EmailAddressFactory(user=other, email="other-at-work@example.org")
    StandardPageFactory(parent=home_page, owner=other, title="A page they wrote")
    return other


def test_download_contains_my_data_and_nobody_elses(client, me, someone_else):
    client.force_login(me)

    # The password once more first (tests/security/test_export_reauthentication.py).
    response = client.post(EXPORT_URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="heritage-hub-my-data-')
    assert response["Content-Disposition"].endswith('.json"')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.org"
    assert data["account"]["display_name"] == "Ada"
    assert data["account"]["first_name"] == "Ada"
    assert data["account"]["last_name"] == "L"
    assert data["email_addresses"] == [
        {"email": "me-at-work@example.org", "verified": False, "primary": False},
        {"email": "me@example.org", "verified": True, "primary": True},
    ]
    assert [page["title"] for page in data["pages_owned"]] == ["A page I wrote"]
    body = response.content.decode()
    for theirs in ("other@example.org", "other-at-work@example.org", "Somebody Else", "they wrote"):
        assert theirs not in body


def test_apps_add_their_sections_through_the_export_hook(client, me, someone_else):
    def export_enrolments(user):
        return "enrolments", [f"course of {user.email}"]

    client.force_login(me)
    with hooks.register_temporarily("export_personal_data", export_enrolments):
        data = client.post(EXPORT_URL, {"password": DEFAULT_PASSWORD}).json()

    assert data["enrolments"] == ["course of me@example.org"]


@pytest.mark.parametrize("url", [PRIVACY_URL, EXPORT_URL])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={url}"


def test_privacy_page_offers_download_and_deletion(client, me):
    client.force_login(me)

    html = client.get(PRIVACY_URL).content.decode()

    assert f'href="{EXPORT_URL}"' in html
    assert 'name="password"' in html
    assert re.search(r'<label[^>]*\bfor="id_password"', html)
