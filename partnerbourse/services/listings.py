"""Writes about listings: posting, editing and the owner's actions (pause, fill, extend...).

Every function takes the acting user and checks that they belong to the listing's organisation;
the organisation of a new listing is an argument of ``listing_create`` chosen by the view from
the user's memberships, never a form field. Each status change is recorded in
``ListingStatusChange``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.search.tasks import insert_or_update_object_task

from cms.core.text import display_text

from ..models import (
    COUNTRY_NAMES,
    LANGUAGE_NAMES,
    Listing,
    ListingAction,
    ListingFacet,
    ListingStatus,
    OrganisationMembership,
    OrganisationType,
)
from ..rules import LISTING_ACTIONS_BY_STATUS, is_open_on, listing_allowed_actions
from ..selectors.organisations import is_member
from .moderation_digest import moderation_digest_enqueue

# What a form may set. The organisation, status, dates of publication and reminders are not.
LISTING_FIELDS = (
    "kind",
    "title",
    "description",
    "language",
    "programme",
    "action",
    "programme_deadline",
    "role_sought",
    "closing_date",
    "contact_person",
)
FACET_FIELDS = {
    "countries_in": (ListingFacet.Facet.COUNTRY_IN, COUNTRY_NAMES),
    "countries_wanted": (ListingFacet.Facet.COUNTRY_WANTED, COUNTRY_NAMES),
    "organisation_types_wanted": (
        ListingFacet.Facet.ORGANISATION_TYPE,
        dict(OrganisationType.choices),
    ),
    "working_languages": (ListingFacet.Facet.LANGUAGE, LANGUAGE_NAMES),
}
EDITABLE_STATUSES = tuple(
    status for status, actions in LISTING_ACTIONS_BY_STATUS.items() if "edit" in actions
)
# How far ahead a closing date may be: listings are for calls that are actually open.
MAX_OPEN_DAYS = 366


def _require_member(*, user, listing: Listing) -> None:
    if not is_member(user=user, organisation=listing.organisation):
        raise PermissionDenied


def _require_allowed(listing: Listing, action: str, refusal: str = "") -> None:
    """Refuse ``action`` where the status does not allow it (``rules``, which the manage page
    reads too, so a stale page or a hand-made POST gets a message, never a wrong change)."""
    allowed = listing_allowed_actions(status=listing.status, closing_date=listing.closing_date)
    if action not in allowed:
        raise ValidationError(
            refusal or _("This cannot be done with a listing in its present status.")
        )


def record_status_change(
    *, listing: Listing, action: str, from_status: str, actor=None, reason: str = ""
):
    from ..models import ListingStatusChange

    if listing.status == ListingStatus.PENDING and from_status != ListingStatus.PENDING:
        # Every way into the review queue passes here: tell the moderators (at most hourly).
        moderation_digest_enqueue()
    return ListingStatusChange.objects.create(
        listing=listing,
        action=action,
        from_status=from_status,
        to_status=listing.status,
        actor=actor,
        reason=reason,
    )


def _validate_closing_date(closing_date: datetime.date, *, today: datetime.date) -> None:
    if closing_date < today:
        raise ValidationError({"closing_date": _("The closing date cannot be in the past.")})
    if closing_date > today + datetime.timedelta(days=MAX_OPEN_DAYS):
        raise ValidationError(
            {"closing_date": _("The closing date can be at most a year from today.")}
        )


def _apply_fields(listing: Listing, fields: dict) -> dict:
    """Set plain fields on ``listing``; return the many-valued ones for ``_save_relations``."""
    unknown = set(fields) - set(LISTING_FIELDS) - set(FACET_FIELDS) - {"themes"}
    if unknown:
        raise TypeError(f"Not listing fields: {', '.join(sorted(unknown))}")
    for name in LISTING_FIELDS:
        if name in fields:
            setattr(listing, name, fields[name])
    # The title is shown on the board and in mail subjects: no bidi or zero-width characters.
    listing.title = display_text(listing.title or "")
    if not listing.closing_date and listing.programme_deadline:
        # The call deadline is the natural end of a partner search.
        listing.closing_date = listing.programme_deadline
    if not listing.closing_date:
        raise ValidationError(
            {"closing_date": _("Give a closing date or the programme's call deadline.")}
        )
    if (
        listing.contact_person_id
        and not OrganisationMembership.objects.filter(
            organisation_id=listing.organisation_id, user_id=listing.contact_person_id
        ).exists()
    ):
        raise ValidationError(
            {"contact_person": _("The contact person must be a member of the organisation.")}
        )
    listing.slug = slugify(listing.title)[:200] or "listing"
    relations = {}
    for name, (_facet, known) in FACET_FIELDS.items():
        if name in fields:
            values = sorted(set(fields[name] or []))
            invalid = [value for value in values if value not in known]
            if invalid:
                raise ValidationError({name: _("Unknown values: %s") % ", ".join(invalid)})
            relations[name] = values
    if "themes" in fields:
        relations["themes"] = fields["themes"]
    listing.full_clean(exclude=["organisation", "themes", "slug"])
    return relations


def _save_relations(listing: Listing, relations: dict) -> None:
    if not relations:
        return
    if "themes" in relations:
        listing.themes.set(relations["themes"] or [])
    for name, (facet, _known) in FACET_FIELDS.items():
        if name not in relations:
            continue
        wanted = set(relations[name])
        existing = set(listing.facets.filter(facet=facet).values_list("value", flat=True))
        listing.facets.filter(facet=facet, value__in=existing - wanted).delete()
        ListingFacet.objects.bulk_create(
            [ListingFacet(listing=listing, facet=facet, value=v) for v in sorted(wanted - existing)]
        )
    # The index entry was written on save, before the themes and countries it now searches by.
    insert_or_update_object_task.enqueue("partnerbourse", "listing", str(listing.pk))


def _go_live(listing: Listing, *, actor) -> str:
    """Publish directly for a verified organisation, else queue for review; returns the action."""
    if listing.organisation.is_verified:
        listing.status = ListingStatus.PUBLISHED
        listing.published_at = listing.published_at or timezone.now()
        return ListingAction.PUBLISHED
    listing.status = ListingStatus.PENDING
    return ListingAction.SUBMITTED


@transaction.atomic
def listing_create(*, organisation, user, submit: bool = True, **fields) -> Listing:
    """Create a listing for ``organisation`` (chosen by the caller from the user's memberships).

    With ``submit`` a verified organisation's listing is published at once and an unverified
    one's goes to the moderation queue; without it the listing is saved as a draft.
    """
    if not is_member(user=user, organisation=organisation):
        raise PermissionDenied
    listing = Listing(organisation=organisation, created_by=user, status=ListingStatus.DRAFT)
    if "contact_person" not in fields:
        fields["contact_person"] = user
    relations = _apply_fields(listing, fields)
    _validate_closing_date(listing.closing_date, today=timezone.localdate())
    action = _go_live(listing, actor=user) if submit else ListingAction.CREATED
    listing.save()
    _save_relations(listing, relations)
    record_status_change(listing=listing, action=action, from_status="", actor=user)
    return listing


def _locked(listing: Listing) -> Listing:
    return Listing.objects.select_for_update().select_related("organisation").get(pk=listing.pk)


@transaction.atomic
def listing_update(*, listing: Listing, user, **fields) -> Listing:
    """Edit a draft, pending, published or paused listing (members of its organisation only).

    A published (or paused) listing of an unverified organisation goes back to review when
    edited, so an approved text cannot be swapped for another afterwards.
    """
    listing = _locked(listing)
    _require_member(user=user, listing=listing)
    _require_allowed(listing, "edit", _("This listing can no longer be edited."))
    old_closing = listing.closing_date
    relations = _apply_fields(listing, fields)
    if listing.closing_date != old_closing:
        _validate_closing_date(listing.closing_date, today=timezone.localdate())
        listing.reminder_7d_sent_at = listing.reminder_1d_sent_at = None
    from_status = listing.status
    live = (ListingStatus.PUBLISHED, ListingStatus.PAUSED)
    if from_status in live and not listing.organisation.is_verified:
        listing.status = ListingStatus.PENDING
        listing.save()
        record_status_change(
            listing=listing, action=ListingAction.SUBMITTED, from_status=from_status, actor=user
        )
    else:
        listing.save()
    _save_relations(listing, relations)
    return listing


def _transition(
    listing: Listing,
    *,
    user,
    allowed: str,
    to_status: str,
    action: str,
    reason: str = "",
) -> Listing:
    listing = _locked(listing)
    _require_member(user=user, listing=listing)
    _require_allowed(listing, allowed)
    from_status = listing.status
    listing.status = to_status
    listing.save(update_fields=["status", "updated_at"])
    record_status_change(
        listing=listing, action=action, from_status=from_status, actor=user, reason=reason
    )
    return listing


@transaction.atomic
def listing_submit(*, listing: Listing, user) -> Listing:
    """Send a draft live: published for a verified organisation, to review otherwise."""
    listing = _locked(listing)
    _require_member(user=user, listing=listing)
    _require_allowed(listing, "submit", _("Only a draft can be submitted."))
    _validate_closing_date(listing.closing_date, today=timezone.localdate())
    action = _go_live(listing, actor=user)
    listing.save(update_fields=["status", "published_at", "updated_at"])
    record_status_change(
        listing=listing, action=action, from_status=ListingStatus.DRAFT, actor=user
    )
    return listing


@transaction.atomic
def listing_pause(*, listing: Listing, user) -> Listing:
    """Take a listing off the board for a while, without losing it or its responses."""
    return _transition(
        listing,
        user=user,
        allowed="pause",
        to_status=ListingStatus.PAUSED,
        action=ListingAction.PAUSED,
    )


@transaction.atomic
def listing_resume(*, listing: Listing, user) -> Listing:
    listing = _locked(listing)
    _require_member(user=user, listing=listing)
    if listing.status == ListingStatus.PAUSED and not is_open_on(listing.closing_date):
        raise ValidationError(_("The closing date has passed: extend the listing instead."))
    return _transition(
        listing,
        user=user,
        allowed="resume",
        to_status=ListingStatus.PUBLISHED,
        action=ListingAction.RESUMED,
    )


@transaction.atomic
def listing_mark_filled(*, listing: Listing, user) -> Listing:
    """The partners are found: the listing leaves the board and is archived as filled."""
    return _transition(
        listing,
        user=user,
        allowed="fill",
        to_status=ListingStatus.FILLED,
        action=ListingAction.FILLED,
    )


@transaction.atomic
def listing_withdraw(*, listing: Listing, user) -> Listing:
    """Withdraw a listing for good. It is kept (responses stay readable), never deleted."""
    return _transition(
        listing,
        user=user,
        allowed="withdraw",
        to_status=ListingStatus.WITHDRAWN,
        action=ListingAction.WITHDRAWN,
    )


@transaction.atomic
def listing_extend(*, listing: Listing, user, closing_date: datetime.date) -> Listing:
    """Move the closing date later. An expired listing comes back on the board (or to review,
    for an unverified organisation); reminders are sent again for the new date."""
    listing = _locked(listing)
    _require_member(user=user, listing=listing)
    _require_allowed(listing, "extend")
    if closing_date <= listing.closing_date:
        raise ValidationError({"closing_date": _("Choose a date after the present closing date.")})
    _validate_closing_date(closing_date, today=timezone.localdate())
    from_status = listing.status
    listing.closing_date = closing_date
    listing.reminder_7d_sent_at = listing.reminder_1d_sent_at = None
    if from_status == ListingStatus.EXPIRED:
        _go_live(listing, actor=user)
    listing.save()
    record_status_change(
        listing=listing,
        action=ListingAction.EXTENDED,
        from_status=from_status,
        actor=user,
        reason=closing_date.isoformat(),
    )
    return listing
