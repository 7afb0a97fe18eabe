"""Helpers for reading what the account pages and e-mails say."""

import re
from html import unescape

SIGNUP_URL = "/en/accounts/signup/"
LOGIN_URL = "/en/accounts/login/"
VERIFICATION_SENT_URL = "/en/accounts/confirm-email/"
PASSWORD_RESET_URL = "/en/accounts/password/reset/"
PASSWORD_RESET_DONE_URL = "/en/accounts/password/reset/done/"
PROFILE_URL = "/en/account/profile/"
PRIVACY_URL = "/en/account/privacy/"
EXPORT_URL = "/en/account/privacy/export/"
DELETE_URL = "/en/account/privacy/delete/"
ADMIN_LOGIN_URL = "/admin/login/"


def main_text(response) -> str:
    """The visible text of the page's <main> element, whitespace collapsed.

    Comparing this (rather than the whole page) ignores per-request values such as CSRF tokens.
    """
    html = response.content.decode()
    match = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert match, "the page has no <main> element"
    text = re.sub(r"<[^>]+>", " ", match.group(0))
    return " ".join(unescape(text).split())


def links_in(message) -> list[str]:
    """Every absolute link in a plain-text e-mail."""
    return re.findall(r"https?://\S+", message.body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session
