"""iCalendar downloads: one event's sessions, and the index's feed of upcoming events."""

import datetime
import zoneinfo

import pytest
import time_machine
from icalendar import Calendar

from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def utc(vevent, name):
    return vevent.decoded(name).astimezone(datetime.UTC)


@pytest.fixture
def webinar(event_index):
    page = EventPageFactory(
        parent=event_index, title="Digitising archives", summary="How to start, in an hour."
    )
    # Summer time in Copenhagen (UTC+2) ...
    EventSessionFactory(
        page=page,
        title="Part 1",
        start_date=datetime.date(2026, 7, 1),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 30),
        time_zone="Europe/Copenhagen",
        venue="National Museum, Copenhagen",
    )
    # ... and the week New York has moved its clocks but Europe has not (UTC-4).
    EventSessionFactory(
        page=page,
        title="Part 2",
        start_date=datetime.date(2026, 3, 10),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 0),
        time_zone="America/New_York",
        online_url="https://meet.example.org/archives",
    )
    # Winter in Copenhagen (UTC+1)
    EventSessionFactory(
        page=page,
        title="Part 3",
        start_date=datetime.date(2026, 12, 1),
        start_time=datetime.time(14, 0),
        end_time=None,
        time_zone="Europe/Copenhagen",
    )
    return page


def test_event_ical_has_one_vevent_per_session_at_the_right_times(client, webinar):
    response = client.get(f"{webinar.url}ical/")
    calendar = parse(response)

    assert response["Content-Disposition"] == f'attachment; filename="{webinar.slug}.ics"'
    events = {str(vevent["summary"]): vevent for vevent in calendar.walk("VEVENT")}
    assert set(events) == {
        "Digitising archives: Part 1",
        "Digitising archives: Part 2",
        "Digitising archives: Part 3",
    }
    part1, part2, part3 = (events[f"Digitising archives: Part {n}"] for n in (1, 2, 3))
    assert utc(part1, "dtstart") == datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)
    assert utc(part1, "dtend") == datetime.datetime(2026, 7, 1, 13, 30, tzinfo=datetime.UTC)
    assert utc(part2, "dtstart") == datetime.datetime(2026, 3, 10, 13, 0, tzinfo=datetime.UTC)
    assert utc(part2, "dtend") == datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)
    assert utc(part3, "dtstart") == datetime.datetime(2026, 12, 1, 13, 0, tzinfo=datetime.UTC)
    assert "dtend" not in part3  # no end given: none invented
    # Times carry their zone, with the zone's rules in the file for clients to apply.
    assert part1["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert part2["dtstart"].params["TZID"] == "America/New_York"
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Europe/Copenhagen",
        "America/New_York",
    }
    assert str(part1["location"]) == "National Museum, Copenhagen"
    assert str(part2["location"]) == "https://meet.example.org/archives"
    assert str(part1["description"]) == "How to start, in an hour."
    assert str(part1["url"]) == f"http://localhost{webinar.url}"


def test_uids_are_stable_and_distinct(client, webinar):
    first = parse(client.get(f"{webinar.url}ical/"))
    webinar.title = "Digitising archives (renamed)"
    webinar.save_revision().publish()
    second = parse(client.get(f"{webinar.url}ical/"))

    uids = [str(vevent["uid"]) for vevent in first.walk("VEVENT")]
    assert len(set(uids)) == 3
    assert uids == [str(vevent["uid"]) for vevent in second.walk("VEVENT")]
    assert all(uid.startswith(str(webinar.translation_key)) for uid in uids)


def test_all_day_session_uses_dates_with_an_exclusive_end(client, event_index):
    page = EventPageFactory(parent=event_index, title="Conference")
    EventSessionFactory(
        page=page,
        start_date=datetime.date(2026, 9, 14),
        start_time=None,
        end_date=datetime.date(2026, 9, 16),
        end_time=None,
    )

    (vevent,) = parse(client.get(f"{page.url}ical/")).walk("VEVENT")

    assert vevent.decoded("dtstart") == datetime.date(2026, 9, 14)
    assert vevent.decoded("dtend") == datetime.date(2026, 9, 17)


def test_event_page_links_to_its_calendar_file(client, webinar):
    html = client.get(webinar.url).content.decode()

    assert f'href="{webinar.url}ical/"' in html
    assert "Add all sessions to your calendar" in html


@time_machine.travel(NOW, tick=False)
def test_index_feed_has_only_upcoming_live_events_of_that_index(client, event_index, home_page):
    def event(index, title, day):
        page = EventPageFactory(parent=index, title=title)
        EventSessionFactory(page=page, start_date=day, start_time=datetime.time(10, 0))
        return page

    event(event_index, "Soon", datetime.date(2026, 3, 20))
    event(event_index, "Later", datetime.date(2026, 5, 2))
    event(event_index, "Over", datetime.date(2026, 2, 1))
    event(event_index, "Draft", datetime.date(2026, 3, 21)).unpublish()
    other_index = EventIndexPageFactory(parent=home_page, title="Elsewhere")
    event(other_index, "Other index", datetime.date(2026, 3, 22))

    calendar = parse(client.get(f"{event_index.url}ical/"))

    assert [str(vevent["summary"]) for vevent in calendar.walk("VEVENT")] == ["Soon", "Later"]
    assert str(calendar["x-wr-calname"]) == event_index.title


@time_machine.travel(NOW, tick=False)
def test_index_feed_honours_the_filters_and_is_linked(client, event_index):
    for title, kind in (("A webinar", "webinar"), ("A workshop", "workshop")):
        page = EventPageFactory(parent=event_index, title=title, event_kind=kind)
        EventSessionFactory(page=page, start_date=datetime.date(2026, 4, 1))

    calendar = parse(client.get(f"{event_index.url}ical/", {"category": "workshop"}))
    html = client.get(event_index.url, {"category": "workshop"}).content.decode()

    assert [str(vevent["summary"]) for vevent in calendar.walk("VEVENT")] == ["A workshop"]
    assert f'href="{event_index.url}ical/?category=workshop"' in html
    assert client.get(f"{event_index.url}ical/", {"category": "nonsense"}).status_code == 404


def test_sessions_keep_their_wall_clock_time_across_dst(client, event_index):
    """14:00 in Copenhagen is 13:00 UTC in winter and 12:00 UTC in summer."""
    page = EventPageFactory(parent=event_index)
    for day in (datetime.date(2026, 3, 28), datetime.date(2026, 3, 30)):  # DST starts 29 March
        EventSessionFactory(page=page, start_date=day, time_zone="Europe/Copenhagen")

    starts = sorted(
        vevent.decoded("dtstart") for vevent in parse(client.get(f"{page.url}ical/")).walk("VEVENT")
    )

    assert [start.astimezone(datetime.UTC).hour for start in starts] == [13, 12]
    copenhagen = zoneinfo.ZoneInfo("Europe/Copenhagen")
    assert [start.astimezone(copenhagen).hour for start in starts] == [14, 14]
