"""Writes about requests to join an organisation: asking, approving, declining.

Anyone signed in may ask to join a verified organisation; only its admins decide. Each side
hears by e-mail once the transaction has committed, so that no mail tells of a change that was
rolled back. The mails are short and sent in the request's own transaction hook rather than
through a task: there is one per request or decision, never a batch.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.core.text import without_invisibles

from ..models import (
    JoinRequest,
    JoinRequestStatus,
    MembershipRole,
    Organisation,
    OrganisationMembership,
)
from ..selectors.organisations import (
    is_admin,
    is_member,
    join_requests_pending_count,
    organisation_admin_emails,
)

MESSAGE_MAX_LENGTH = 500
# Enough for someone working with a few organisations; a cap, so that nobody can use the
# requests to mail the admins of every organisation in the directory.
MAX_PENDING_PER_USER = 5


def _clean_message(message: str) -> str:
    # Plain text kept as typed (line breaks stay), without bidi controls or invisible
    # characters that would disguise it in the admins' mail and member area.
    text = without_invisibles(message or "").strip()
    return text[:MESSAGE_MAX_LENGTH]


def join_request_create(*, organisation: Organisation, user, message: str = "") -> JoinRequest:
    """Ask to join ``organisation`` (verified and open ones only); its admins are e-mailed."""
    if not (user and user.is_authenticated):
        raise PermissionDenied
    if organisation.is_closed or not organisation.is_verified:
        raise PermissionDenied
    if is_member(user=user, organisation=organisation):
        raise ValidationError(_("You are already a member of this organisation."), code="member")
    with transaction.atomic():
        if JoinRequest.objects.filter(
            organisation=organisation, user=user, status=JoinRequestStatus.PENDING
        ).exists():
            raise ValidationError(
                _("You have already asked to join this organisation."), code="pending"
            )
        if join_requests_pending_count(user=user) >= MAX_PENDING_PER_USER:
            raise ValidationError(
                _(
                    "You have %(count)s requests to join waiting for an answer. Please wait "
                    "until an organisation has answered before you ask another."
                )
                % {"count": MAX_PENDING_PER_USER},
                code="too_many",
            )
        try:
            with transaction.atomic():
                join_request = JoinRequest.objects.create(
                    organisation=organisation, user=user, message=_clean_message(message)
                )
        except IntegrityError:
            # The same request sent twice at once (a double click): the constraint decided.
            raise ValidationError(
                _("You have already asked to join this organisation."), code="pending"
            ) from None
        language = translation.get_language()
        transaction.on_commit(
            lambda: join_request_mail_send(
                join_request_id=join_request.pk, event="new", language=language
            )
        )
    return join_request


def _decide(*, join_request: JoinRequest, by, status: str) -> JoinRequest:
    with transaction.atomic():
        join_request = (
            JoinRequest.objects.select_for_update()
            .select_related("organisation")
            .get(pk=join_request.pk)
        )
        if not is_admin(user=by, organisation=join_request.organisation):
            raise PermissionDenied
        if not join_request.is_pending:
            raise ValidationError(_("This request has already been answered."), code="decided")
        if status == JoinRequestStatus.APPROVED:
            # As an accepted invitation does: a plain member, whom an admin may promote later.
            OrganisationMembership.objects.get_or_create(
                organisation=join_request.organisation,
                user_id=join_request.user_id,
                defaults={"role": MembershipRole.MEMBER},
            )
        join_request.status = status
        join_request.decided_at = timezone.now()
        join_request.decided_by = by
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        language = translation.get_language()
        transaction.on_commit(
            lambda: join_request_mail_send(
                join_request_id=join_request.pk, event=status, language=language
            )
        )
    return join_request


def join_request_approve(*, join_request: JoinRequest, by) -> JoinRequest:
    """Make the requester a member (the organisation's admins only)."""
    return _decide(join_request=join_request, by=by, status=JoinRequestStatus.APPROVED)


def join_request_decline(*, join_request: JoinRequest, by) -> JoinRequest:
    """Say no to a request (the organisation's admins only); the requester may ask again."""
    return _decide(join_request=join_request, by=by, status=JoinRequestStatus.DECLINED)


def join_request_mail_send(*, join_request_id: int, event: str, language: str) -> int:
    """E-mail the admins of a new request, or the requester of the decision."""
    from .mail import board_mail_send, board_url

    join_request = (
        JoinRequest.objects.select_related("organisation", "user")
        .filter(pk=join_request_id)
        .first()
    )
    if join_request is None:
        return 0
    organisation = join_request.organisation
    name = {"organisation": organisation.name}
    context = {
        "join_request": join_request,
        "organisation": organisation,
        "requester": join_request.user.public_name,
    }
    with translation.override(language):
        if event == "new":
            to = organisation_admin_emails(organisation=organisation)
            subject = _("Someone asks to join %(organisation)s") % name
            context["members_url"] = board_url(
                "organisation_members", language=language, kwargs={"pk": organisation.pk}
            )
        elif event == JoinRequestStatus.APPROVED:
            to = [join_request.user.email]
            subject = _("You are now a member of %(organisation)s") % name
            context["dashboard_url"] = board_url("dashboard", language=language)
        else:
            to = [join_request.user.email]
            subject = _("Your request to join %(organisation)s was declined") % name
    return board_mail_send(
        to=to,
        subject=subject,
        template=f"partnerbourse/email/join_request_{event}.txt",
        context=context,
        language=language,
    )
