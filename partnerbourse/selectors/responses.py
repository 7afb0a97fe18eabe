"""Reads about responses: the poster's dashboard, the respondent's sent responses, one thread.

A response is reachable only by its two parties (members of the listing's organisation, and the
respondent); for everyone else the lookups return None and the views answer 404.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import (
    ListingResponse,
    OrganisationMembership,
    ResponseMessage,
)
from ..rules import response_allowed_actions


def _member_organisations(user):
    return OrganisationMembership.objects.filter(user=user).values("organisation")


def _with_counts(queryset: QuerySet, *, unread_from_poster: bool) -> QuerySet:
    # The respondent's first message is ``ListingResponse.message``, not a ``ResponseMessage``
    # row, so the thread holds one message more than the rows counted here.
    return queryset.select_related(
        "listing__organisation", "responder", "responder_organisation"
    ).annotate(
        message_count=Count("messages", distinct=True) + 1,
        unread_count=Count(
            "messages",
            filter=Q(messages__read_at__isnull=True, messages__from_poster=unread_from_poster),
            distinct=True,
        ),
    )


def responses_received(*, user, listing_id: int | None = None) -> QuerySet[ListingResponse]:
    """Responses to the listings of the user's organisations, newest first."""
    queryset = ListingResponse.objects.filter(listing__organisation__in=_member_organisations(user))
    if listing_id is not None:
        queryset = queryset.filter(listing_id=listing_id)
    return _with_counts(queryset, unread_from_poster=False).order_by("-created_at", "-pk")


def responses_sent(*, user) -> QuerySet[ListingResponse]:
    """The user's own responses, newest first."""
    return _with_counts(
        ListingResponse.objects.filter(responder=user), unread_from_poster=True
    ).order_by("-created_at", "-pk")


def response_for_party(*, user, pk: int) -> ListingResponse | None:
    """The response ``pk`` with its thread, if ``user`` is one of its two parties."""
    if not (user and user.is_authenticated):
        return None
    return (
        ListingResponse.objects.filter(pk=pk)
        .filter(Q(responder=user) | Q(listing__organisation__in=_member_organisations(user)))
        .select_related(
            "listing__organisation",
            "listing__contact_person",
            "responder",
            "responder_organisation",
        )
        .prefetch_related(
            Prefetch("messages", queryset=ResponseMessage.objects.select_related("sender"))
        )
        .first()
    )


def response_actions(*, response: ListingResponse, side: str | None) -> frozenset[str]:
    """What ``side`` may do with ``response`` now: what the page offers and the services allow."""
    return response_allowed_actions(
        side=side,
        status=response.status,
        has_respondent=response.responder_id is not None,
        contact_revealed=response.contact_revealed_at is not None,
    )


def response_exists(*, user, listing) -> ListingResponse | None:
    if not (user and user.is_authenticated):
        return None
    return ListingResponse.objects.filter(listing=listing, responder=user).first()


def revealed_contact(*, response: ListingResponse) -> dict | None:
    """The poster's contact person as shown to a respondent they chose, else None.

    Falls back to the organisation's first admin when the listing names no contact person.
    """
    if response.contact_revealed_at is None:
        return None
    person = response.listing.contact_person
    if person is None or not person.is_active:
        membership = (
            OrganisationMembership.objects.filter(
                organisation_id=response.listing.organisation_id,
                role="admin",
                user__is_active=True,
            )
            .select_related("user")
            .order_by("created_at", "pk")
            .first()
        )
        person = membership.user if membership else None
    if person is None:
        return None
    return {"name": person.public_name, "email": person.email}
