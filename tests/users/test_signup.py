"""Sign-up with a confirmed e-mail address, the only way into a new account."""

from django.core import mail

from allauth.account.models import EmailAddress

from cms.users.models import User
from tests.users.utils import (
    LOGIN_URL,
    PROFILE_URL,
    SIGNUP_URL,
    VERIFICATION_SENT_URL,
    is_logged_in,
    links_in,
    main_text,
    path_of,
)

PASSWORD = "an unusual passphrase 4 heritage"


def test_sign_up_confirm_the_address_then_log_in(client, db):
    response = client.post(
        SIGNUP_URL,
        {
            "display_name": "Ada Lovelace",
            "email": "Newcomer@Example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert not is_logged_in(client)
    user = User.objects.get()
    # Stored as allauth looks it up, so that any spelling of the address logs in.
    assert user.email == "newcomer@example.org"
    assert not EmailAddress.objects.get(user=user).verified
    assert "Confirm your e-mail address" in main_text(client.get(VERIFICATION_SENT_URL))

    assert [message.to for message in mail.outbox] == [["newcomer@example.org"]]
    [confirmation_link] = [
        link for link in links_in(mail.outbox[0]) if "/accounts/confirm-email/" in link
    ]

    # Opening the link only shows a button: mail scanners that follow links confirm nothing.
    page = client.get(path_of(confirmation_link))
    assert page.status_code == 200
    assert "Please confirm that newcomer@example.org is your e-mail address." in main_text(page)
    assert not EmailAddress.objects.get(user=user).verified

    confirmed = client.post(path_of(confirmation_link))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == LOGIN_URL
    assert EmailAddress.objects.get(user=user).verified
    assert not is_logged_in(client)

    logged_in = client.post(LOGIN_URL, {"login": "NEWCOMER@example.org", "password": PASSWORD})
    assert logged_in.status_code == 302
    assert logged_in["Location"] == PROFILE_URL
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(PROFILE_URL).status_code == 200


def test_logging_in_before_confirming_gives_no_session(client, db):
    client.post(
        SIGNUP_URL,
        {
            "display_name": "Ada Lovelace",
            "email": "impatient@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    response = client.post(LOGIN_URL, {"login": "impatient@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert not is_logged_in(client)
    assert client.get(PROFILE_URL)["Location"].startswith(LOGIN_URL)
