"""Reads about a user: above all, everything the site holds about them, whether they typed their
password recently (the data download asks for it again) and what stands in the way of deleting
their account."""

import dataclasses
import datetime

from django.conf import settings
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailAddress

PERSONAL_DATA_EXPORT_HOOK = "export_personal_data"
ACCOUNT_DELETION_BLOCKERS_HOOK = "account_deletion_blockers"

# Where the time of the last password re-entry is kept, with the account it was for.
REAUTHENTICATION_SESSION_KEY = "users_reauthenticated"
# How long a password typed (at log-in or when asked again) counts as recent; the setting
# USERS_REAUTHENTICATION_MINUTES overrides it.
REAUTHENTICATION_MINUTES = 10


def reauthentication_max_age() -> datetime.timedelta:
    minutes = getattr(settings, "USERS_REAUTHENTICATION_MINUTES", REAUTHENTICATION_MINUTES)
    return datetime.timedelta(minutes=minutes)


def user_password_entered_at(*, request) -> datetime.datetime | None:
    """When the signed-in user last typed their password in this session, if they did.

    Both count: the log-in (allauth records it in the session) and a re-entry on a page that
    asked for it. A record is only believed for the account it was made for.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    timestamps = [
        record["at"]
        for record in get_authentication_records(request, user)
        if record.get("method") == "password"
    ]
    stored = request.session.get(REAUTHENTICATION_SESSION_KEY) or {}
    if stored.get("user") == str(user.pk):
        timestamps.append(stored.get("at", 0))
    if not timestamps:
        return None
    return datetime.datetime.fromtimestamp(max(timestamps), tz=datetime.UTC)


def user_password_entered_recently(*, request) -> bool:
    entered_at = user_password_entered_at(request=request)
    if entered_at is None:
        return False
    # A time in the future (a clock set back) is not trusted either.
    age = timezone.now() - entered_at
    return datetime.timedelta(0) <= age < reauthentication_max_age()


@dataclasses.dataclass(frozen=True)
class DeletionBlocker:
    """Something to settle before an account can be deleted, from an app's
    ``account_deletion_blockers`` hook: what it is, and links (label, URL) to settle it."""

    message: str
    links: tuple[tuple[str, str], ...] = ()


def user_deletion_blockers(*, user) -> list[DeletionBlocker]:
    """What keeps ``user``'s account from being deleted now (nothing: an empty list).

    Apps answer through the ``account_deletion_blockers`` hook: a function taking the user and
    returning a list of ``DeletionBlocker``. The foundation knows nothing of what they guard.
    """
    blockers = []
    for find in hooks.get_hooks(ACCOUNT_DELETION_BLOCKERS_HOOK):
        blockers.extend(find(user))
    return blockers


def user_personal_data(*, user) -> dict:
    """Everything the site holds about one user, as JSON-ready data.

    Each app adds its own section through the ``export_personal_data`` hook: a function taking
    the user and returning ``(section_name, data)``.
    """
    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "pages_owned": [
            {"title": page.title, "url": page.url, "live": page.live}
            for page in Page.objects.filter(owner=user).order_by("path")
        ],
    }
    for export in hooks.get_hooks(PERSONAL_DATA_EXPORT_HOOK):
        section, section_data = export(user)
        data[section] = section_data
    return data
