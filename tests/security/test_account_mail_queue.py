"""Account e-mails leave the request through the task queue.

Sign-up confirmations, password resets and allauth's notices are queued as django-tasks tasks
and sent by the worker: with the mail server down, sign-up and reset answer as usual, and the
failure stays with the task (logged; tried again later where the backend can defer). A reset
for an address without an account does exactly the same work in the request as one for an
account's address: the request only queues the address, and the worker decides.
"""

import logging
import socket
from unittest import mock

from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from allauth.account.models import EmailAddress
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend

from cms.users.factories import UserFactory
from cms.users.models import User
from cms.users.notifications import account_mail_payload
from cms.users.tasks import MAIL_RETRY_DELAYS, account_mail_send_task, password_reset_mail_task
from tests.users.utils import (
    ADMIN_LOGIN_URL,
    PASSWORD_RESET_DONE_URL,
    PASSWORD_RESET_URL,
    SIGNUP_URL,
    VERIFICATION_SENT_URL,
    links_in,
    path_of,
)

PASSWORD = "an unusual passphrase 4 heritage"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def sign_up(client, email):
    return client.post(
        SIGNUP_URL,
        {
            "display_name": "Ada Lovelace",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    """Mail goes to an SMTP server on a port nobody listens on."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def queue(settings):
    """A task backend that keeps what is enqueued and runs nothing, as a worker that has not
    come round yet."""
    settings.TASKS = DUMMY_TASKS
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.clear()
    return backend


def run(result):
    """What the worker does with a queued task."""
    return result.task.call(*result.args, **result.kwargs)


# --- Nothing is sent inside the request ----------------------------------------------------------


def test_sign_up_queues_the_confirmation_instead_of_sending_it(client, home_page, queue):
    response = sign_up(client, "newcomer@example.org")

    assert response.status_code == 302
    assert mail.outbox == []
    [queued] = queue.results
    assert queued.task.name == account_mail_send_task.name
    message = queued.kwargs["message"]
    assert message["to"] == ["newcomer@example.org"]
    assert "/accounts/confirm-email/" in message["body"]

    assert run(queued) == 1
    [sent] = mail.outbox
    assert sent.to == ["newcomer@example.org"]
    assert sent.subject == message["subject"]
    assert any("/accounts/confirm-email/" in link for link in links_in(sent))


def test_the_queued_confirmation_link_confirms_the_address(client, home_page, queue):
    sign_up(client, "newcomer@example.org")
    run(queue.results[0])
    [link] = [link for link in links_in(mail.outbox[0]) if "/accounts/confirm-email/" in link]

    assert client.post(path_of(link)).status_code == 302
    assert EmailAddress.objects.get(email="newcomer@example.org").verified


def test_password_reset_queues_the_address_and_the_worker_mails_the_link(client, home_page, queue):
    user = UserFactory(email="forgetful@example.org")

    response = client.post(PASSWORD_RESET_URL, {"email": "Forgetful@Example.org"})

    assert response.status_code == 302
    assert response["Location"] == PASSWORD_RESET_DONE_URL
    assert mail.outbox == []
    [queued] = queue.results
    assert queued.task.name == password_reset_mail_task.name
    # Only the address and the language travel: no reset link waits in the queue.
    assert queued.kwargs == {"email": "forgetful@example.org", "language": "en"}

    assert run(queued) == 1
    [sent] = mail.outbox
    assert sent.to == ["forgetful@example.org"]
    [link] = [link for link in links_in(sent) if "/accounts/password/reset/key/" in link]
    assert link.startswith("http://")
    choose = client.get(path_of(link), follow=True)
    assert "Choose a new password" in choose.content.decode()
    changed = client.post(
        choose.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_reset_mail_is_written_in_the_language_of_the_request(client, home_page, queue):
    UserFactory(email="leser@example.org")

    client.post("/de/accounts/password/reset/", {"email": "leser@example.org"})
    run(queue.results[0])

    [sent] = mail.outbox
    assert queue.results[0].kwargs["language"] == "de"
    assert any("/de/accounts/password/reset/key/" in link for link in links_in(sent))


def test_confirming_an_added_address_is_queued_too(client, home_page, queue):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/en/accounts/email/", {"email": "second@example.org", "action_add": ""})

    assert response.status_code == 302
    assert mail.outbox == []
    assert [result.task.name for result in queue.results] == [account_mail_send_task.name]
    assert queue.results[0].kwargs["message"]["to"] == ["second@example.org"]


def test_an_html_message_keeps_its_parts_through_the_queue(db):
    message = mail.EmailMultiAlternatives(
        "Subject", "Plain", "from@example.org", ["to@example.org"], headers={"X-Tag": "1"}
    )
    message.attach_alternative("<p>HTML</p>", "text/html")

    account_mail_send_task.call(message=account_mail_payload(message))

    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to, sent.extra_headers) == (
        "Subject",
        "Plain",
        ["to@example.org"],
        {"X-Tag": "1"},
    )
    assert [tuple(alternative) for alternative in sent.alternatives] == [
        ("<p>HTML</p>", "text/html")
    ]


# --- The mail server is down ---------------------------------------------------------------------


def test_sign_up_answers_as_usual_while_the_mail_server_is_down(
    client, home_page, smtp_down, caplog
):
    with caplog.at_level(logging.WARNING):
        response = sign_up(client, "newcomer@example.org")

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert client.get(VERIFICATION_SENT_URL).status_code == 200
    assert User.objects.filter(email="newcomer@example.org").exists()
    # The failed send is the task's, and it is logged.
    assert "Account e-mail not sent" in caplog.text


def test_sign_up_with_a_registered_address_answers_as_usual_while_the_server_is_down(
    client, home_page, smtp_down
):
    UserFactory(email="taken@example.org")

    response = sign_up(client, "taken@example.org")

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL


@pytest.mark.parametrize("email", ["known@example.org", "unknown@example.org"])
def test_password_reset_answers_as_usual_while_the_mail_server_is_down(
    client, home_page, smtp_down, email
):
    UserFactory(email="known@example.org")

    response = client.post(PASSWORD_RESET_URL, {"email": email}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(PASSWORD_RESET_DONE_URL, 302)]


def test_with_the_server_down_the_mail_stays_queued(client, home_page, smtp_down, queue):
    UserFactory(email="known@example.org")

    assert sign_up(client, "newcomer@example.org").status_code == 302
    assert client.post(PASSWORD_RESET_URL, {"email": "known@example.org"}).status_code == 302

    assert [result.task.name for result in queue.results] == [
        account_mail_send_task.name,
        password_reset_mail_task.name,
    ]


def test_a_failed_send_is_tried_again_later_where_the_backend_can_defer(db, smtp_down, queue):
    UserFactory(email="known@example.org")

    for attempt in range(1, len(MAIL_RETRY_DELAYS) + 1):
        with pytest.raises(OSError):
            password_reset_mail_task.call(email="known@example.org", language="en", attempt=attempt)
        retry = queue.results[-1]
        assert retry.kwargs == {
            "email": "known@example.org",
            "language": "en",
            "attempt": attempt + 1,
        }
        assert retry.task.run_after is not None
    queued = len(queue.results)

    # The last attempt gives up.
    with pytest.raises(OSError):
        password_reset_mail_task.call(
            email="known@example.org", language="en", attempt=len(MAIL_RETRY_DELAYS) + 1
        )
    assert len(queue.results) == queued


def test_the_in_process_backend_keeps_the_failure_from_the_request(db, smtp_down, caplog):
    message = mail.EmailMessage("Subject", "Body", "from@example.org", ["to@example.org"])

    with caplog.at_level(logging.WARNING):
        result = account_mail_send_task.enqueue(message=account_mail_payload(message))

    assert result.status == "FAILED"
    assert "giving up" in caplog.text


# --- Known and unknown addresses cost the request the same ---------------------------------------


def reset_request(address):
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(PASSWORD_RESET_URL, {"email": address})
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_reset_for_an_unknown_address_does_the_same_work_as_for_a_known_one(home_page, queue):
    UserFactory(email="known@example.org")
    reset_request("warm-up@example.org")  # one-off lookups (site, locale) out of the way
    queue.clear()

    known, known_queries = reset_request("known@example.org")
    known_tasks = list(queue.results)
    queue.clear()
    unknown, unknown_queries = reset_request("unknown@example.org")
    unknown_tasks = list(queue.results)

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The same queries, and neither looks for the account.
    assert known_queries == unknown_queries
    assert not any("users_user" in sql or "account_emailaddress" in sql for sql in known_queries)
    # One task each, of the same kind and shape.
    assert (
        [t.task.name for t in known_tasks]
        == [t.task.name for t in unknown_tasks]
        == [password_reset_mail_task.name]
    )
    assert known_tasks[0].kwargs.keys() == unknown_tasks[0].kwargs.keys()
    assert mail.outbox == []

    # The worker mails the account's owner and nobody else.
    assert run(known_tasks[0]) == 1
    assert run(unknown_tasks[0]) == 0
    assert [message.to for message in mail.outbox] == [["known@example.org"]]


def test_a_reset_for_an_unknown_address_may_send_allauths_notice_from_the_worker(
    home_page, queue, settings
):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    Client().post(PASSWORD_RESET_URL, {"email": "stranger@example.org"})

    assert run(queue.results[0]) == 1
    [notice] = mail.outbox
    assert notice.to == ["stranger@example.org"]
    assert any("/accounts/signup/" in link for link in links_in(notice))


def test_signing_up_with_a_registered_address_hashes_the_password_as_a_new_account_does(
    home_page, queue
):
    UserFactory(email="taken@example.org")
    encode = mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    )

    with encode as fresh_hashes:
        sign_up(Client(), "fresh@example.org")
    with encode as taken_hashes:
        sign_up(Client(), "taken@example.org")

    assert fresh_hashes.call_count == taken_hashes.call_count >= 1
    # Each queues one mail: the confirmation, or the owner's "you already have an account".
    assert [result.kwargs["message"]["to"] for result in queue.results] == [
        ["fresh@example.org"],
        ["taken@example.org"],
    ]


# --- The admin's own reset is off; its log-in page leads to the site's ---------------------------


def test_the_admin_password_reset_is_replaced_by_the_sites(client, db):
    assert client.get("/admin/password_reset/").status_code == 404

    page = client.get(ADMIN_LOGIN_URL).content.decode()

    assert 'href="/en/accounts/password/reset/"' in page
    assert "/admin/password_reset/" not in page
