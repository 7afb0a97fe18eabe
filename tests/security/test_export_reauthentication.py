"""“Download my data” hands everything over only to someone who typed the password lately.

An open session on a shared computer must not give away the account's data with one click: the
download asks for the password unless it was typed (at log-in or on that page) in the last few
minutes, wrong guesses count towards the log-in lockout, and one account's re-entry never
serves another.
"""

import datetime
import json

from django.test import Client
from django.utils import timezone

import pytest
import time_machine
from axes.models import AccessAttempt

from cms.users.factories import DEFAULT_PASSWORD, UserFactory
from cms.users.selectors import REAUTHENTICATION_SESSION_KEY
from tests.users.utils import EXPORT_URL, LOGIN_URL, PRIVACY_URL, is_logged_in, main_text

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
OTHER_PASSWORD = "another horse battery staple"


@pytest.fixture
def me(home_page):
    return UserFactory(email="me@example.org", display_name="Ada Owner")


@pytest.fixture
def other(home_page):
    user = UserFactory(email="other@example.org", display_name="Otto Other")
    user.set_password(OTHER_PASSWORD)
    user.save()
    return user


@pytest.fixture
def signed_in(client, me):
    """Signed in without typing the password (a session that was already open)."""
    client.force_login(me)
    return client


def is_download(response) -> bool:
    return response.get("Content-Disposition", "").startswith("attachment") and response[
        "Content-Type"
    ].startswith("application/json")


def assert_asks_for_the_password(response, *, status=200):
    assert response.status_code == status
    assert not is_download(response)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'type="password"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label class="field__label" for="id_password">' in html
    assert "Confirm your password" in main_text(response)


def test_without_re_entry_the_password_page_comes_not_the_data(signed_in):
    response = signed_in.get(EXPORT_URL)

    assert_asks_for_the_password(response)
    assert "me@example.org" not in main_text(response)


def test_the_privacy_page_link_does_not_force_a_download(signed_in):
    # With a download attribute the browser would save the password page as a file.
    html = signed_in.get(PRIVACY_URL).content.decode()

    assert f'href="{EXPORT_URL}">' in html
    assert f'href="{EXPORT_URL}" download' not in html


@pytest.mark.parametrize("password", ["not my password", DEFAULT_PASSWORD.upper(), " "])
def test_a_wrong_password_is_an_error_and_no_data(signed_in, password):
    response = signed_in.post(EXPORT_URL, {"password": password})

    assert_asks_for_the_password(response, status=400)
    assert "That is not your password." in main_text(response)
    assert 'aria-invalid="true"' in response.content.decode()
    # Nor does the failed attempt open the download.
    assert_asks_for_the_password(signed_in.get(EXPORT_URL))


def test_an_empty_password_is_asked_for_again(signed_in):
    response = signed_in.post(EXPORT_URL, {"password": ""})

    assert_asks_for_the_password(response, status=400)
    assert "This field is required." in main_text(response)


def test_the_right_password_hands_over_the_data(signed_in):
    response = signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    assert is_download(response)
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.org"
    # The re-entry counts for a while: the link works directly, the session stays the same.
    assert is_download(signed_in.get(EXPORT_URL))
    assert is_logged_in(signed_in)


def test_a_stale_re_entry_is_asked_for_again(signed_in):
    with time_machine.travel(START, tick=False) as traveller:
        assert is_download(signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD}))

        traveller.shift(datetime.timedelta(minutes=9, seconds=59))
        assert is_download(signed_in.get(EXPORT_URL))

        traveller.shift(datetime.timedelta(seconds=2))
        assert_asks_for_the_password(signed_in.get(EXPORT_URL))

        # Typing it again opens the next ten minutes.
        assert is_download(signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD}))
        traveller.shift(datetime.timedelta(minutes=5))
        assert is_download(signed_in.get(EXPORT_URL))


def test_the_time_a_re_entry_counts_is_a_setting(signed_in, settings):
    settings.USERS_REAUTHENTICATION_MINUTES = 2
    with time_machine.travel(START, tick=False) as traveller:
        signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD})
        traveller.shift(datetime.timedelta(minutes=1))
        assert is_download(signed_in.get(EXPORT_URL))
        traveller.shift(datetime.timedelta(minutes=2))
        assert_asks_for_the_password(signed_in.get(EXPORT_URL))


def test_a_re_entry_from_the_future_is_not_trusted(signed_in):
    # A clock set back must not turn an old note into one that never expires.
    session = signed_in.session
    later = timezone.now() + datetime.timedelta(hours=1)
    session[REAUTHENTICATION_SESSION_KEY] = {
        "user": session["_auth_user_id"],
        "at": later.timestamp(),
    }
    session.save()

    assert_asks_for_the_password(signed_in.get(EXPORT_URL))


