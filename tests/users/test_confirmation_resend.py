"""The page that asks to confirm the e-mail address can send the e-mail again, within allauth's
limits and without telling whether the address already had an account."""

from django.core import mail
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from cms.users.factories import EmailAddressFactory, UserFactory
from tests.users.utils import LOGIN_URL, SIGNUP_URL, VERIFICATION_SENT_URL, links_in, main_text

RESEND_URL = "/en/account/confirm-email/resend/"
PASSWORD = "an unusual passphrase 4 heritage"


def sign_up(client, email="newcomer@example.org"):
    response = client.post(
        SIGNUP_URL,
        {
            "display_name": "Ada Lovelace",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response["Location"] == VERIFICATION_SENT_URL
    return response


def confirmation_links(message) -> list[str]:
    return [link for link in links_in(message) if "/accounts/confirm-email/" in link]


def test_the_page_offers_to_send_the_e_mail_again(client, db):
    sign_up(client)

    soup = BeautifulSoup(client.get(VERIFICATION_SENT_URL).content.decode(), "html.parser")

    form = soup.find("form", attrs={"action": RESEND_URL})
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    button = form.find("button", attrs={"type": "submit"})
    assert button.get_text(strip=True) == "Send the e-mail again"
    hint = soup.find(id=button["aria-describedby"]).get_text(strip=True)
    assert "spam folder" in hint


def test_sending_again_sends_a_second_confirmation(client, db):
    sign_up(client)

    response = client.post(RESEND_URL, follow=True)

    assert response.redirect_chain == [(VERIFICATION_SENT_URL, 302)]
    assert [message.to for message in mail.outbox] == [["newcomer@example.org"]] * 2
    first, second = (confirmation_links(message) for message in mail.outbox)
    assert len(first) == len(second) == 1
    assert "newcomer@example.org" in main_text(response)  # allauth's "sent to ..." message


def test_the_confirmation_e_mail_does_not_repeat_the_name(client, db):
    # Whoever signs up chooses the name; the mail goes to an address not yet shown to be theirs.
    client.post(
        SIGNUP_URL,
        {
            "display_name": "Win a prize at evil example",
            "email": "someone-else@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    [message] = mail.outbox
    assert "prize" not in message.body
    assert "Member" not in message.body
    assert len(confirmation_links(message)) == 1


def test_sending_again_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.get(SIGNUP_URL)
    sign_up_data = {
        "display_name": "Ada Lovelace",
        "email": "newcomer@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }
    client.post(SIGNUP_URL, sign_up_data)

    assert client.post(RESEND_URL).status_code == 403
    assert client.get(RESEND_URL).status_code == 405
    assert len(mail.outbox) == 1


def test_sending_again_is_rate_limited_by_allauth(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "confirm_email": "2/10m/key"}
    sign_up(client)
    client.post(RESEND_URL)
    assert len(mail.outbox) == 2

    response = client.post(RESEND_URL, follow=True)

    assert len(mail.outbox) == 2
    assert response.redirect_chain == [(VERIFICATION_SENT_URL, 302)]
    assert "The e-mail was not sent again" in main_text(response)


def test_sending_again_answers_the_same_for_an_address_that_has_an_account(db):
    """The owner of the address hears again that they already have an account."""
    UserFactory(email="taken@example.org")
    fresh, taken = Client(), Client()
    sign_up(fresh, email="fresh@example.org")
    sign_up(taken, email="taken@example.org")
    mail.outbox.clear()

    fresh_page = fresh.post(RESEND_URL, follow=True)
    taken_page = taken.post(RESEND_URL, follow=True)

    assert fresh_page.redirect_chain == taken_page.redirect_chain
    assert main_text(taken_page) == main_text(fresh_page).replace(
        "fresh@example.org", "taken@example.org"
    )
    assert [message.to for message in mail.outbox] == [
        ["fresh@example.org"],
        ["taken@example.org"],
    ]
    assert confirmation_links(mail.outbox[0])
    assert not confirmation_links(mail.outbox[1])


def test_without_a_sign_up_in_this_browser_it_asks_to_log_in(client, db):
    response = client.post(RESEND_URL, follow=True)

    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert "Log in with your e-mail address and password to have the e-mail sent again." in (
        main_text(response)
    )
    assert mail.outbox == []


@pytest.mark.parametrize("verified", [False, True])
def test_a_signed_in_user_gets_it_for_an_unconfirmed_address(client, db, verified):
    user = UserFactory()
    EmailAddressFactory(user=user, email="work@example.org", verified=verified)
    client.force_login(user)

    response = client.post(RESEND_URL)

    if verified:
        assert response["Location"] == "/en/accounts/email/"
        assert mail.outbox == []
    else:
        assert response["Location"] == VERIFICATION_SENT_URL
        assert [message.to for message in mail.outbox] == [["work@example.org"]]
