"""The event page: recording (embed, link or video with captions), slides, speakers, sessions."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

import pytest

from cms.events.factories import EventPageFactory, EventSessionFactory
from cms.events.models import EventPage, EventSession
from tests.core.test_templates_accessibility import accessibility_problems, parse

YOUTUBE_URL = "https://www.youtube.com/watch?v=abc123"


def document(name: str, content: bytes = b"x") -> Document:
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


@pytest.fixture
def event_page(event_index):
    page = EventPageFactory(parent=event_index, title="Archives webinar")
    EventSessionFactory(page=page, start_date=datetime.date(2026, 1, 15))
    return page


def test_known_video_site_is_embedded(client, event_page):
    # The embed finder's answer, cached as Wagtail caches it, so no request leaves the test.
    Embed.objects.create(
        url=YOUTUBE_URL,
        hash=get_embed_hash(YOUTUBE_URL),
        type="video",
        html='<iframe title="Archives webinar" src="https://www.youtube-nocookie.com/embed/abc123"></iframe>',
    )
    event_page.recording_url = YOUTUBE_URL
    event_page.save_revision().publish()

    html = client.get(event_page.url).content.decode()

    assert '<div class="stream-embed"><iframe title="Archives webinar"' in html
    assert f'href="{YOUTUBE_URL}"' in html


def test_unknown_video_site_gets_a_plain_link(client, event_page):
    url = "https://media.example.org/recordings/archives"
    event_page.recording_url = url
    event_page.save_revision().publish()

    html = client.get(event_page.url).content.decode()

    assert "<iframe" not in html
    assert f'<a class="button" href="{url}">Watch the recording</a>' in html


def test_uploaded_recording_plays_with_webvtt_captions(client, event_page):
    recording = document("webinar.mp4")
    captions = document("webinar.vtt", b"WEBVTT\n")
    slides = document("slides.pdf")
    event_page.recording_file = recording
    event_page.captions_file = captions
    event_page.slides = slides
    event_page.save_revision().publish()

    html = client.get(event_page.url).content.decode()

    video = f'<video class="recording__video" controls preload="metadata" src="{recording.url}">'
    track = f'<track kind="captions" src="{captions.url}" srclang="en" label="Captions" default>'
    assert video in html
    assert track in html
    assert f'href="{slides.url}"' in html
    assert "Download the slides" in html


def test_srt_captions_are_offered_as_a_download_not_a_track(client, event_page):
    captions = document("webinar.srt")
    event_page.recording_file = document("webinar.mp4")
    event_page.captions_file = captions
    event_page.save_revision().publish()

    html = client.get(event_page.url).content.decode()

    assert "<video" in html
    assert "<track" not in html
    assert f'href="{captions.url}"' in html


def test_without_recording_there_is_no_recording_section(client, event_page):
    html = client.get(event_page.url).content.decode()

    assert 'id="recording-heading"' not in html
    assert "<video" not in html


def test_speakers_are_listed(client, event_page):
    event_page.speakers = [
        ("speaker", {"name": "Ada Jensen", "role": "Curator", "organisation": "City Museum"})
    ]
    event_page.save_revision().publish()

    html = client.get(event_page.url).content.decode()

    assert "<li>Ada Jensen, Curator (City Museum)</li>" in html


def session(**fields) -> EventSession:
    values = {
        "page": EventPage(title="Unsaved"),
        "start_date": datetime.date(2026, 5, 4),
        "start_time": datetime.time(14, 0),
        "time_zone": "Europe/Copenhagen",
        "sort_order": 0,
    }
    values.update(fields)
    return EventSession(**values)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"end_date": datetime.date(2026, 5, 3)}, "end_date"),
        ({"end_time": datetime.time(13, 0)}, "end_time"),
        ({"end_date": datetime.date(2026, 5, 4), "end_time": datetime.time(9, 0)}, "end_time"),
        ({"start_time": None, "end_time": datetime.time(9, 0)}, "start_time"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_invalid_sessions_are_rejected(db, fields, error_field):
    with pytest.raises(ValidationError) as error:
        session(**fields).full_clean(exclude=["page"])

    assert error_field in error.value.message_dict


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"end_time": datetime.time(15, 30)},
        {"end_date": datetime.date(2026, 5, 6)},
        {"end_date": datetime.date(2026, 5, 5), "end_time": datetime.time(9, 0)},
        {"start_time": None, "end_date": datetime.date(2026, 5, 6)},
    ],
)
def test_valid_sessions_pass(db, fields):
    session(**fields).full_clean(exclude=["page"])


def test_full_event_page_and_index_are_accessible(client, event_index, event_page):
    Embed.objects.create(
        url=YOUTUBE_URL,
        hash=get_embed_hash(YOUTUBE_URL),
        type="video",
        html='<iframe title="Archives webinar" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
    )
    event_page.recording_url = YOUTUBE_URL
    event_page.recording_file = document("webinar.mp4")
    event_page.captions_file = document("webinar.vtt", b"WEBVTT\n")
    event_page.slides = document("slides.pdf")
    event_page.registration_url = "https://example.org/register"
    event_page.speakers = [("speaker", {"name": "Ada Jensen", "role": "", "organisation": ""})]
    event_page.save_revision().publish()

    for url, params in (
        (event_page.url, {}),
        (event_index.url, {}),
        (event_index.url, {"when": "past"}),
    ):
        soup = parse(client.get(url, params))
        assert accessibility_problems(soup, language="en") == [], (url, params)
