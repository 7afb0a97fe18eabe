"""What waits for the moderators: listings pending review and organisations not yet verified.

Shared by the admin dashboard panel and the moderators' e-mail digest, so both list the same
things; each list is one query however long it is.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce

from ..models import Listing, ListingAction, ListingStatus, Organisation
from .organisations import MODERATE_PERMISSION


def listings_awaiting_review() -> QuerySet[Listing]:
    """Pending listings, longest waiting first, with ``waiting_since``: when they were last
    submitted (an edit to a pending listing does not restart the clock)."""
    submitted = Max(
        "status_changes__created_at",
        filter=Q(status_changes__action=ListingAction.SUBMITTED),
    )
    return (
        Listing.objects.filter(status=ListingStatus.PENDING)
        .select_related("organisation")
        .annotate(waiting_since=Coalesce(submitted, "updated_at"))
        .order_by("waiting_since", "pk")
    )


def organisations_awaiting_verification() -> QuerySet[Organisation]:
    """Open organisations nobody has verified yet, oldest first."""
    return Organisation.objects.filter(verified_at__isnull=True, closed_at__isnull=True).order_by(
        "created_at", "pk"
    )


def moderation_waiting(*, limit: int | None = None) -> dict:
    """Both lists (cut to ``limit`` each when given) with their full lengths."""
    listings = listings_awaiting_review()
    organisations = organisations_awaiting_verification()
    if limit is None:
        listings, organisations = list(listings), list(organisations)
        return {
            "listings": listings,
            "organisations": organisations,
            "listing_count": len(listings),
            "organisation_count": len(organisations),
        }
    return {
        "listings": list(listings[:limit]),
        "organisations": list(organisations[:limit]),
        "listing_count": listings.count(),
        "organisation_count": organisations.count(),
    }


def moderator_emails() -> list[str]:
    """Active users given the moderation permission, through a group or directly.

    Superusers can moderate too but are not mailed unless they hold the permission: they are
    usually the site's technical staff, not its moderators.
    """
    app_label, codename = MODERATE_PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    if permission is None:
        return []
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
    return sorted(set(users.values_list("email", flat=True)))
