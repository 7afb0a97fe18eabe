"""Module videos with byte ranges (browsers seek with 206 Partial Content) and captions as
WebVTT, served only for live modules."""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

import pytest

from courses.models import ModuleCaptions, ModulePage
from courses.services.transcripts import transcript_rebuild

VIDEO = bytes(range(256)) * 4  # 1024 bytes, every offset distinguishable


@pytest.fixture
def module(modules):
    module = modules[0]
    module.video_file = Document.objects.create(
        title="Recording", file=ContentFile(VIDEO, name="recording.mp4")
    )
    module.video_url = ""
    module.save()
    return module


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_player_gets_a_range_aware_url_for_uploaded_videos(module, modules):
    assert module.video_src == f"/en/learning/media/modules/{module.pk}/video/"
    assert module.video_mime_type == "video/mp4"
    assert modules[1].video_src == ""  # hosted elsewhere


def test_the_whole_file_is_served_and_ranges_are_advertised(client, module):
    response = client.get(module.video_src)

    assert response.status_code == 200
    assert body(response) == VIDEO
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Length"] == "1024"
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=1000-5000", 1000, 1023),  # clamped to the end of the file
        ("bytes=-5000", 0, 1023),
    ],
)
def test_a_range_is_answered_with_206_and_exactly_those_bytes(client, module, header, first, last):
    response = client.get(module.video_src, headers={"range": header})

    assert response.status_code == 206
    assert body(response) == VIDEO[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/1024"
    assert response["Content-Length"] == str(last - first + 1)


@pytest.mark.parametrize(
    "header", ["bytes=1024-", "bytes=2000-3000", "bytes=-0", "bytes=9-3", "bytes=x-"]
)
def test_unsatisfiable_ranges_get_416_with_the_size(client, module, header):
    response = client.get(module.video_src, headers={"range": header})

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize("header", ["items=0-10", "bytes=0-1,5-6"])
def test_ranges_the_view_does_not_serve_get_the_whole_file(client, module, header):
    response = client.get(module.video_src, headers={"range": header})

    assert response.status_code == 200
    assert body(response) == VIDEO


def test_a_stale_if_range_gets_the_whole_new_file(client, module):
    response = client.get(
        module.video_src, headers={"range": "bytes=0-9", "if-range": '"an-old-version"'}
    )

    assert response.status_code == 200
    assert response["Content-Length"] == "1024"


def test_a_matching_if_range_and_etag_are_honoured(client, module):
    etag = client.get(module.video_src)["ETag"]

    ranged = client.get(module.video_src, headers={"range": "bytes=0-9", "if-range": etag})
    cached = client.get(module.video_src, headers={"if-none-match": etag})

    assert ranged.status_code == 206
    assert cached.status_code == 304


def test_head_answers_the_headers_only(client, module):
    response = client.head(module.video_src, headers={"range": "bytes=10-19"})

    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    assert body(response) == b""


def test_writes_are_not_allowed(client, module):
    assert client.post(module.video_src).status_code == 405


def test_only_live_modules_with_a_file_serve_video(client, module, modules):
    url = module.video_src
    module.unpublish()

    assert client.get(url).status_code == 404
    assert client.get(f"/en/learning/media/modules/{modules[1].pk}/video/").status_code == 404
    assert client.get("/en/learning/media/modules/999999/video/").status_code == 404
    # Pages that are not modules (the course) have no video to serve.
    course_id = module.get_parent().pk
    assert client.get(f"/en/learning/media/modules/{course_id}/video/").status_code == 404


def test_private_modules_serve_their_video_only_to_those_allowed(client, module, user):
    restriction = PageViewRestriction.objects.create(
        page=module, restriction_type=PageViewRestriction.GROUPS
    )
    group = Group.objects.create(name="Course staff")
    restriction.groups.add(group)

    client.force_login(user)
    denied = client.get(module.video_src)
    user.groups.add(group)
    allowed = client.get(module.video_src)

    assert denied.status_code == 404
    assert allowed.status_code == 200
    assert allowed["Cache-Control"].startswith("private")


# Captions


@pytest.fixture
def captioned(module):
    srt = (
        b"1\n00:00:01,000 --> 00:00:02,500\nSalt & <b>light</b>\n\n"
        b"2\n00:01:05,250 --> 01:00:00,000\nBye\n"
    )
    ModuleCaptions.objects.create(
        page=module,
        language="da",
        file=Document.objects.create(title="da", file=ContentFile(srt, name="da.srt")),
    )
    transcript_rebuild(module=module)
    return ModulePage.objects.get(pk=module.pk)


def test_subrip_captions_are_served_as_webvtt_for_the_track(client, captioned):
    response = client.get(captioned.captions_src("da"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode() == (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.500\nSalt &amp; light\n\n"
        "00:01:05.250 --> 01:00:00.000\nBye\n"
    )


def test_captions_of_missing_languages_and_unpublished_modules_answer_404(client, captioned):
    assert client.get(captioned.captions_src("de")).status_code == 404
    captioned.unpublish()
    assert client.get(captioned.captions_src("da")).status_code == 404
