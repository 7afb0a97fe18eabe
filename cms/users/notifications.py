"""Account e-mails outside the request: what the queue carries, how it is sent, and the password
reset mail, which is written by the worker.

allauth renders its mails in the request (``cms.users.adapter``); the message travels to the
worker as plain data and is sent there, so that a slow or unreachable mail server never holds up
or breaks a sign-up or a password reset. The reset mail is different: the request only queues
the address, and the worker looks for the account and writes the mail (or nothing), so that the
request does the same work whether or not the address has an account.
"""

from urllib.parse import quote

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.utils import user_pk_to_url_str

from cms.core.absolute_urls import absolute_url

RESET_MAIL_TEMPLATE = "account/email/password_reset_key"
UNKNOWN_ACCOUNT_TEMPLATE = "account/email/unknown_account"


def account_mail_payload(message: EmailMessage) -> dict:
    """What the task queue stores of a rendered message (JSON: the database backend keeps it)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "content_subtype": message.content_subtype,
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
    }


def account_mail_deliver(*, message: dict) -> int:
    """Send a message queued by ``account_mail_payload``; returns the number sent."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
    )
    email.content_subtype = message["content_subtype"]
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    return email.send()


def _site_url(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs or None))


def _password_reset_context(user) -> dict:
    # As allauth's reset form builds it (flows.password_reset), with the token generator its
    # reset link checks, and from SITE_URL as there is no request.
    uid = user_pk_to_url_str(user)
    token = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    url = absolute_url(path.replace("UID-KEY", quote(f"{uid}-{token}")))
    return {"user": user, "password_reset_url": url, "uid": uid, "key": token}


def password_reset_mail_send(*, email: str, language: str) -> int:
    """Mail the accounts of ``email`` a link to set a new password; returns the mails sent.

    The accounts are found as allauth's reset form finds them (active, a verified address
    preferred). An address without an account gets nothing, unless
    ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS asks for allauth's "no such account" mail.
    """
    adapter = get_adapter()
    users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
    with translation.override(language):
        if not users:
            if not account_settings.EMAIL_UNKNOWN_ACCOUNTS:
                return 0
            context = {"email": email, "signup_url": _site_url("account_signup")}
            return adapter.render_mail(UNKNOWN_ACCOUNT_TEMPLATE, email, context).send()
        sent = 0
        for user in users:
            context = {"email": email, **_password_reset_context(user)}
            sent += adapter.render_mail(RESET_MAIL_TEMPLATE, email, context).send()
    return sent
