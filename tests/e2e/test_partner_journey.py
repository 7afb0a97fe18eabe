"""Journey 3: a member of an unverified organisation posts a listing on the partner board, a
moderator approves it in the Wagtail admin, a member of another organisation expresses interest,
and the poster shortlists the response and replies; the respondent reads the reply.

Neither side ever sees the other's e-mail address: every page one side opens is kept and
searched for the other side's address at the end.
"""

import datetime

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cms.users.factories import DEFAULT_PASSWORD, UserFactory
from partnerbourse.factories import OrganisationFactory, OrganisationMembershipFactory
from partnerbourse.models import (
    Listing,
    ListingResponse,
    ListingStatus,
    MembershipRole,
    ResponseStatus,
)

TITLE = "Partners wanted: oral histories of harbour workers"
INTEREST = "Our sound archive holds 300 interviews with dock workers and would gladly join."
REPLY = "Thank you! You are on our shortlist; could you send a short work plan?"


def expect_message(page, text: str) -> None:
    """A status message saying ``text`` is shown (the header's search box has a status region of
    its own, empty until suggestions arrive, so the role alone is not enough)."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def member_of(organisation, *, email: str, name: str, role=MembershipRole.ADMIN):
    user = UserFactory(email=email, display_name=name)
    OrganisationMembershipFactory(organisation=organisation, user=user, role=role)
    return user


@pytest.fixture
def poster(home_page):
    """The admin of a museum the moderators have not verified: its listings wait for review."""
    museum = OrganisationFactory(name="Harbour Life Museum", country="DK", city="Esbjerg")
    return member_of(museum, email="pia.poster@harbour-museum.example", name="Pia Poulsen")


@pytest.fixture
def respondent(home_page):
    archive = OrganisationFactory(
        name="Bremen Sound Archive", country="DE", city="Bremen", verified=True
    )
    return member_of(archive, email="rolf.respondent@sound-archive.example", name="Rolf Brandt")


@pytest.fixture
def moderator(home_page):
    user = UserFactory(email="mona.moderator@heritage-hub.example", display_name="Mona Berg")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def log_in(page, user) -> None:
    page.goto("/en/accounts/login/")
    page.get_by_label("Email", exact=True).fill(user.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text(user.public_name)


def mail_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


class Seen:
    """The HTML of every page one side of the exchange was shown."""

    def __init__(self):
        self.pages: list[str] = []

    def keep(self, page) -> None:
        self.pages.append(page.content())

    def assert_never_shows(self, address: str) -> None:
        shown = [html for html in self.pages if address.lower() in html.lower()]
        assert not shown, f"{address} appears on a page the other side sees"


def test_post_moderate_respond_shortlist_and_reply(
    poster, respondent, moderator, new_page, screenshot
):
    poster_seen, respondent_seen = Seen(), Seen()
    closing = timezone.localdate() + datetime.timedelta(days=60)

    # The poster writes a listing; the organisation is unverified, so it goes to review.
    pia = new_page()
    log_in(pia, poster)
    pia.goto("/en/partners/my/")
    pia.get_by_role("link", name="New listing for Harbour Life Museum").click()
    expect(pia.get_by_text("not verified yet, so a moderator reviews")).to_be_visible()
    pia.get_by_label("Kind of listing").select_option(label="Partner request")
    pia.get_by_label("Title").fill(TITLE)
    pia.get_by_label("Description").fill(
        "We are collecting **oral histories** of harbour workers around the North Sea."
    )
    pia.get_by_label("Funding programme").select_option(label="Creative Europe")
    pia.get_by_label("Closing date").fill(closing.isoformat())
    screenshot(pia, "listing-form")
    pia.get_by_role("button", name="Submit for review").click()
    expect_message(pia, "sent to a moderator")
    expect(pia.get_by_role("heading", level=1)).to_have_text(TITLE)
    screenshot(pia, "listing-pending")
    listing = Listing.objects.get(title=TITLE)
    assert listing.status == ListingStatus.PENDING
    assert listing.contact_person == poster
    # Other members cannot see it while it waits.
    rolf = new_page()
    log_in(rolf, respondent)
    assert rolf.goto(f"/en/partners/listings/{listing.pk}/").status == 404

    # A moderator approves it from the admin's review queue.
    mona = new_page()
    mona.goto("/admin/login/")
    mona.get_by_label("E-mail address").fill(moderator.email)
    mona.get_by_label("Password").fill(DEFAULT_PASSWORD)
    mona.get_by_role("button", name="Sign in").click()
    mona.get_by_role("button", name="Partner board").click()
    mona.get_by_role("link", name="Listings to review").click()
    queue_row = mona.get_by_role("row").filter(has_text=TITLE)
    expect(queue_row).to_contain_text("Harbour Life Museum (not verified)")
    screenshot(mona, "moderation-queue")
    queue_row.get_by_role("link", name=TITLE).click()
    screenshot(mona, "moderation-review")
    mona.get_by_role("button", name="Approve and publish").click()
    expect(mona.get_by_text("The listing is published.")).to_be_visible()
    expect(mona.get_by_text("No listing is waiting for review.")).to_be_visible()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED

    # A member of another organisation finds it on the board and expresses interest.
    rolf.goto("/en/partners/")
    rolf.get_by_role("link", name=TITLE).click()
    expect(rolf.get_by_role("heading", level=1)).to_have_text(TITLE)
    respondent_seen.keep(rolf)
    screenshot(rolf, "listing-public")
    rolf.get_by_role("link", name="Express interest").click()
    rolf.get_by_label("Your message").fill(INTEREST)
    rolf.get_by_label("Respond on behalf of").select_option(label="Bremen Sound Archive")
    respondent_seen.keep(rolf)
    screenshot(rolf, "express-interest")
    rolf.get_by_role("button", name="Send through the site").click()
    expect_message(rolf, "Your message was passed on")
    respondent_seen.keep(rolf)
    response = ListingResponse.objects.get(listing=listing)
    assert response.responder == respondent
    assert response.status == ResponseStatus.NEW
    # The listing's contact is told by e-mail, through the site: no address of the respondent.
    assert any(INTEREST in message.body for message in mail_to(poster))

    # The poster shortlists the response and replies from the responses dashboard.
    pia.goto("/en/partners/my/responses/")
    poster_seen.keep(pia)
    pia.get_by_role("link", name="Rolf Brandt (Bremen Sound Archive)").click()
    expect(pia.get_by_role("main")).to_contain_text(INTEREST)
    poster_seen.keep(pia)
    pia.get_by_role("button", name="Shortlist").click()
    expect_message(pia, "The response is on your shortlist.")
    expect(pia.get_by_text("Status: Shortlisted")).to_be_visible()
    pia.get_by_label("Your reply").fill(REPLY)
    pia.get_by_role("button", name="Send through the site").click()
    expect_message(pia, "Your message was sent.")
    expect(pia.get_by_role("list").filter(has_text=REPLY)).to_be_visible()
    poster_seen.keep(pia)
    screenshot(pia, "response-shortlisted-and-replied")
    response.refresh_from_db()
    assert response.status == ResponseStatus.SHORTLISTED
    assert list(response.messages.values_list("sender", "body")) == [(poster.pk, REPLY)]

    # The respondent reads the reply in their own dashboard.
    rolf.goto("/en/partners/my/responses/")
    sent = rolf.get_by_role("listitem").filter(has_text=TITLE)
    expect(sent).to_contain_text("Shortlisted")
    expect(sent).to_contain_text("1 unread reply")
    respondent_seen.keep(rolf)
    sent.get_by_role("link", name=TITLE).click()
    expect(rolf.get_by_role("main")).to_contain_text(REPLY)
    expect(rolf.get_by_role("main")).to_contain_text("Harbour Life Museum (Pia Poulsen)")
    respondent_seen.keep(rolf)
    screenshot(rolf, "reply-received")

    respondent_seen.assert_never_shows(poster.email)
    respondent_seen.assert_never_shows(moderator.email)
    poster_seen.assert_never_shows(respondent.email)
    # Nor do the e-mails the site relays between them.
    assert any(REPLY in message.body for message in mail_to(respondent))
    for recipient, other in ((poster, respondent), (respondent, poster)):
        for message in mail_to(recipient):
            assert other.email not in message.body
            assert other.email not in message.reply_to
