"""Issue 16, events: calendar links per session and for the whole event, the card's session,
times on the 24-hour clock with the zone's abbreviation, and recordings of past events."""

import datetime
import re

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest
import time_machine
from icalendar import Calendar

from cms.events.factories import EventPageFactory, EventSessionFactory

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def series(event_index):
    """Two sessions: one in Copenhagen's winter (CET), one in Toronto's summer time (EDT)."""
    page = EventPageFactory(parent=event_index, title="Conservation series")
    first = EventSessionFactory(
        page=page,
        title="Part 1",
        start_date=datetime.date(2026, 3, 5),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 30),
        time_zone="Europe/Copenhagen",
    )
    second = EventSessionFactory(
        page=page,
        title="Part 2",
        start_date=datetime.date(2026, 4, 2),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 0),
        time_zone="America/Toronto",
    )
    return page, first, second


def card_meta(html: str) -> dict[str, str]:
    return {
        title: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)).strip()
        for title, card in re.findall(
            r'card__title"><a href="[^"]*">([^<]*)</a></h3>\s*<p class="card__meta">(.*?)</p>',
            html,
            re.DOTALL,
        )
    }


# --- iCalendar files ---------------------------------------------------------------------------


def test_session_file_holds_that_session_only(client, series):
    page, _first, second = series

    calendar = parse(client.get(f"{page.url}ical/{second.pk}/"))

    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Conservation series: Part 2"
    assert vevent["dtstart"].params["TZID"] == "America/Toronto"
    assert vevent["dtend"].params["TZID"] == "America/Toronto"
    assert vevent.decoded("dtstart").replace(tzinfo=None) == datetime.datetime(2026, 4, 2, 9, 0)
    assert vevent.decoded("dtend").replace(tzinfo=None) == datetime.datetime(2026, 4, 2, 10, 0)
    assert b"DTSTART;TZID=America/Toronto:20260402T090000" in calendar.to_ical()
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]


def test_whole_event_file_has_one_vevent_per_session_with_the_same_uids(client, series):
    page, first, _second = series

    whole = parse(client.get(f"{page.url}ical/")).walk("VEVENT")
    alone = parse(client.get(f"{page.url}ical/{first.pk}/")).walk("VEVENT")

    assert [str(vevent["summary"]) for vevent in whole] == [
        "Conservation series: Part 1",
        "Conservation series: Part 2",
    ]
    assert [vevent["dtstart"].params["TZID"] for vevent in whole] == [
        "Europe/Copenhagen",
        "America/Toronto",
    ]
    # Adding one session, then the whole event, updates the entry rather than doubling it.
    assert str(alone[0]["uid"]) == str(whole[0]["uid"])


def test_session_of_another_event_is_not_found(client, series, event_index):
    page, _first, _second = series
    other = EventSessionFactory(page=EventPageFactory(parent=event_index))

    assert client.get(f"{page.url}ical/{other.pk}/").status_code == 404
    assert client.get(f"{page.url}ical/999999/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_page_offers_each_session_and_the_whole_event(client, series):
    page, first, second = series

    html = client.get(page.url).content.decode()

    assert f'href="{page.url}ical/{first.pk}/"' in html
    assert f'href="{page.url}ical/{second.pk}/"' in html
    assert html.count("Add this session to your calendar") == 2
    assert f'href="{page.url}ical/"' in html
    assert "Add all sessions to your calendar" in html


def test_single_session_event_has_one_calendar_link(client, event_index):
    page = EventPageFactory(parent=event_index)
    EventSessionFactory(page=page, start_date=datetime.date(2099, 1, 1))

    html = client.get(page.url).content.decode()

    assert "Add to calendar" in html
    assert "Add this session to your calendar" not in html


# --- Times -------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_page_times_are_24_hour_with_the_zone_abbreviation(client, series):
    page, _first, _second = series

    html = client.get(page.url).content.decode()

    assert '<time datetime="2026-03-05T14:00:00+01:00" data-event-start>' in html
    assert ", 14:00</time> \u2013 <time" in html
    assert '<abbr class="event-when__zone" title="Europe/Copenhagen">CET</abbr>' in html
    assert '<abbr class="event-when__zone" title="America/Toronto">EDT</abbr>' in html
    assert "p.m." not in html
    assert "(America/Toronto)" not in html
    # The visitor's own time is added by a static script, under the page's CSP nonce.
    assert re.search(r'<script src="/static/js/event-times\.js" nonce="[^"]+" defer>', html)


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "July 1, 2026, 14:00"),
        ("da", "1. juli 2026, 14:00"),
        ("de", "1. Juli 2026, 14:00"),
        ("it", "01 Luglio 2026, 14:00"),
        ("el", "01/07/2026, 14:00"),
    ],
)
def test_every_language_uses_the_24_hour_clock(db, series, language, date):
    page, _first, _second = series
    session = EventSessionFactory(
        page=page,
        start_date=datetime.date(2026, 7, 1),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(17, 30),
        time_zone="Europe/Copenhagen",
    )

    with translation.override(language):
        html = render_to_string("events/session_when.html", {"session": session})

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    assert text == f"{date} \u2013 17:30 CEST"
    assert '<abbr class="event-when__zone" title="Europe/Copenhagen">CEST</abbr>' in html


