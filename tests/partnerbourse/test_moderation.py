"""Moderation: unverified organisations' listings wait for review, moderators approve or reject
with a reason the poster sees, reports are handled, organisations are verified."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest

from cms.users.factories import UserFactory
from partnerbourse.factories import ListingFactory, ListingReportFactory, OrganisationFactory
from partnerbourse.models import ListingAction, ListingStatus, Organisation
from partnerbourse.services import listings as listing_services
from partnerbourse.services import moderation
from partnerbourse.services import organisations as organisation_services


def listing_data(**overrides):
    data = {
        "kind": "partner_request",
        "title": "Partners for a textile heritage project",
        "description": "We look for two partners.",
        "language": "en",
        "programme": "creative_europe",
        "closing_date": timezone.localdate() + datetime.timedelta(days=40),
    }
    data.update(overrides)
    return data


def test_unverified_organisation_goes_to_review_and_verified_publishes(
    member, organisation, unverified_member
):
    verified = listing_services.listing_create(
        organisation=organisation, user=member, **listing_data()
    )
    unverified_org = unverified_member.partner_memberships.get().organisation
    pending = listing_services.listing_create(
        organisation=unverified_org, user=unverified_member, **listing_data()
    )

    assert verified.status == ListingStatus.PUBLISHED
    assert verified.published_at is not None
    assert pending.status == ListingStatus.PENDING
    assert pending.published_at is None


def test_approve_publishes_and_tells_the_poster(
    unverified_member, moderator, board_site, django_capture_on_commit_callbacks
):
    org = unverified_member.partner_memberships.get().organisation
    listing = listing_services.listing_create(
        organisation=org, user=unverified_member, **listing_data()
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.listing_approve(listing=listing, moderator=moderator)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.published_at is not None
    assert [m.to for m in mail.outbox] == [[unverified_member.email]]
    assert "published" in mail.outbox[0].subject


def test_reject_returns_a_draft_with_the_reason_for_the_poster(
    client, unverified_member, moderator, board_site, django_capture_on_commit_callbacks
):
    org = unverified_member.partner_memberships.get().organisation
    listing = listing_services.listing_create(
        organisation=org, user=unverified_member, **listing_data()
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.listing_reject(
            listing=listing, moderator=moderator, reason="Please describe the project itself."
        )

    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT
    assert "Please describe the project itself." in mail.outbox[0].body
    client.force_login(unverified_member)
    page = client.get(f"/en/partners/my/listings/{listing.pk}/").content.decode()
    assert "Please describe the project itself." in page
    # Resubmitting puts it back in the queue.
    listing_services.listing_submit(listing=listing, user=unverified_member)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING


def test_reject_needs_a_reason(unverified_member, moderator):
    listing = ListingFactory(
        organisation=unverified_member.partner_memberships.get().organisation,
        status=ListingStatus.PENDING,
    )
    with pytest.raises(Exception, match="why"):
        moderation.listing_reject(listing=listing, moderator=moderator, reason="  ")


def test_only_moderators_decide(member, organisation):
    listing = ListingFactory(organisation=organisation, status=ListingStatus.PENDING)
    with pytest.raises(PermissionDenied):
        moderation.listing_approve(listing=listing, moderator=member)
    with pytest.raises(PermissionDenied):
        organisation_services.organisation_verify(
            organisation=organisation, moderator=member, evidence="identifier"
        )


def test_editing_a_published_listing_of_an_unverified_organisation_needs_review_again(
    unverified_member, moderator
):
    org = unverified_member.partner_memberships.get().organisation
    listing = listing_services.listing_create(
        organisation=org, user=unverified_member, **listing_data()
    )
    moderation.listing_approve(listing=listing, moderator=moderator)

    listing_services.listing_update(
        listing=listing, user=unverified_member, title="Swapped for an advert"
    )

    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING


def test_pausing_does_not_bypass_review_of_an_edit(unverified_member, moderator):
    org = unverified_member.partner_memberships.get().organisation
    listing = listing_services.listing_create(
        organisation=org, user=unverified_member, **listing_data()
    )
    moderation.listing_approve(listing=listing, moderator=moderator)
    listing_services.listing_pause(listing=listing, user=unverified_member)

    listing_services.listing_update(listing=listing, user=unverified_member, title="Advert")

    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING


def test_verify_organisation_records_evidence_and_then_publishes_directly(
    unverified_member, moderator
):
    org = unverified_member.partner_memberships.get().organisation

    organisation_services.organisation_verify(
        organisation=org, moderator=moderator, evidence="email_domain", note="museum.dk"
    )

    org = Organisation.objects.get(pk=org.pk)
    assert org.is_verified
    assert org.verified_by == moderator
    assert org.verification_evidence == "email_domain"
    listing = listing_services.listing_create(
        organisation=org, user=unverified_member, **listing_data()
    )
    assert listing.status == ListingStatus.PUBLISHED


# --- The admin queue -----------------------------------------------------------------------


def test_admin_queue_is_for_moderators_only(client, moderator, board_site):
    ListingFactory(title="Waiting listing", status=ListingStatus.PENDING)
    client.force_login(UserFactory(superuser=False, is_staff=True))
    assert client.get("/admin/partner-board/pending/").status_code in (302, 403)

    client.force_login(moderator)
    response = client.get("/admin/partner-board/pending/")
    assert response.status_code == 200
    assert "Waiting listing" in response.content.decode()


def test_admin_approve_and_reject_through_the_queue(client, moderator, board_site):
    first = ListingFactory(status=ListingStatus.PENDING, published_at=None)
    second = ListingFactory(status=ListingStatus.PENDING, published_at=None)
    client.force_login(moderator)

    client.post(f"/admin/partner-board/listings/{first.pk}/", {"decision": "approve"})
    missing_reason = client.post(
        f"/admin/partner-board/listings/{second.pk}/", {"decision": "reject", "reason": ""}
    )
    client.post(
        f"/admin/partner-board/listings/{second.pk}/",
        {"decision": "reject", "reason": "Not a heritage project."},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ListingStatus.PUBLISHED
    assert missing_reason.status_code == 400
    assert second.status == ListingStatus.DRAFT
    change = second.status_changes.first()
    assert (change.action, change.reason, change.actor) == (
        ListingAction.REJECTED,
        "Not a heritage project.",
        moderator,
    )


def test_reported_listing_in_queue_and_dismissed_or_taken_down(client, moderator, board_site):
    kept = ListingFactory(title="Kept listing")
    removed = ListingFactory(title="Removed listing")
    ListingReportFactory(listing=kept)
    ListingReportFactory(listing=removed)
    ListingReportFactory(listing=removed)
    client.force_login(moderator)

    queue = client.get("/admin/partner-board/reported/").content.decode()
    assert queue.index("Removed listing") < queue.index("Kept listing")  # most reported first

    client.post(f"/admin/partner-board/listings/{kept.pk}/", {"decision": "dismiss"})
    client.post(
        f"/admin/partner-board/listings/{removed.pk}/",
        {"decision": "reject", "reason": "Advertising."},
    )

    kept.refresh_from_db()
    removed.refresh_from_db()
    assert kept.status == ListingStatus.PUBLISHED
    assert removed.status == ListingStatus.DRAFT
    assert not kept.reports.filter(resolved_at__isnull=True).exists()
    assert not removed.reports.filter(resolved_at__isnull=True).exists()
    assert "Kept listing" not in client.get("/admin/partner-board/reported/").content.decode()


def test_admin_verify_organisation(client, moderator, board_site):
    org = OrganisationFactory(website="https://www.textilmuseet.dk")
    client.force_login(moderator)

    page = client.get(f"/admin/partner-board/organisations/{org.pk}/")
    response = client.post(
        f"/admin/partner-board/organisations/{org.pk}/",
        {"evidence": "identifier", "note": "PIC checked"},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.is_verified
    assert org.verification_note == "PIC checked"
