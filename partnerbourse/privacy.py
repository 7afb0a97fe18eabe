"""The partner board's part in a person's data download and account deletion (the foundation's
``export_personal_data`` and ``erase_personal_data`` hooks, see ``cms.users``).

Export: memberships, invitations sent to the user's addresses, listings the user created or is
the contact person for, responses and messages the user sent, reports filed, saved searches and
requests to join an organisation.

Erasure (the account row stays, anonymised by the foundation): messages and responses stay for
the other party with the sender removed (shown as “Deleted member”); saved searches (and their
deliveries), memberships, invitations and requests to join are deleted; listings belong to
their organisation and stay, without the user as contact person or author.

Deletion blockers (the foundation's ``account_deletion_blockers`` hook): an open organisation
whose only admin the user is must first be handed over (another member made admin) or closed
(its listings withdrawn), or it would stay on the board, listings and all, with nobody to act
for it.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wagtail import hooks

from allauth.account.models import EmailAddress

from cms.users.selectors import DeletionBlocker
from cms.users.services import AccountDeletionBlocked

from .models import (
    JoinRequest,
    Listing,
    ListingReport,
    ListingResponse,
    MembershipRole,
    OrganisationInvitation,
    OrganisationMembership,
    ResponseMessage,
    SavedSearch,
)
from .selectors.organisations import organisations_only_administered_by


def _addresses(user) -> set[str]:
    return {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }


def _date(value):
    return value.isoformat() if value else None


def partner_board_data(*, user) -> dict:
    """Everything the board holds about ``user``, JSON-ready."""
    memberships = OrganisationMembership.objects.filter(user=user).select_related("organisation")
    listings = (
        (Listing.objects.filter(contact_person=user) | Listing.objects.filter(created_by=user))
        .select_related("organisation")
        .distinct()
        .order_by("pk")
    )
    responses = (
        ListingResponse.objects.filter(responder=user)
        .select_related("listing", "responder_organisation")
        .order_by("pk")
    )
    sent_messages = (
        ResponseMessage.objects.filter(sender=user)
        .select_related("response__listing")
        .order_by("pk")
    )
    return {
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "role": membership.role,
                "joined": _date(membership.created_at),
            }
            for membership in memberships
        ],
        "invitations": [
            {
                "organisation": invitation.organisation.name,
                "email": invitation.email,
                "role": invitation.role,
                "invited": _date(invitation.created_at),
                "accepted": _date(invitation.accepted_at),
            }
            for invitation in OrganisationInvitation.objects.filter(email__in=_addresses(user))
            .select_related("organisation")
            .order_by("pk")
        ],
        "listings": [
            {
                "title": listing.title,
                "organisation": listing.organisation.name,
                "status": listing.status,
                "contact_person": listing.contact_person_id == user.pk,
                "created_by_you": listing.created_by_id == user.pk,
                "url": listing.get_absolute_url(),
            }
            for listing in listings
        ],
        "responses_sent": [
            {
                "listing": response.listing.title,
                "organisation": response.responder_organisation.name
                if response.responder_organisation
                else None,
                "message": response.message,
                "status": response.status,
                "sent": _date(response.created_at),
            }
            for response in responses
        ],
        "messages_sent": [
            {
                "listing": message.response.listing.title,
                "body": message.body,
                "sent": _date(message.created_at),
            }
            for message in sent_messages
        ],
        "reports": [
            {
                "listing": report.listing.title,
                "reason": report.reason,
                "details": report.message,
                "reported": _date(report.created_at),
            }
            for report in ListingReport.objects.filter(reporter=user).select_related("listing")
        ],
        "saved_searches": [
            {
                "name": search.name,
                "filters": search.query,
                "frequency": search.frequency,
                "saved": _date(search.created_at),
                "unsubscribed": _date(search.unsubscribed_at),
            }
            for search in SavedSearch.objects.filter(user=user).order_by("pk")
        ],
        "join_requests": [
            {
                "organisation": join_request.organisation.name,
                "message": join_request.message,
                "status": join_request.status,
                "requested": _date(join_request.created_at),
                "decided": _date(join_request.decided_at),
            }
            for join_request in JoinRequest.objects.filter(user=user)
            .select_related("organisation")
            .order_by("pk")
        ],
    }


def partner_board_deletion_blockers(*, user) -> list[DeletionBlocker]:
    """One blocker per organisation the user alone administers, with the ways to settle it."""
    blockers = []
    for organisation in organisations_only_administered_by(user=user):
        name = {"name": organisation.name}
        blockers.append(
            DeletionBlocker(
                message=_(
                    "This account is the only administrator of %(name)s on the partner board."
                )
                % name,
                links=(
                    (
                        _("Hand %(name)s over: make another member an administrator") % name,
                        reverse("partnerbourse:organisation_members", args=[organisation.pk]),
                    ),
                    (
                        _("Close %(name)s and withdraw its listings") % name,
                        # Back to the account deletion once closed.
                        reverse("partnerbourse:organisation_close", args=[organisation.pk])
                        + "?"
                        + urlencode({"next": reverse("users:privacy")}),
                    ),
                ),
            )
        )
    return blockers


@transaction.atomic
def partner_board_data_erase(*, user) -> None:
    """Remove or anonymise the user's board data (see the module docstring).

    The foundation asked the blockers hook before; asked again here under a lock on the admin
    memberships, so that two admins of one organisation deleting their accounts at the same
    time cannot both leave it.
    """
    administered = OrganisationMembership.objects.filter(
        user=user, role=MembershipRole.ADMIN
    ).values("organisation")
    list(
        OrganisationMembership.objects.select_for_update()
        .filter(organisation__in=administered, role=MembershipRole.ADMIN)
        .order_by("pk")
    )
    blockers = partner_board_deletion_blockers(user=user)
    if blockers:
        raise AccountDeletionBlocked(blockers)
    ResponseMessage.objects.filter(sender=user).update(sender=None)
    ListingResponse.objects.filter(responder=user).update(responder=None)
    ListingReport.objects.filter(reporter=user).update(reporter=None)
    Listing.objects.filter(contact_person=user).update(contact_person=None)
    Listing.objects.filter(created_by=user).update(created_by=None)
    SavedSearch.objects.filter(user=user).delete()
    OrganisationInvitation.objects.filter(email__in=_addresses(user)).delete()
    OrganisationInvitation.objects.filter(invited_by=user).update(invited_by=None)
    OrganisationMembership.objects.filter(user=user).delete()
    JoinRequest.objects.filter(user=user).delete()
    JoinRequest.objects.filter(decided_by=user).update(decided_by=None)


@hooks.register("export_personal_data")
def export_partner_board_data(user):
    return "partner_board", partner_board_data(user=user)


@hooks.register("erase_personal_data")
def erase_partner_board_data(user):
    partner_board_data_erase(user=user)


@hooks.register("account_deletion_blockers")
def partner_board_blocks_deletion(user):
    return partner_board_deletion_blockers(user=user)
