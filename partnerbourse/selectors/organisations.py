"""Reads about organisations and their members, including the permission questions.

Permission helpers answer for one user and one organisation; views turn a "no" into a 404 so
that nobody learns which ids exist.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from ..models import (
    JoinRequest,
    JoinRequestStatus,
    Listing,
    ListingStatus,
    MembershipRole,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    visible_q,
)

MODERATE_PERMISSION = "partnerbourse.moderate_board"


def user_can_moderate(*, user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def membership_for(*, user, organisation) -> OrganisationMembership | None:
    if not (user and user.is_authenticated):
        return None
    return OrganisationMembership.objects.filter(user=user, organisation=organisation).first()


def is_member(*, user, organisation) -> bool:
    return membership_for(user=user, organisation=organisation) is not None


def is_admin(*, user, organisation) -> bool:
    membership = membership_for(user=user, organisation=organisation)
    return membership is not None and membership.role == MembershipRole.ADMIN


def memberships_for_user(*, user) -> QuerySet[OrganisationMembership]:
    """A user's memberships with their organisation and its number of live listings."""
    return (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(
            published_count=Count(
                "organisation__listings", filter=visible_q(prefix="organisation__listings__")
            )
        )
        .order_by("organisation__name")
    )


def organisation_for_member(*, user, pk: int) -> Organisation | None:
    """The organisation ``pk`` if ``user`` belongs to it, else None (the view answers 404)."""
    if not (user and user.is_authenticated):
        return None
    return Organisation.objects.filter(pk=pk, memberships__user=user).first()


def organisation_members(*, organisation) -> QuerySet[OrganisationMembership]:
    return organisation.memberships.select_related("user").order_by("-role", "user__email")


def organisation_listing_count(*, organisation) -> int:
    """Listings closing the organisation would withdraw (all but those already withdrawn)."""
    return organisation.listings.exclude(status=ListingStatus.WITHDRAWN).count()


def organisation_open_invitations(*, organisation) -> QuerySet[OrganisationInvitation]:
    return organisation.invitations.filter(accepted_at__isnull=True).order_by("-created_at")


def organisations_only_administered_by(*, user) -> QuerySet[Organisation]:
    """The open organisations ``user`` administers with no other admin: were the user to go,
    nobody could act for them (deleting the account asks to hand them over or close them)."""
    other_admins = OrganisationMembership.objects.filter(
        organisation=OuterRef("pk"), role=MembershipRole.ADMIN
    ).exclude(user=user)
    return (
        Organisation.objects.filter(
            closed_at__isnull=True, memberships__user=user, memberships__role=MembershipRole.ADMIN
        )
        .exclude(Exists(other_admins))
        .order_by("name", "pk")
    )


def organisation_public(*, slug: str) -> Organisation | None:
    """An organisation's public page: profile, themes and its listings on the board now (none
    for a closed organisation, which has no page)."""
    return (
        # Only verified organisations have a public page: who an unverified one is, nobody has
        # checked, so the directory and the join form are not offered for it.
        Organisation.objects.filter(slug=slug, closed_at__isnull=True, verified_at__isnull=False)
        .prefetch_related(
            "themes",
            Prefetch(
                "listings",
                queryset=Listing.objects.visible()
                .prefetch_related("facets", "themes")
                .order_by("closing_date", "pk"),
                to_attr="published_listings",
            ),
        )
        .first()
    )


def organisation_admin_emails(*, organisation) -> list[str]:
    return list(
        organisation.memberships.filter(role=MembershipRole.ADMIN).values_list(
            "user__email", flat=True
        )
    )


def organisations_directory(
    *, organisation_type: str = "", country: str = "", theme: int | None = None
) -> QuerySet[Organisation]:
    """The public directory: open, verified organisations with their number of listings on the
    board now (``active_listing_count``); themes prefetched, so a page costs the same number of
    queries whatever its length."""
    organisations = Organisation.objects.filter(closed_at__isnull=True, verified_at__isnull=False)
    if organisation_type:
        organisations = organisations.filter(organisation_type=organisation_type)
    if country:
        organisations = organisations.filter(country=country)
    if theme:
        organisations = organisations.filter(themes=theme)
    return (
        organisations.annotate(
            active_listing_count=Count(
                "listings", filter=visible_q(prefix="listings__"), distinct=True
            )
        )
        .prefetch_related("themes")
        .order_by("name", "pk")
    )


def join_request_pending(*, user, organisation) -> JoinRequest | None:
    if not (user and user.is_authenticated):
        return None
    return JoinRequest.objects.filter(
        user=user, organisation=organisation, status=JoinRequestStatus.PENDING
    ).first()


def join_requests_pending_count(*, user) -> int:
    """The user's requests still waiting for an answer; those to an organisation closed
    meanwhile will never get one, so they do not count against the cap."""
    return JoinRequest.objects.filter(
        user=user, status=JoinRequestStatus.PENDING, organisation__closed_at__isnull=True
    ).count()


def organisation_pending_join_requests(*, organisation) -> QuerySet[JoinRequest]:
    return (
        organisation.join_requests.filter(status=JoinRequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )
