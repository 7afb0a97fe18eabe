"""A member of an unverified organisation submits a listing through the site's form; the
moderators are told by the e-mail digest, a moderator finds the listing on the admin dashboard
and publishes it with one click from the review page; it is then on the board. The dashboard
and the review page are checked with axe-core on the way."""

import datetime

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cms.users.factories import DEFAULT_PASSWORD, UserFactory
from partnerbourse.factories import OrganisationFactory, OrganisationMembershipFactory
from partnerbourse.models import Listing, ListingStatus, MembershipRole, ModerationNotice

from .test_accessibility import AxeAudit
from .test_partner_journey import log_in

TITLE = "Partners wanted: restoring painted church ceilings"


@pytest.fixture
def poster(home_page):
    museum = OrganisationFactory(name="Ribe Church Museum", country="DK", city="Ribe")
    user = UserFactory(email="pia.poster@church-museum.example", display_name="Pia Poulsen")
    OrganisationMembershipFactory(organisation=museum, user=user, role=MembershipRole.ADMIN)
    return user


@pytest.fixture
def moderator(home_page):
    user = UserFactory(email="mona.moderator@heritage-hub.example", display_name="Mona Berg")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_submitted_listing_reaches_the_moderator_and_is_published(
    poster, moderator, new_page, screenshot
):
    ModerationNotice.objects.all().delete()
    mail.outbox.clear()
    closing = timezone.localdate() + datetime.timedelta(days=60)

    # The member submits a listing; the organisation is unverified, so it waits for review.
    pia = new_page()
    log_in(pia, poster)
    pia.goto("/en/partners/my/")
    pia.get_by_role("link", name="New listing for Ribe Church Museum").click()
    pia.get_by_label("Kind of listing").select_option(label="Partner request")
    pia.get_by_label("Title").fill(TITLE)
    pia.get_by_label("Description").fill("We restore **painted ceilings** in village churches.")
    pia.get_by_label("Funding programme").select_option(label="Creative Europe")
    pia.get_by_label("Closing date").fill(closing.isoformat())
    pia.get_by_role("button", name="Submit for review").click()
    expect(pia.get_by_role("heading", level=1)).to_have_text(TITLE)
    listing = Listing.objects.get(title=TITLE)
    assert listing.status == ListingStatus.PENDING

    # The moderators' digest names it and links to its review page.
    digests = [m for m in mail.outbox if m.to == [moderator.email]]
    assert len(digests) == 1
    assert TITLE in digests[0].body
    assert f"/admin/partner-board/listings/{listing.pk}/" in digests[0].body

    # The moderator sees it on the admin dashboard, with how long it has waited.
    mona = new_page()
    mona.goto("/admin/login/")
    mona.get_by_label("E-mail address").fill(moderator.email)
    mona.get_by_label("Password").fill(DEFAULT_PASSWORD)
    mona.get_by_role("button", name="Sign in").click()
    panel = mona.locator("#partner-board-moderation-section")
    expect(panel).to_contain_text("Partner board: waiting for moderation")
    expect(panel).to_contain_text("waiting 0\xa0minutes")
    screenshot(mona, "dashboard")
    audit = AxeAudit(mona)
    audit.check("admin dashboard with the moderation panel")

    panel.get_by_role("link", name=TITLE).click()
    expect(mona.get_by_role("heading", name="Reject / ask for changes")).to_be_visible()
    audit.check("listing review page")
    screenshot(mona, "review")
    mona.get_by_role("button", name="Approve and publish").click()
    expect(mona.get_by_text("The listing is published.")).to_be_visible()
    audit.assert_clean()

    # It is on the board.
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    pia.goto("/en/partners/")
    expect(pia.get_by_role("link", name=TITLE)).to_be_visible()