def test_the_password_typed_at_log_in_counts_as_recent(client, me):
    with time_machine.travel(START, tick=False) as traveller:
        login = client.post(LOGIN_URL, {"login": "me@example.org", "password": DEFAULT_PASSWORD})
        assert login.status_code == 302

        traveller.shift(datetime.timedelta(minutes=5))
        assert is_download(client.get(EXPORT_URL))

        traveller.shift(datetime.timedelta(minutes=6))
        assert_asks_for_the_password(client.get(EXPORT_URL))


class TestAnotherAccount:
    def test_another_signed_in_user_is_asked_for_their_own_password(self, signed_in, other):
        assert is_download(signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD}))
        theirs = Client()
        theirs.force_login(other)

        assert_asks_for_the_password(theirs.get(EXPORT_URL))

    def test_my_password_does_not_open_another_accounts_data(self, me, other):
        theirs = Client()
        theirs.force_login(other)

        response = theirs.post(EXPORT_URL, {"password": DEFAULT_PASSWORD})

        assert_asks_for_the_password(response, status=400)
        assert "That is not your password." in main_text(response)
        assert "me@example.org" not in response.content.decode()

    def test_a_re_entry_copied_into_another_session_does_not_count(self, signed_in, other):
        signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD})
        note = signed_in.session[REAUTHENTICATION_SESSION_KEY]
        theirs = Client()
        theirs.force_login(other)
        session = theirs.session
        session[REAUTHENTICATION_SESSION_KEY] = note
        session.save()

        response = theirs.get(EXPORT_URL)

        assert_asks_for_the_password(response)

    def test_the_next_person_on_the_same_browser_is_asked_again(self, signed_in, other):
        signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD})
        signed_in.post("/en/accounts/logout/")
        assert not is_logged_in(signed_in)
        signed_in.force_login(other)

        response = signed_in.get(EXPORT_URL)

        assert_asks_for_the_password(response)
        assert "me@example.org" not in response.content.decode()

    def test_a_download_has_only_the_owners_data(self, signed_in, other):
        data = signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD}).json()

        assert data["account"]["email"] == "me@example.org"
        assert "other@example.org" not in json.dumps(data)


def test_wrong_passwords_count_towards_the_log_in_lockout(signed_in, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert signed_in.post(EXPORT_URL, {"password": "a guess"}).status_code == 400
    assert AccessAttempt.objects.filter(username="me@example.org").exists()

    locked = signed_in.post(EXPORT_URL, {"password": "one guess too many"})
    # Once locked, even the right password opens nothing, here or at the log-in.
    after = signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD})

    assert locked.status_code == after.status_code == 429
    assert not is_download(after)
    login = Client().post(LOGIN_URL, {"login": "me@example.org", "password": DEFAULT_PASSWORD})
    assert login.status_code == 429


def test_password_guesses_are_rate_limited_even_without_the_lockout(signed_in, settings):
    # With the lockout set high (or reset), the view's own limit still stops the guessing.
    settings.AXES_FAILURE_LIMIT = 1000
    codes = [signed_in.post(EXPORT_URL, {"password": f"guess {n}"}).status_code for n in range(10)]
    assert codes == [400] * 10

    response = signed_in.post(EXPORT_URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 429
    assert not is_download(response)


class TestAccountWithoutPassword:
    """Accounts made without a password (the demo administrator without DEMO_ADMIN_PASSWORD,
    accounts an administrator created) cannot confirm one; there is no password-less log-in."""

    @pytest.fixture
    def passwordless(self, client, home_page):
        user = UserFactory(email="nopass@example.org")
        user.set_unusable_password()
        user.save()
        client.force_login(user)
        return client

    def test_is_asked_to_set_a_password_first(self, passwordless):
        response = passwordless.get(EXPORT_URL)

        assert response.status_code == 200
        assert not is_download(response)
        assert "Set a password" in main_text(response)
        assert 'href="/en/accounts/password/set/"' in response.content.decode()

    def test_gets_no_data_whatever_is_posted(self, passwordless):
        for password in ("", "anything", DEFAULT_PASSWORD):
            response = passwordless.post(EXPORT_URL, {"password": password})
            assert not is_download(response)
            assert "nopass@example.org" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for response in (client.get(EXPORT_URL), client.post(EXPORT_URL, {"password": "x"})):
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN_URL}?next={EXPORT_URL}"
