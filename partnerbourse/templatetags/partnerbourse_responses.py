"""The responding entry points on a listing's page ("Express interest", "Report"), computed
here so that the listing view stays as it is: ``{% listing_response_box listing %}``."""

from django import template

from ..models import OrganisationMembership
from ..selectors.responses import response_exists

register = template.Library()


@register.inclusion_tag("partnerbourse/responses/listing_box.html", takes_context=True)
def listing_response_box(context, listing):
    request = context.get("request")
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    own = (
        authenticated
        and OrganisationMembership.objects.filter(
            user=user, organisation_id=listing.organisation_id
        ).exists()
    )
    return {
        "request": request,
        "listing": listing,
        "authenticated": authenticated,
        "own": own,
        "open": listing.is_open,
        "existing": response_exists(user=user, listing=listing) if authenticated else None,
    }
