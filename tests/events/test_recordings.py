"""Recordings: event pages without sessions (webinars known only by their video and post date).

No calendar entry, never upcoming, listed among the past events by their own date, a video to
search engines, and allowed in the editor only when there is a recording to show.
"""

import datetime
import json
import re

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
import time_machine
from icalendar import Calendar

from cms.events.factories import EventPageFactory, EventSessionFactory
from cms.events.models import EventKind, EventPage
from cms.users.factories import UserFactory
from tests.core.test_templates_accessibility import accessibility_problems, parse
from tests.events.test_event_index import count_queries, event, titles

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
RECORDING_URL = "https://media.example.org/recordings/cataloguing"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def recording(index, title="Cataloguing webinar", **fields) -> EventPage:
    """A webinar page as the importer makes it from a post with only a publication date."""
    values = {
        "event_kind": EventKind.WEBINAR,
        "date": datetime.date(2025, 11, 20),
        "recording_url": RECORDING_URL,
        **fields,
    }
    return EventPageFactory(parent=index, title=title, **values)


def json_ld(response) -> dict:
    (payload,) = LD_JSON.findall(response.content.decode())
    return json.loads(payload)


# The page ---------------------------------------------------------------------------------


def test_recording_page_shows_the_recording_and_its_date_not_a_calendar(client, event_index):
    page = recording(event_index)

    html = client.get(page.url).content.decode()

    assert '<p class="page-header__kicker">Recording</p>' in html
    assert '<time datetime="2025-11-20">' in html
    assert "When and where" not in html
    assert 'class="sessions' not in html
    assert "Add to calendar" not in html
    assert f"{page.url}ical/" not in html
    assert f'<a class="button" href="{RECORDING_URL}">Watch the recording</a>' in html


def test_event_with_sessions_keeps_its_kind_and_calendar_link(client, event_index):
    page = EventPageFactory(parent=event_index, event_kind=EventKind.WORKSHOP)
    EventSessionFactory(page=page)

    html = client.get(page.url).content.decode()

    assert '<p class="page-header__kicker">Workshop</p>' in html
    assert "When and where" in html
    assert "Add to calendar" in html


@time_machine.travel(NOW, tick=False)
def test_recording_page_and_past_list_are_accessible(client, event_index):
    page = recording(event_index, speakers=[("speaker", {"name": "Ada Jensen"})])
    event(event_index, "Yesterday", datetime.date(2026, 3, 9))

    for url, params in ((page.url, {}), (event_index.url, {"when": "past"})):
        soup = parse(client.get(url, params))
        assert accessibility_problems(soup, language="en") == [], (url, params)


# iCalendar --------------------------------------------------------------------------------


def test_recording_has_no_calendar_file(client, event_index):
    page = recording(event_index)

    assert client.get(f"{page.url}ical/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_index_calendar_feed_leaves_recordings_out(client, event_index):
    event(event_index, "Soon", datetime.date(2026, 3, 20))
    recording(event_index, "Recent recording", date=datetime.date(2026, 3, 9))
    # Even one dated in the future (a post scheduled ahead) is not an event to attend.
    recording(event_index, "Scheduled recording", date=datetime.date(2026, 4, 1))

    for params in ({}, {"category": "webinar"}):
        response = client.get(f"{event_index.url}ical/", params)
        assert response.status_code == 200
        calendar = Calendar.from_ical(response.content)
        assert [str(vevent["summary"]) for vevent in calendar.walk("VEVENT")] == ["Soon"]


# The index --------------------------------------------------------------------------------


@pytest.fixture
def programme(event_index):
    day = datetime.date
    event(event_index, "Tomorrow", day(2026, 3, 11))
    event(event_index, "Yesterday", day(2026, 3, 9))
    event(event_index, "Last year", day(2025, 6, 1))
    # Posted in January, about a webinar of long ago: listed by its post date.
    recording(event_index, "January recording", date=day(2026, 1, 20))
    recording(event_index, "Old recording", date=day(2024, 2, 1))
    # Same day as "Yesterday": the event, which has a time, comes first.
    recording(event_index, "Recording of yesterday", date=day(2026, 3, 9))
    return event_index


@time_machine.travel(NOW, tick=False)
def test_recordings_are_never_upcoming(client, programme):
    response = client.get(programme.url)

    assert titles(response) == ["Tomorrow"]
    assert "1 upcoming event" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_recordings_are_listed_with_past_events_by_their_date(client, programme):
    response = client.get(programme.url, {"when": "past"})

    assert titles(response) == [
        "Yesterday",
        "Recording of yesterday",
        "January recording",
        "Last year",
        "Old recording",
    ]
    assert "5 past events" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_recording_card_says_recording_with_its_date(client, programme):
    html = client.get(programme.url, {"when": "past"}).content.decode()

    meta = {
        title: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)).strip()
        for title, card in re.findall(
            r'card__title"><a href="[^"]*">([^<]*)</a></h3>\s*<p class="card__meta">(.*?)</p>',
            html,
            re.DOTALL,
        )
    }
    assert meta["January recording"] == "Recording Jan. 20, 2026"
    assert '<time class="card__date" datetime="2026-01-20">Jan. 20, 2026</time>' in html
    # An event's card keeps its kind and session time.
    assert meta["Yesterday"] == "Webinar March 9, 2026, 14:00 CET"


@time_machine.travel(NOW, tick=False)
def test_recordings_filter_like_events(client, programme):
    workshop = recording(programme, "Recorded workshop", event_kind=EventKind.WORKSHOP)

    listed = titles(client.get(programme.url, {"when": "past", "category": "workshop"}))

    assert listed == [workshop.title]


