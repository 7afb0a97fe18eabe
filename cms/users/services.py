"""Writes to user accounts: profile changes and account deletion."""

import uuid
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail import hooks
from wagtail.users.models import UserProfile

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

PERSONAL_DATA_ERASE_HOOK = "erase_personal_data"


@transaction.atomic
def user_create(
    *, email: str, password: str | None, display_name: str = "", is_superuser: bool = False
):
    """Create an account whose e-mail address is already verified (admins, demo and tests)."""
    user_model = get_user_model()
    create = user_model.objects.create_superuser if is_superuser else user_model.objects.create_user
    user = create(email=email, password=password, display_name=display_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def user_update_profile(*, user, display_name: str) -> None:
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])


@transaction.atomic
def user_delete_account(*, user) -> None:
    """Remove a person's personal data while keeping what they contributed, anonymised.

    The row stays so that pages, revisions and later contributions keep a (now nameless) author;
    everything that identifies the person is wiped and the account can never log in again.
    Apps erase their own data through the ``erase_personal_data`` hook, in the same transaction.
    """
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
    user.email = f"deleted-{uuid.uuid4().hex}@deleted.invalid"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
