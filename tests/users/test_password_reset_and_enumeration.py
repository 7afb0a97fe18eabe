"""Password reset and sign-up never tell a visitor whether an address has an account."""

import re

from django.conf import settings
from django.core import mail
from django.test import Client

from cms.users.factories import DEFAULT_PASSWORD, UserFactory
from cms.users.models import User
from tests.users.utils import (
    PASSWORD_RESET_DONE_URL,
    PASSWORD_RESET_URL,
    SIGNUP_URL,
    VERIFICATION_SENT_URL,
    links_in,
    main_text,
    path_of,
)

PASSWORD = "an unusual passphrase 4 heritage"


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(db):
    user = UserFactory(email="known@example.org")

    known = Client().post(PASSWORD_RESET_URL, {"email": "known@example.org"}, follow=True)
    unknown = Client().post(PASSWORD_RESET_URL, {"email": "unknown@example.org"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [(PASSWORD_RESET_DONE_URL, 302)]
    assert main_text(known) == main_text(unknown)
    # Only the account's owner is written to; nobody else receives mail from the form.
    [message] = mail.outbox
    assert message.to == [user.email]
    assert any("/accounts/password/reset/key/" in link for link in links_in(message))


def test_signing_up_with_a_registered_address_does_not_reveal_it(db):
    owner = UserFactory(email="taken@example.org")

    fresh = Client().post(
        SIGNUP_URL,
        {
            "display_name": "Ada Lovelace",
            "email": "fresh@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    mail.outbox.clear()
    taken = Client().post(
        SIGNUP_URL,
        {
            "display_name": "Ada Lovelace",
            "email": "taken@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )

    assert taken.status_code == fresh.status_code == 200
    assert taken.redirect_chain == fresh.redirect_chain == [(VERIFICATION_SENT_URL, 302)]
    # The pages differ only in the address the visitor typed themselves.
    assert main_text(taken) == main_text(fresh).replace("fresh@example.org", "taken@example.org")
    assert "exist" not in main_text(taken).lower()
    # The owner hears about it instead, with the way back into their account.
    [message] = mail.outbox
    assert message.to == ["taken@example.org"]
    assert "already exists" in message.subject.lower()
    assert any("/accounts/password/reset/" in link for link in links_in(message))
    # Nothing about the existing account changed.
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(DEFAULT_PASSWORD)


def test_repeated_password_resets_for_one_address_are_refused_with_429(client, db):
    UserFactory(email="target@example.org")
    per_address = int(
        re.search(r"(\d+)/\w+/key", settings.ACCOUNT_RATE_LIMITS["reset_password"])[1]
    )

    for _ in range(per_address):
        response = client.post(PASSWORD_RESET_URL, {"email": "target@example.org"})
        assert response.status_code == 302
    refused = client.post(PASSWORD_RESET_URL, {"email": "target@example.org"})

    assert refused.status_code == 429
    assert len(mail.outbox) == per_address
    # Another address is not affected by the first one's limit.
    assert client.post(PASSWORD_RESET_URL, {"email": "other@example.org"}).status_code == 302


def test_the_reset_link_sets_a_new_password(client, db):
    user = UserFactory(email="forgetful@example.org")
    form = client.get(PASSWORD_RESET_URL)
    assert re.search(r'<label[^>]*\bfor="id_email"', form.content.decode())
    client.post(PASSWORD_RESET_URL, {"email": "forgetful@example.org"})
    [link] = [link for link in links_in(mail.outbox[0]) if "/password/reset/key/" in link]

    # allauth swaps the key in the address for one kept in the session before showing the form.
    choose = client.get(path_of(link), follow=True)
    assert choose.status_code == 200
    assert "Choose a new password" in main_text(choose)
    changed = client.post(
        choose.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD}, follow=True
    )

    assert "Your password has been changed" in main_text(changed)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # The link works once.
    again = client.get(path_of(link), follow=True)
    assert "This link does not work" in main_text(again)