@time_machine.travel(NOW, tick=False)
def test_query_count_does_not_grow_with_events_and_recordings(client, event_index):
    def add(numbers):
        for number in numbers:
            day = datetime.date(2025, 1, 1) + datetime.timedelta(days=number)
            if number % 2:
                recording(event_index, f"Recording {number}", date=day)
            else:
                event(event_index, f"Event {number}", day)

    add(range(6))
    with_six = count_queries(client, event_index.url, {"when": "past"})
    add(range(6, 60))
    with_sixty = count_queries(client, event_index.url, {"when": "past"})

    assert with_sixty == with_six
    assert "60 past events" in client.get(event_index.url, {"when": "past"}).content.decode()


# Structured data and API ------------------------------------------------------------------


def test_recording_is_a_video_object_for_search_engines(client, event_index):
    video = Document.objects.create(
        title="webinar.mp4", file=ContentFile(b"\x00" * 16, name="webinar.mp4")
    )
    page = recording(event_index, recording_url="", recording_file=video)

    data = json_ld(client.get(page.url))

    assert data["@type"] == "VideoObject"
    assert data["uploadDate"] == data["datePublished"] == "2025-11-20"
    assert re.fullmatch(rf"https?://[^/]+{re.escape(video.url)}", data["contentUrl"])
    assert "startDate" not in data
    assert "eventAttendanceMode" not in data


def test_hosted_recording_is_a_video_object_without_content_url(client, event_index):
    page = recording(event_index)

    data = json_ld(client.get(page.url))

    assert data["@type"] == "VideoObject"
    assert data["uploadDate"] == "2025-11-20"
    assert "contentUrl" not in data


def test_page_without_sessions_or_recording_is_an_article(client, event_index):
    page = recording(event_index, recording_url="")

    data = json_ld(client.get(page.url))

    assert data["@type"] == "Article"
    assert "uploadDate" not in data


def test_event_with_a_session_stays_an_event(client, event_index):
    page = recording(event_index)
    EventSessionFactory(page=page, start_date=datetime.date(2026, 5, 4))

    data = json_ld(client.get(page.url))

    assert data["@type"] == "Event"
    assert data["startDate"].startswith("2026-05-04T14:00:00")


def test_api_serves_a_recording_with_no_sessions(client, event_index):
    page = recording(event_index)

    response = client.get(f"/api/v2/pages/{page.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["sessions"] == []
    assert data["recording_url"] == RECORDING_URL


# The editor -------------------------------------------------------------------------------


@pytest.fixture
def editor(client, db):
    client.force_login(UserFactory(superuser=True, email="editor@example.org"))
    return client


def edit_form(page, *, sessions=(), initial=0, **fields) -> dict:
    """The event editor's form as a browser posts it, published."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "event_kind": page.event_kind,
        "date": page.date.isoformat(),
        "summary": page.summary,
        "sessions": inline_formset(list(sessions), initial=initial),
        "registration_url": "",
        "speakers": streamfield([]),
        "body": streamfield([]),
        "recording_url": page.recording_url,
        "recording_file": page.recording_file_id or "",
        "captions_file": "",
        "slides": "",
        "keywords": "",
        "licence": "",
        "attribution": "",
        "related_pages": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "listing_title": "",
        "listing_summary": "",
        "listing_image": "",
        "comments": inline_formset([]),
        "action-publish": "action-publish",
        **fields,
    }
    return nested_form_data(data)


def edit(editor, page, data):
    return editor.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def session_form(**fields) -> dict:
    values = {
        "title": "",
        "start_date": "2026-05-04",
        "start_time": "14:00",
        "end_date": "",
        "end_time": "",
        "time_zone": "Europe/Copenhagen",
        "venue": "",
        "online_url": "",
    }
    return {**values, **fields}


def test_editor_saves_a_recording_without_sessions(editor, event_index):
    page = recording(event_index)

    response = edit(editor, page, edit_form(page, title="Cataloguing, recorded"))

    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    assert page.title == "Cataloguing, recorded"
    assert not page.sessions.exists()


def test_editor_asks_for_a_session_or_a_recording(editor, event_index):
    page = recording(event_index)

    response = edit(editor, page, edit_form(page, title="Nothing to show", recording_url=""))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Add at least one session, or a recording URL or file if this is a recording "
        "without sessions."
    ]
    page.refresh_from_db()
    assert page.title == "Cataloguing webinar"
    assert page.recording_url == RECORDING_URL


def test_removing_the_last_session_needs_a_recording(editor, event_index):
    page = EventPageFactory(parent=event_index, title="Workshop")
    session = EventSessionFactory(page=page)
    removed = [{**session_form(), "id": session.pk, "DELETE": "1"}]

    refused = edit(editor, page, edit_form(page, sessions=removed, initial=1))
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    assert page.sessions.count() == 1

    accepted = edit(
        editor,
        page,
        edit_form(page, sessions=removed, initial=1, recording_url=RECORDING_URL),
    )
    assert accepted.status_code == 302, accepted.context["form"].errors
    assert not EventPage.objects.get(pk=page.pk).sessions.exists()


def test_an_event_with_a_session_needs_no_recording(editor, event_index):
    page = recording(event_index, recording_url="")

    response = edit(editor, page, edit_form(page, sessions=[session_form()]))

    assert response.status_code == 302, response.context["form"].errors
    (session,) = EventPage.objects.get(pk=page.pk).sessions.all()
    assert session.start_date == datetime.date(2026, 5, 4)
