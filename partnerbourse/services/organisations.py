"""Writes about organisations: profiles, members and their roles, invitations, verification and
closing."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress

from cms.core.text import display_text, name_folded_skeleton, name_skeleton

from ..models import (
    ListingAction,
    ListingStatus,
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    VerificationEvidence,
)
from ..selectors.organisations import is_admin, user_can_moderate
from .listings import record_status_change

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


def _name_taken_error() -> ValidationError:
    return ValidationError(
        {
            "name": ValidationError(
                _(
                    "An organisation with this name, or one that looks the same, is already on "
                    "the partner board. If it is yours, ask one of its administrators to invite "
                    "you; if yours is another organisation, add what tells them apart, such as "
                    "the city."
                ),
                code="name_taken",
            )
        }
    )


def _name_taken(organisation: Organisation) -> bool:
    """Whether another open organisation's name looks the same or differs in case or accents
    only: one query, on the indexes of the unique constraints it mirrors (closed organisations
    are shown nowhere, so they do not count)."""
    same = Q()
    if organisation.name_skeleton:
        same |= Q(name_skeleton=organisation.name_skeleton)
    if organisation.name_skeleton_folded:
        same |= Q(name_skeleton_folded=organisation.name_skeleton_folded)
    if not same:
        return False
    return (
        Organisation.objects.filter(same, closed_at__isnull=True)
        .exclude(pk=organisation.pk)
        .exists()
    )


def _apply_profile(organisation: Organisation, fields: dict) -> list:
    unknown = set(fields) - set(PROFILE_FIELDS) - {"themes"}
    if unknown:
        raise TypeError(f"Not organisation profile fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name != "themes":
            setattr(organisation, name, value)
    # Bidi controls and zero-width characters go before anything compares or shows the name.
    organisation.name = display_text(organisation.name or "")
    organisation.name_skeleton = name_skeleton(organisation.name) or None
    organisation.name_skeleton_folded = name_folded_skeleton(organisation.name) or None
    organisation.working_languages = sorted(set(organisation.working_languages or []))
    errors = {}
    try:
        organisation.full_clean(exclude=["slug", "themes", "name_skeleton", "name_skeleton_folded"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if _name_taken(organisation):
        errors = _name_taken_error().update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
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
            if _name_taken(organisation):
                # A look-alike was created meanwhile: the unique constraint had the last word.
                raise _name_taken_error() from None
            # Two organisations of similar names (one slug) created at once: try the next slug.
            continue
    else:
        raise ValidationError(_("Could not save the organisation, please try again."))
    if themes is not None:
        organisation.themes.set(themes)
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=MembershipRole.ADMIN
    )
    # A new organisation waits for verification: the moderators hear of it in their digest.
    from .moderation_digest import moderation_digest_enqueue

    moderation_digest_enqueue()
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, user, **fields) -> Organisation:
    """Change an organisation's profile (admins only). Verification stays as it is."""
    if not is_admin(user=user, organisation=organisation):
        raise PermissionDenied
    themes = _apply_profile(organisation, fields)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # Renamed to a look-alike of an organisation created or renamed meanwhile.
        raise _name_taken_error() from None
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


def _last_admin_error() -> ValidationError:
    return ValidationError(
        _(
            "An organisation needs at least one administrator. Make another member an "
            "administrator first, or close the organisation."
        ),
        code="last_admin",
    )


def _lock_admins(organisation: Organisation) -> list[int]:
    """Lock the admin memberships, so that two admins stepping down at once cannot both pass
    the "another admin remains" check; returns their ids."""
    return list(
        OrganisationMembership.objects.select_for_update()
        .filter(organisation=organisation, role=MembershipRole.ADMIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


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
    if _lock_admins(organisation) == [membership.pk]:
        raise _last_admin_error()
    membership.delete()


@transaction.atomic
def membership_role_change(
    *, organisation: Organisation, user, membership_id: int, role: str
) -> OrganisationMembership:
    """Make a member an admin, or an admin a member (admins only, themselves included). This is
    how an admin hands the organisation over; the last admin cannot step down."""
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose a role."))
    membership = (
        OrganisationMembership.objects.select_for_update()
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )
    if membership is None or not is_admin(user=user, organisation=organisation):
        raise PermissionDenied
    if membership.role == role:
        return membership
    if role != MembershipRole.ADMIN and _lock_admins(organisation) == [membership.pk]:
        raise _last_admin_error()
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def organisation_close(*, organisation: Organisation, user) -> Organisation:
    """Close an organisation for good (admins only).

    Its listings are withdrawn, so that none stays on the board with nobody to answer for it
    (withdrawn listings keep their history and responses, but no public page); open
    invitations and all memberships go, and the organisation is no longer shown anywhere.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_closed or not is_admin(user=user, organisation=organisation):
        raise PermissionDenied
    listings = organisation.listings.select_for_update().exclude(status=ListingStatus.WITHDRAWN)
    for listing in listings:
        from_status = listing.status
        listing.status = ListingStatus.WITHDRAWN
        # Saved one by one, so that the search index drops each listing too.
        listing.save(update_fields=["status", "updated_at"])
        record_status_change(
            listing=listing, action=ListingAction.WITHDRAWN, from_status=from_status, actor=user
        )
    organisation.invitations.filter(accepted_at__isnull=True).delete()
    organisation.memberships.all().delete()
    organisation.closed_at = timezone.now()
    organisation.save(update_fields=["closed_at", "updated_at"])
    return organisation
