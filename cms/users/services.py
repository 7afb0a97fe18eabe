"""Writes to user accounts: profile changes, e-mail confirmation, password re-entry, account
deletion, and queueing the account e-mails."""

import uuid
from functools import partial

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from django.utils import timezone, translation

from wagtail import hooks
from wagtail.users.models import UserProfile

from allauth.account.internal.flows.email_verification import (
    send_verification_email_at_login,
    send_verification_email_to_address,
)
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage, LoginStageController
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from .models import ERASED_EMAIL_DOMAIN
from .rules import display_name_normalise
from .selectors import REAUTHENTICATION_SESSION_KEY, DeletionBlocker, user_deletion_blockers

PERSONAL_DATA_ERASE_HOOK = "erase_personal_data"


class NoConfirmationPending(Exception):
    """Nothing waits for an e-mail confirmation: every address of the signed-in user is
    confirmed, or the visitor's sign-up or log-in timed out or happened in another browser."""


class AccountDeletionBlocked(Exception):
    """The account cannot be deleted yet; ``blockers`` say what to settle first (an app's
    ``erase_personal_data`` hook may raise it too, when it finds one under its locks)."""

    def __init__(self, blockers: list[DeletionBlocker]):
        super().__init__("; ".join(blocker.message for blocker in blockers))
        self.blockers = blockers


@transaction.atomic
def user_create(
    *, email: str, password: str | None, display_name: str = "", is_superuser: bool = False
):
    """Create an account whose e-mail address is already verified (admins, demo and tests)."""
    user_model = get_user_model()
    create = user_model.objects.create_superuser if is_superuser else user_model.objects.create_user
    user = create(email=email, password=password, display_name=display_name_normalise(display_name))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def user_update_profile(*, user, display_name: str) -> None:
    """Set the name others see (at sign-up and on the profile page)."""
    user.display_name = display_name_normalise(display_name)
    user.save(update_fields=["display_name"])


def confirmation_email_resend(*, request) -> bool:
    """Send the e-mail that confirms an address once more, and say whether it went out (raises
    NoConfirmationPending for a visitor with no sign-up or log-in waiting for it).

    For someone signed in, to each of their unconfirmed addresses; otherwise to the address of
    the sign-up or log-in waiting in this session for its confirmation, which allauth keeps for
    ACCOUNT_LOGIN_TIMEOUT. allauth sends it as at sign-up, so an address that already has an
    account gets the same "you already have an account" e-mail as the first time and the page
    shows nothing different; and it counts each mail against the ``confirm_email`` rate limit
    for that address, skipping those over it.
    """
    if request.user.is_authenticated:
        addresses = list(EmailAddress.objects.filter(user=request.user, verified=False))
        if not addresses:
            raise NoConfirmationPending
        sent = [send_verification_email_to_address(request, address) for address in addresses]
        return any(sent)
    stage = LoginStageController.enter(request, EmailVerificationStage.key)
    if stage is None:
        raise NoConfirmationPending
    return send_verification_email_at_login(request, stage.login)


def user_reauthenticate(*, request, password: str) -> bool:
    """Check the signed-in user's password once more and, if right, note the time in the
    session (see ``selectors.user_password_entered_recently``); say whether it was right.

    It goes through the authentication backends as a log-in does, so django-axes counts a wrong
    password towards the lockout of the account (and refuses while it is locked out). Nobody is
    logged in or out: the session stays the same.
    """
    user = request.user
    if not user.is_authenticated or not password:
        return False
    authenticated = authenticate(request, email=user.email, password=password)
    if authenticated is None or authenticated.pk != user.pk:
        return False
    request.session[REAUTHENTICATION_SESSION_KEY] = {
        "user": str(user.pk),
        "at": timezone.now().timestamp(),
    }
    return True


@transaction.atomic
def user_delete_account(*, user) -> None:
    """Remove a person's personal data while keeping what they contributed, anonymised.

    The row stays so that pages, revisions and later contributions keep a (now nameless) author;
    everything that identifies the person is wiped and the account can never log in again.
    Apps erase their own data through the ``erase_personal_data`` hook, in the same transaction.

    Raises AccountDeletionBlocked, deleting nothing, while an app's ``account_deletion_blockers``
    hook names something to settle first (an organisation the person alone administers).
    """
    blockers = user_deletion_blockers(user=user)
    if blockers:
        raise AccountDeletionBlocked(blockers)
    for erase in hooks.get_hooks(PERSONAL_DATA_ERASE_HOOK):
        erase(user)
    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    # django-axes keeps log-in records by address (and IP) with no link to the user row.
    for access_model in (AccessAttempt, AccessFailureLog, AccessLog):
        access_model.objects.filter(username__in=addresses).delete()
    EmailAddress.objects.filter(user=user).delete()
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            # A file cannot be rolled back, so it goes only once the erasure is committed.
            transaction.on_commit(partial(profile.avatar.storage.delete, profile.avatar.name))
        profile.delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"deleted-{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()


def account_mail_queue(*, message) -> None:
    """Queue an account e-mail rendered in the request (``cms.users.adapter``) for sending."""
    from .notifications import account_mail_payload
    from .tasks import account_mail_send_task

    account_mail_send_task.enqueue(message=account_mail_payload(message))


def password_reset_request(*, email: str) -> None:
    """Queue a password reset for ``email``, whether or not an account has that address.

    The request does nothing else: whether the address has an account, and the mail, are the
    task's (``notifications.password_reset_mail_send``), so that known and unknown addresses
    cost the request exactly the same and their answer times tell nothing.
    """
    from .tasks import password_reset_mail_task

    password_reset_mail_task.enqueue(
        email=email, language=translation.get_language() or settings.LANGUAGE_CODE
    )
