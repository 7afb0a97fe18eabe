"""The moderators' decisions: approving or rejecting listings, handling reports.

Rejections carry a reason that the poster sees on their listing and receives by e-mail. All
functions check the ``partnerbourse.moderate_board`` permission themselves, so admin views and
any future API share one rule.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Listing, ListingAction, ListingStatus
from ..selectors.organisations import user_can_moderate
from .listings import record_status_change


def _require_moderator(user) -> None:
    if not user_can_moderate(user=user):
        raise PermissionDenied


def _locked(listing: Listing) -> Listing:
    return Listing.objects.select_for_update().select_related("organisation").get(pk=listing.pk)


def _notify(listing: Listing, notice: str, reason: str = "") -> None:
    transaction.on_commit(
        lambda: _enqueue_notice(listing_id=listing.pk, notice=notice, reason=reason)
    )


def _enqueue_notice(*, listing_id: int, notice: str, reason: str) -> None:
    from ..tasks import listing_notice_send_task

    listing_notice_send_task.enqueue(listing_id=listing_id, notice=notice, reason=reason)


@transaction.atomic
def listing_approve(*, listing: Listing, moderator) -> Listing:
    """Publish a listing waiting for review."""
    _require_moderator(moderator)
    listing = _locked(listing)
    if listing.status != ListingStatus.PENDING:
        raise ValidationError(_("Only listings pending review can be approved."))
    if listing.closing_date < timezone.localdate():
        raise ValidationError(_("The closing date of this listing has passed."))
    listing.status = ListingStatus.PUBLISHED
    listing.published_at = listing.published_at or timezone.now()
    listing.save(update_fields=["status", "published_at", "updated_at"])
    record_status_change(
        listing=listing,
        action=ListingAction.APPROVED,
        from_status=ListingStatus.PENDING,
        actor=moderator,
    )
    _resolve_reports(listing, moderator=moderator, resolution=_("Approved after review."))
    _notify(listing, "approved")
    return listing


@transaction.atomic
def listing_reject(*, listing: Listing, moderator, reason: str) -> Listing:
    """Send a pending or published listing back to its poster as a draft, with the reason.

    Used both for listings waiting for review and to take down a published listing after a
    report. The poster can edit the draft and submit it again.
    """
    _require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the poster why the listing was rejected.")})
    listing = _locked(listing)
    if listing.status not in (ListingStatus.PENDING, ListingStatus.PUBLISHED, ListingStatus.PAUSED):
        raise ValidationError(_("This listing cannot be rejected in its present status."))
    from_status = listing.status
    listing.status = ListingStatus.DRAFT
    listing.save(update_fields=["status", "updated_at"])
    record_status_change(
        listing=listing,
        action=ListingAction.REJECTED,
        from_status=from_status,
        actor=moderator,
        reason=reason,
    )
    _resolve_reports(listing, moderator=moderator, resolution=reason)
    _notify(listing, "rejected", reason)
    return listing


@transaction.atomic
def listing_reports_dismiss(*, listing: Listing, moderator, resolution: str = "") -> int:
    """Close the open reports of a listing that stays as it is; returns how many were closed."""
    _require_moderator(moderator)
    return _resolve_reports(
        listing, moderator=moderator, resolution=resolution.strip() or _("No action needed.")
    )


def _resolve_reports(listing: Listing, *, moderator, resolution: str) -> int:
    return listing.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution
    )


NOTICE_SUBJECTS = {
    "approved": lambda: _("Your listing is published"),
    "rejected": lambda: _("Your listing was not published"),
    "reminder_7": lambda: _("Your listing closes in a week"),
    "reminder_1": lambda: _("Your listing closes tomorrow"),
    "expired": lambda: _("Your listing has expired"),
}


def listing_notice_send(*, listing_id: int, notice: str, reason: str = "") -> int:
    """E-mail the listing's contact person (or else its organisation's admins) about it.

    Written in the listing's language when the site speaks it, else in the default language.
    """
    from ..selectors.organisations import organisation_admin_emails
    from .mail import board_mail_send, board_url

    listing = (
        Listing.objects.select_related("organisation", "contact_person")
        .filter(pk=listing_id)
        .first()
    )
    if listing is None or notice not in NOTICE_SUBJECTS:
        return 0
    recipients = (
        [listing.contact_person.email]
        if listing.contact_person and listing.contact_person.is_active
        else organisation_admin_emails(organisation=listing.organisation)
    )
    site_languages = {code for code, _name in settings.LANGUAGES}
    language = listing.language if listing.language in site_languages else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = f"{NOTICE_SUBJECTS[notice]()}: {listing.title}"
    return board_mail_send(
        to=recipients,
        subject=subject,
        template=f"partnerbourse/email/listing_{notice}.txt",
        context={
            "listing": listing,
            "reason": reason,
            "listing_url": board_url(
                "listing_detail", language=language, kwargs={"pk": listing.pk, "slug": listing.slug}
            ),
            "manage_url": board_url("my_listing", language=language, kwargs={"pk": listing.pk}),
        },
        language=language,
    )
