"""Saved-search digests: new matching listings, each at most once per saved search, due by
frequency, with a one-click unsubscribe header; the cron command."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from cms.users.factories import UserFactory
from partnerbourse.factories import ListingFactory, SavedSearchFactory
from partnerbourse.models import SavedSearchDelivery
from partnerbourse.services.saved_searches import saved_search_digests_send

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def search(board_site):
    with time_machine.travel(START, tick=False):
        return SavedSearchFactory(
            user=UserFactory(email="reader@example.org"),
            query={"programme": "erasmus_plus"},
            frequency="daily",
        )


def publish(**kwargs):
    return ListingFactory(published_at=timezone.now(), **kwargs)


def test_digest_sends_each_listing_once_across_runs(search):
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        first = publish(programme="erasmus_plus", title="First Erasmus call")
        publish(programme="creative_europe", title="Other programme")
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        assert saved_search_digests_send()["sent"] == 1
        assert saved_search_digests_send()["sent"] == 0  # same day: not due, nothing new
    assert len(mail.outbox) == 1
    assert "First Erasmus call" in mail.outbox[0].body
    assert "Other programme" not in mail.outbox[0].body

    with time_machine.travel(START + datetime.timedelta(days=1, hours=2), tick=False):
        second = publish(programme="erasmus_plus", title="Second Erasmus call")
    with time_machine.travel(START + datetime.timedelta(days=2), tick=False):
        saved_search_digests_send()
    assert len(mail.outbox) == 2
    assert "Second Erasmus call" in mail.outbox[1].body
    assert "First Erasmus call" not in mail.outbox[1].body
    assert sorted(SavedSearchDelivery.objects.values_list("listing_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    # Even if the search became due again with nothing new, no mail repeats a listing.
    with time_machine.travel(START + datetime.timedelta(days=9), tick=False):
        assert saved_search_digests_send()["sent"] == 0
    assert len(mail.outbox) == 2


def test_weekly_digests_wait_a_week(search):
    search.frequency = "weekly"
    search.last_sent_at = START
    search.save()
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        publish(programme="erasmus_plus")
        assert saved_search_digests_send()["sent"] == 0
    with time_machine.travel(START + datetime.timedelta(days=7), tick=False):
        assert saved_search_digests_send()["sent"] == 1


def test_listings_older_than_the_search_are_not_new(search):
    with time_machine.travel(START - datetime.timedelta(days=1), tick=False):
        publish(programme="erasmus_plus")
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        assert saved_search_digests_send()["sent"] == 0


def test_unsubscribed_and_inactive_users_get_nothing(search):
    search.unsubscribed_at = START
    search.save()
    gone = SavedSearchFactory(user=UserFactory(is_active=False), query={}, frequency="daily")
    gone.created_at = START
    gone.save()
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        publish(programme="erasmus_plus")
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        assert saved_search_digests_send()["sent"] == 0
    assert mail.outbox == []


def test_digest_mail_has_one_click_unsubscribe_and_no_contact_data(search):
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        poster = UserFactory(email="contact-person@museum.example")
        publish(programme="erasmus_plus", contact_person=poster)
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        saved_search_digests_send()
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/one-click/" in message.extra_headers["List-Unsubscribe"]
    assert "contact-person@museum.example" not in message.body


def test_command_sends_due_digests(search):
    from io import StringIO

    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        publish(programme="erasmus_plus")
    out = StringIO()
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        call_command("partnerbourse_digests", stdout=out)
        call_command("partnerbourse_digests", stdout=out)
    assert len(mail.outbox) == 1
    assert "sent 1 digests" in out.getvalue()


def listing_reads(day: int) -> int:
    """How many queries a digest run at START + ``day`` makes of the listing tables."""
    with (
        time_machine.travel(START + datetime.timedelta(days=day), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        saved_search_digests_send()
    return sum(
        1
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        and "partnerbourse_listing" in query["sql"]
        and "savedsearchdelivery" not in query["sql"].lower()
    )


def test_listings_are_read_once_per_run_however_many_distinct_filters(search):
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        publish(programme="erasmus_plus", countries_in=["DK"], kind="call")
    one_filter_set = listing_reads(day=1)

    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        for query in (
            {"programme": "erasmus_plus", "country": "DK"},
            {"kind": "call"},
            {"country": "DK", "kind": "call"},
            {"programme": "erasmus_plus", "kind": "call", "closing_from": "2026-03-01"},
        ):
            SavedSearchFactory(query=query, frequency="daily")
    with time_machine.travel(START + datetime.timedelta(days=1, hours=1), tick=False):
        publish(programme="erasmus_plus", countries_in=["DK"], kind="call")
    assert listing_reads(day=2) == one_filter_set
    assert len(mail.outbox) == 6
