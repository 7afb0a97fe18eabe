"""Users' reports of listings. A report puts the listing in the moderators' "Reported listings"
queue in the Wagtail admin (``selectors.listings.reported_listings``), where a moderator
dismisses the reports or acts on the listing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import PUBLIC_STATUSES, Listing, ListingReport, ReportReason


@transaction.atomic
def listing_report_create(
    *, listing: Listing, user, reason: str, message: str = ""
) -> ListingReport:
    """Report a public listing; one open report per user and listing (a repeat updates it)."""
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied
    if listing.status not in PUBLIC_STATUSES:
        raise ValidationError(_("This listing cannot be reported."))
    if reason not in ReportReason.values:
        raise ValidationError(_("Choose a reason."))
    report = (
        ListingReport.objects.select_for_update()
        .filter(listing=listing, reporter=user, resolved_at__isnull=True)
        .first()
    )
    if report is not None:
        report.reason = reason
        report.message = message.strip()
        report.save(update_fields=["reason", "message"])
        return report
    return ListingReport.objects.create(
        listing=listing, reporter=user, reason=reason, message=message.strip()
    )
