"""Writes about organisations: profiles, members, invitations and verification."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress

from ..models import (
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    VerificationEvidence,
)
from ..selectors.organisations import is_admin, user_can_moderate

INVITATION_VALID_FOR = datetime.timedelta(days=14)

# The profile fields a form may set; everything else (slug, verification, creator) is the
# services' business.
PROFILE_FIELDS = (
    "name",
    "organisation_type",
    "country",
    "city",
    "website",
    "description",
    "working_languages",
    "size",
    "pic",
    "oid",
    "isil",
)


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    others = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply_profile(organisation: Organisation, fields: dict) -> list:
    unknown = set(fields) - set(PROFILE_FIELDS) - {"themes"}
    if unknown:
        raise TypeError(f"Not organisation profile fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name != "themes":
            setattr(organisation, name, value)
    organisation.working_languages = sorted(set(organisation.working_languages or []))
    organisation.full_clean(exclude=["slug", "themes"])
    return fields.get("themes")


@transaction.atomic
def organisation_create(*, user, **fields) -> Organisation:
    """Create an organisation; its creator becomes its first admin."""
    organisation = Organisation(created_by=user)
    themes = _apply_profile(organisation, fields)
    for _attempt in range(3):
        organisation.slug = _unique_slug(organisation.name)
        try:
            with transaction.atomic():
                organisation.save()
            break
        except IntegrityError:
            # Two organisations of the same name created at once: try the next free slug.
            continue
    else:
        raise ValidationError(_("Could not save the organisation, please try again."))
    if themes is not None:
        organisation.themes.set(themes)
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=MembershipRole.ADMIN
    )
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, user, **fields) -> Organisation:
    """Change an organisation's profile (admins only). Verification stays as it is."""
    if not is_admin(user=user, organisation=organisation):
        raise PermissionDenied
    themes = _apply_profile(organisation, fields)
    organisation.save()
    if themes is not None:
        organisation.themes.set(themes)
    return organisation


@transaction.atomic
def organisation_verify(
    *, organisation: Organisation, moderator, evidence: str, note: str = ""
) -> Organisation:
    """Mark an organisation verified (moderators only), recording what the decision rests on.

    From then on its listings publish without review; listings already waiting stay in the
    queue for a moderator to look at.
    """
    if not user_can_moderate(user=moderator):
        raise PermissionDenied
    if evidence not in VerificationEvidence.values:
        raise ValidationError(_("Choose what the verification rests on."))
    if evidence == VerificationEvidence.OTHER and not note.strip():
        raise ValidationError(_("Describe the evidence in the note."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.verified_at = timezone.now()
    organisation.verified_by = moderator
    organisation.verification_evidence = evidence
    organisation.verification_note = note.strip()
    organisation.save(
        update_fields=[
            "verified_at",
            "verified_by",
            "verification_evidence",
            "verification_note",
            "updated_at",
        ]
    )
    return organisation


@transaction.atomic
def organisation_unverify(*, organisation: Organisation, moderator, note: str = "") -> Organisation:
    """Withdraw a verification (moderators only); new listings go through review again."""
    if not user_can_moderate(user=moderator):
        raise PermissionDenied
    organisation.verified_at = None
    organisation.verified_by = None
    organisation.verification_evidence = ""
    organisation.verification_note = note.strip()
    organisation.save(
        update_fields=[
            "verified_at",
            "verified_by",
            "verification_evidence",
            "verification_note",
            "updated_at",
        ]
    )
    return organisation


def membership_invite(
    *, organisation: Organisation, invited_by, email: str, role: str = MembershipRole.MEMBER
) -> OrganisationInvitation:
    """Invite someone by e-mail (admins only). Inviting the same address again renews the link."""
    if not is_admin(user=invited_by, organisation=organisation):
        raise PermissionDenied
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose a role."))
    email = email.strip()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("This person is already a member."))
    with transaction.atomic():
        invitation = (
            OrganisationInvitation.objects.select_for_update()
            .filter(organisation=organisation, email__iexact=email, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            invitation = OrganisationInvitation(organisation=organisation, email=email)
        else:
            # A fresh secret: the earlier link (perhaps forwarded) stops working.
            from ..models.organisations import invitation_token

            invitation.token = invitation_token()
        invitation.role = role
        invitation.invited_by = invited_by
        invitation.expires_at = timezone.now() + INVITATION_VALID_FOR
        invitation.save()
        language = translation.get_language()
        transaction.on_commit(
            lambda: _enqueue_invitation_mail(invitation_id=invitation.pk, language=language)
        )
    return invitation


def _enqueue_invitation_mail(*, invitation_id: int, language: str) -> None:
    from ..tasks import invitation_mail_send_task

    invitation_mail_send_task.enqueue(invitation_id=invitation_id, language=language)


def invitation_mail_send(*, invitation_id: int, language: str) -> int:
    """E-mail the invitation link; nothing when it was accepted or renewed meanwhile."""
    from .mail import board_mail_send, board_url

    invitation = (
        OrganisationInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return 0
    with translation.override(language):
        subject = _("Join %(organisation)s on the Heritage Hub partner board") % {
            "organisation": invitation.organisation.name
        }
    return board_mail_send(
        to=[invitation.email],
        subject=subject,
        template="partnerbourse/email/invitation.txt",
        context={
            "invitation": invitation,
            "inviter": invitation.invited_by.public_name if invitation.invited_by else "",
            "accept_url": board_url(
                "invitation_accept", language=language, kwargs={"token": invitation.token}
            ),
        },
        language=language,
    )


def invitation_for_token(*, token: str) -> OrganisationInvitation | None:
    return (
        OrganisationInvitation.objects.select_related("organisation")
        .filter(token=token, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user) -> OrganisationMembership:
    """Join the organisation of an open invitation sent to one of the user's verified addresses.

    The token alone is not enough: a forwarded link cannot make someone else a member.
    """
    invitation = (
        OrganisationInvitation.objects.select_for_update()
        .filter(token=token, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation is no longer valid."))
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
    if not verified:
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address than your account's.")
        )
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.ADMIN:
        membership.role = MembershipRole.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def membership_remove(*, organisation: Organisation, user, membership_id: int) -> None:
    """Remove a member (admins; anyone may leave). The last admin cannot leave or be removed."""
    membership = (
        OrganisationMembership.objects.select_for_update()
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )
    if membership is None:
        raise PermissionDenied
    if membership.user_id != user.pk and not is_admin(user=user, organisation=organisation):
        raise PermissionDenied
    admins = list(
        OrganisationMembership.objects.select_for_update()
        .filter(organisation=organisation, role=MembershipRole.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise ValidationError(_("An organisation needs at least one administrator."))
    membership.delete()