def test_zone_without_an_abbreviation_is_an_offset(db, event_index):
    session = EventSessionFactory(
        page=EventPageFactory(parent=event_index), time_zone="America/Sao_Paulo"
    )

    assert session.zone_abbreviation == "UTC-03"


def test_all_day_session_has_no_clock_or_zone(db, event_index):
    session = EventSessionFactory(
        page=EventPageFactory(parent=event_index),
        start_date=datetime.date(2026, 9, 14),
        start_time=None,
        end_time=None,
        end_date=datetime.date(2026, 9, 16),
    )

    html = render_to_string("events/session_when.html", {"session": session})

    assert "<abbr" not in html
    assert "data-event-start" not in html
    assert '<time datetime="2026-09-14">' in html


# --- Cards -------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_card_shows_the_next_upcoming_session(client, event_index, series):
    html = client.get(event_index.url).content.decode()

    # Part 1 (5 March) is over; Part 2 is next.
    assert card_meta(html)["Conservation series"] == "Webinar April 2, 2026, 09:00 EDT"


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_card_of_a_finished_event_shows_its_first_session(client, event_index, series):
    html = client.get(event_index.url, {"when": "past"}).content.decode()

    assert card_meta(html)["Conservation series"] == "Webinar March 5, 2026, 14:00 CET"


@time_machine.travel(NOW, tick=False)
def test_card_without_a_time_has_no_stray_separator(client, event_index):
    page = EventPageFactory(parent=event_index, title="Open day")
    EventSessionFactory(
        page=page, start_date=datetime.date(2026, 3, 20), start_time=None, end_time=None
    )

    html = client.get(event_index.url).content.decode()

    assert card_meta(html)["Open day"] == "Webinar March 20, 2026"
    assert "·" not in html.split('class="card__meta">')[1].split("</p>")[0]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("when", ["upcoming", "past"])
def test_index_queries_do_not_grow_with_sessions(client, event_index, when):
    day = datetime.date(2026, 4, 1) if when == "upcoming" else datetime.date(2025, 4, 1)

    def add_events(count):
        for _ in range(count):
            page = EventPageFactory(parent=event_index)
            for offset in range(3):
                EventSessionFactory(page=page, start_date=day + datetime.timedelta(days=offset))

    def count_queries():
        client.get(event_index.url, {"when": when})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(event_index.url, {"when": when}).status_code == 200
        return len(queries)

    add_events(2)
    with_two = count_queries()
    add_events(10)

    assert count_queries() == with_two


# --- Recordings of past events -----------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_past_event_with_a_recording_shows_it_instead_of_calendar_links(client, event_index):
    page = EventPageFactory(
        parent=event_index,
        recording_url="https://media.example.org/talk",
        registration_url="https://tickets.example.org/",
    )
    EventSessionFactory(page=page, start_date=datetime.date(2026, 2, 1))
    EventSessionFactory(page=page, start_date=datetime.date(2026, 2, 8))

    html = client.get(page.url).content.decode()

    assert "Add all sessions to your calendar" not in html
    assert "Add this session to your calendar" not in html
    assert f"{page.url}ical/" not in html
    assert "https://tickets.example.org/" not in html
    assert 'href="#recording-heading"' in html
    assert 'href="https://media.example.org/talk"' in html


@time_machine.travel(NOW, tick=False)
def test_upcoming_event_with_a_recording_url_keeps_its_calendar_links(client, event_index):
    page = EventPageFactory(parent=event_index, recording_url="https://media.example.org/talk")
    EventSessionFactory(page=page, start_date=datetime.date(2026, 2, 1))
    EventSessionFactory(page=page, start_date=datetime.date(2026, 4, 8))

    html = client.get(page.url).content.decode()

    assert "Add all sessions to your calendar" in html
    assert 'href="#recording-heading"' not in html


@time_machine.travel(NOW, tick=False)
def test_past_event_without_a_recording_keeps_its_calendar_links(client, event_index):
    page = EventPageFactory(parent=event_index)
    EventSessionFactory(page=page, start_date=datetime.date(2026, 2, 1))

    html = client.get(page.url).content.decode()

    assert "Add to calendar" in html
