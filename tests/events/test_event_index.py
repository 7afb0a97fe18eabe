"""The event index: upcoming by default (soonest first), past on request (latest first)."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine

from cms.core.models import Theme
from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def event(index, title, *dates, **fields):
    """An event with one session per date (a date, or a (start, end) pair)."""
    page = EventPageFactory(parent=index, title=title, **fields)
    for value in dates:
        start, end = value if isinstance(value, tuple) else (value, None)
        EventSessionFactory(page=page, start_date=start, end_date=end)
    return page


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a>', html)


@pytest.fixture
def calendar(event_index):
    day = datetime.date
    event(event_index, "Next month", day(2026, 4, 2))
    event(event_index, "Tomorrow", day(2026, 3, 11))
    event(event_index, "Today", day(2026, 3, 10))
    # Its first session is over, its second is still to come: it is upcoming, by the second.
    event(event_index, "Series", day(2026, 1, 5), day(2026, 3, 20))
    # Started last week and ends tomorrow: still on.
    event(event_index, "Running", (day(2026, 3, 3), day(2026, 3, 11)))
    event(event_index, "Last year", day(2025, 6, 1))
    event(event_index, "Yesterday", day(2026, 3, 9))
    event(event_index, "Last month", day(2026, 2, 14), day(2026, 2, 1))
    return event_index


@time_machine.travel(NOW, tick=False)
def test_upcoming_is_the_default_soonest_first(client, calendar):
    response = client.get(calendar.url)

    assert response.status_code == 200
    assert titles(response) == ["Running", "Today", "Tomorrow", "Series", "Next month"]
    assert "5 upcoming events" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_past_lists_finished_events_latest_first(client, calendar):
    response = client.get(calendar.url, {"when": "past"})

    assert titles(response) == ["Yesterday", "Last month", "Last year"]
    assert "3 past events" in response.content.decode()


def test_time_moving_on_moves_events_to_past(client, calendar):
    with time_machine.travel(datetime.datetime(2026, 3, 12, 8, 0, tzinfo=datetime.UTC)):
        upcoming = titles(client.get(calendar.url))
        past = titles(client.get(calendar.url, {"when": "past"}))

    assert upcoming == ["Series", "Next month"]
    # Latest first by the start of their last session.
    assert past[:4] == ["Tomorrow", "Today", "Yesterday", "Running"]


@time_machine.travel(NOW, tick=False)
def test_sessions_on_the_same_day_are_ordered_by_start_time(client, event_index):
    late = EventPageFactory(parent=event_index, title="Afternoon")
    EventSessionFactory(page=late, start_date=datetime.date(2026, 3, 20), start_time="15:00")
    early = EventPageFactory(parent=event_index, title="Morning")
    EventSessionFactory(page=early, start_date=datetime.date(2026, 3, 20), start_time="09:00")

    assert titles(client.get(event_index.url)) == ["Morning", "Afternoon"]


@time_machine.travel(NOW, tick=False)
def test_shared_filters_still_apply(client, calendar, home_page):
    theme = Theme.objects.create(name="Technology", locale=home_page.locale)
    tagged = event(calendar, "Tagged webinar", datetime.date(2026, 5, 1), event_kind="workshop")
    tagged.themes.add(theme)
    tagged.keywords.add("digitisation")
    tagged.save()

    assert titles(client.get(calendar.url, {"theme": theme.slug})) == ["Tagged webinar"]
    assert titles(client.get(calendar.url, {"category": "workshop"})) == ["Tagged webinar"]
    assert titles(client.get(calendar.url, {"keyword": "Digitisation"})) == ["Tagged webinar"]
    assert titles(client.get(calendar.url, {"when": "past", "theme": theme.slug})) == []


@time_machine.travel(NOW, tick=False)
def test_unknown_when_falls_back_to_upcoming_with_a_message(client, calendar):
    response = client.get(calendar.url, {"when": "someday"})

    assert response.status_code == 200
    assert titles(response)[0] == "Running"
    assert "Some filters were not recognised" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_other_indexes_and_drafts_are_not_listed(client, calendar, home_page):
    other_index = EventIndexPageFactory(parent=home_page, title="Other events")
    event(other_index, "Elsewhere", datetime.date(2026, 3, 15))
    draft = event(calendar, "Draft", datetime.date(2026, 3, 15))
    draft.unpublish()

    listed = titles(client.get(calendar.url))

    assert "Elsewhere" not in listed
    assert "Draft" not in listed


def count_queries(client, url, params) -> int:
    client.get(url, params)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("when", ["upcoming", "past"])
def test_query_count_does_not_grow_with_events(client, event_index, home_page, when):
    theme = Theme.objects.create(name="Technology", locale=home_page.locale)
    day = datetime.date(2026, 4, 1) if when == "upcoming" else datetime.date(2025, 4, 1)

    def add_events(numbers):
        for number in numbers:
            page = event(event_index, f"Event {number}", day, day + datetime.timedelta(days=3))
            page.themes.add(theme)
            page.save()

    add_events(range(5))
    with_five = count_queries(client, event_index.url, {"when": when})
    # One more than a page of 20 cards: a full page and a second one.
    add_events(range(5, 21))
    with_a_full_page = count_queries(client, event_index.url, {"when": when})

    assert with_a_full_page == with_five
    assert "21 " in client.get(event_index.url, {"when": when}).content.decode()
