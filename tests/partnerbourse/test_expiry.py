"""Expiry and reminders, with time travel: listings expire after their closing date (archived,
never deleted) and posters are reminded 7 days and 1 day before, once each."""

import datetime

from django.core import mail
from django.core.management import call_command

import pytest

from partnerbourse.factories import ListingFactory, OrganisationMembershipFactory
from partnerbourse.models import Listing, ListingStatus
from partnerbourse.services import listings as listing_services

START = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
CLOSING = datetime.date(2026, 3, 20)


@pytest.fixture
def listing(board_site, time_machine):
    time_machine.move_to(START)
    listing = ListingFactory(title="Coastal heritage partners", closing_date=CLOSING)
    membership = OrganisationMembershipFactory(organisation=listing.organisation)
    listing.contact_person = membership.user
    listing.save()
    return listing


def run_daily(time_machine, day: datetime.date):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(2, 15), tzinfo=datetime.UTC))
    mail.outbox.clear()
    call_command("partnerbourse_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return [m.subject for m in mail.outbox]


def test_reminders_seven_days_and_one_day_before_then_expiry(listing, time_machine):
    sent = {}
    day = datetime.date(2026, 3, 1)
    while day <= datetime.date(2026, 3, 23):
        sent[day] = run_daily(time_machine, day)
        day += datetime.timedelta(days=1)

    days_with_mail = {day: subjects for day, subjects in sent.items() if subjects}
    assert list(days_with_mail) == [
        datetime.date(2026, 3, 13),
        datetime.date(2026, 3, 19),
        datetime.date(2026, 3, 21),
    ]
    assert "closes in a week" in days_with_mail[datetime.date(2026, 3, 13)][0]
    assert "closes tomorrow" in days_with_mail[datetime.date(2026, 3, 19)][0]
    assert "expired" in days_with_mail[datetime.date(2026, 3, 21)][0]
    listing.refresh_from_db()
    assert listing.status == ListingStatus.EXPIRED
    assert Listing.objects.filter(pk=listing.pk).exists()
    assert listing.status_changes.filter(action="expired").count() == 1


def test_running_twice_a_day_sends_nothing_twice(listing, time_machine):
    first = run_daily(time_machine, datetime.date(2026, 3, 13))
    second = run_daily(time_machine, datetime.date(2026, 3, 13))
    assert len(first) == 1
    assert second == []


def test_a_missed_day_is_caught_up(listing, time_machine):
    # The job did not run on the 13th; on the 14th the week reminder still goes out.
    assert len(run_daily(time_machine, datetime.date(2026, 3, 14))) == 1


def test_listing_posted_late_gets_no_week_reminder(board_site, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 16, 9, tzinfo=datetime.UTC))
    listing = ListingFactory(closing_date=CLOSING)
    # Without a contact person the organisation's admins are reminded.
    OrganisationMembershipFactory(organisation=listing.organisation, role="admin")
    assert run_daily(time_machine, datetime.date(2026, 3, 17)) == []
    assert len(run_daily(time_machine, datetime.date(2026, 3, 19))) == 1


def test_expired_listing_is_archived_and_off_the_board(client, listing, time_machine):
    run_daily(time_machine, datetime.date(2026, 3, 21))

    board = client.get("/en/partners/").content.decode()
    detail = client.get(listing.get_absolute_url())

    assert "Coastal heritage partners" not in board
    assert detail.status_code == 200
    assert "Archived" in detail.content.decode()


def test_paused_and_pending_listings_expire_too_drafts_do_not(board_site, time_machine):
    time_machine.move_to(START)
    paused = ListingFactory(closing_date=CLOSING, status=ListingStatus.PAUSED)
    pending = ListingFactory(closing_date=CLOSING, status=ListingStatus.PENDING)
    draft = ListingFactory(closing_date=CLOSING, status=ListingStatus.DRAFT)
    run_daily(time_machine, datetime.date(2026, 3, 21))
    statuses = dict(Listing.objects.values_list("pk", "status"))
    assert statuses[paused.pk] == ListingStatus.EXPIRED
    assert statuses[pending.pk] == ListingStatus.EXPIRED
    assert statuses[draft.pk] == ListingStatus.DRAFT


def test_extend_brings_an_expired_listing_back_and_resets_reminders(listing, time_machine):
    run_daily(time_machine, datetime.date(2026, 3, 13))
    run_daily(time_machine, datetime.date(2026, 3, 21))
    listing.refresh_from_db()
    assert listing.status == ListingStatus.EXPIRED

    listing_services.listing_extend(
        listing=listing, user=listing.contact_person, closing_date=datetime.date(2026, 4, 30)
    )

    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.reminder_7d_sent_at is None
    assert len(run_daily(time_machine, datetime.date(2026, 4, 23))) == 1


def test_enqueue_option(listing, time_machine, capsys):
    time_machine.move_to(datetime.datetime(2026, 3, 21, 2, tzinfo=datetime.UTC))
    call_command("partnerbourse_daily", "--enqueue")
    listing.refresh_from_db()
    # The test settings run tasks immediately.
    assert listing.status == ListingStatus.EXPIRED
