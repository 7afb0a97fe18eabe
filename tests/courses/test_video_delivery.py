"""Module recordings that Python does not send: on S3 a redirect to a short-lived signed URL (S3
answers the ranges), on disk an X-Accel-Redirect or X-Sendfile for the web server; both only
after the module's and the document's view restrictions."""

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

import pytest

from tests.s3 import fetch, s3_media_storage

VIDEO = bytes(range(256)) * 4  # 1024 bytes, every offset distinguishable


@pytest.fixture
def s3(settings):
    with s3_media_storage(settings) as server:
        yield server


def _attach_recording(module):
    module.video_file = Document.objects.create(
        title="Recording", file=ContentFile(VIDEO, name="recording.mp4")
    )
    module.video_url = ""
    module.save()
    return module


@pytest.fixture
def module_on_s3(s3, modules):
    module = _attach_recording(modules[0])
    s3.wait_for("PUT", key=object_key(module))  # the upload is in the log
    return module


@pytest.fixture
def module_on_disk(settings, tmp_path, modules):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return _attach_recording(modules[0])


def object_key(module) -> str:
    return f"media/{module.video_file.file.name}"


def expires_in(url: str) -> float:
    """Seconds until a signed URL expires (query-string signatures of version 2 or 4)."""
    query = parse_qs(urlsplit(url).query)
    if "X-Amz-Expires" in query:
        return int(query["X-Amz-Expires"][0])
    return int(query["Expires"][0]) - time.time()


def test_a_recording_on_s3_is_a_redirect_to_a_signed_url_and_s3_answers_the_range(
    client, module_on_s3, s3
):
    key = object_key(module_on_s3)
    before = len(s3.requests_for(key))

    response = client.get(module_on_s3.video_src, headers={"range": "bytes=0-99"})

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3.endpoint_url}/{s3.bucket}/{key}?")
    assert response["Cache-Control"] == "private, no-store"
    assert 290 < expires_in(location) <= 300  # MEDIA_S3_URL_EXPIRY, not the storage's hour
    # What the browser does next: the same range, from S3.
    status, headers, body = fetch(location, headers={"Range": "bytes=0-99"})
    assert status == 206
    assert body == VIDEO[:100]
    assert headers["Content-Range"] == "bytes 0-99/1024"
    assert headers["Content-Type"] == "video/mp4"
    # Since the upload, the object's only request is the browser's ranged GET: the site neither
    # downloaded the recording nor asked S3 anything about it.
    s3.wait_for("GET", key=key)
    assert [(method, status) for method, _, status in s3.requests_for(key)[before:]] == [
        ("GET", 206)
    ]


def test_a_head_request_gets_a_url_signed_for_head(client, module_on_s3):
    response = client.head(module_on_s3.video_src)

    assert response.status_code == 302
    status, headers, _ = fetch(response["Location"], method="HEAD")
    assert status == 200
    assert headers["Content-Length"] == "1024"


def test_a_private_course_gives_no_signed_url_to_visitors_outside_it(
    client, module_on_s3, course, user
):
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    group = Group.objects.create(name="Course staff")
    restriction.groups.add(group)

    anonymous = client.get(module_on_s3.video_src)
    client.force_login(user)
    outsider = client.get(module_on_s3.video_src)
    user.groups.add(group)
    member = client.get(module_on_s3.video_src)

    for response in (anonymous, outsider):
        assert response.status_code == 404
        assert "Location" not in response
        assert b"Signature" not in response.content
    assert member.status_code == 302
    assert member["Cache-Control"] == "private, no-store"


def test_a_login_only_course_gives_no_signed_url_to_anonymous_visitors(
    client, module_on_s3, course, user
):
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(module_on_s3.video_src).status_code == 404
    client.force_login(user)
    assert client.get(module_on_s3.video_src).status_code == 302


def test_on_disk_nginx_sends_the_recording_through_its_internal_location(
    client, settings, module_on_disk
):
    settings.MEDIA_SENDFILE = "x-accel-redirect"
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"

    response = client.get(module_on_disk.video_src, headers={"range": "bytes=0-99"})

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        f"/protected-media/{module_on_disk.video_file.file.name}"
    )
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response.content == b""  # nginx reads the file and answers the range


def test_on_disk_names_are_escaped_for_nginx(client, settings, modules, module_on_disk):
    settings.MEDIA_SENDFILE = "x-accel-redirect"
    module = modules[1]
    module.video_file = Document.objects.create(
        title="Aufnahme", file=ContentFile(VIDEO, name="Führung im Saal.mp4")
    )
    module.save()

    response = client.get(module.video_src)

    assert response["X-Accel-Redirect"] == "/protected-media/documents/F%C3%BChrung_im_Saal.mp4"


def test_on_disk_apache_gets_the_path_by_x_sendfile(client, settings, module_on_disk):
    settings.MEDIA_SENDFILE = "x-sendfile"

    response = client.get(module_on_disk.video_src)

    assert Path(response["X-Sendfile"]) == Path(module_on_disk.video_file.file.path)
    assert response.content == b""


def test_restrictions_apply_before_the_web_server_is_told_anything(
    client, settings, module_on_disk, course
):
    settings.MEDIA_SENDFILE = "x-accel-redirect"
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(module_on_disk.video_src)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_on_disk_without_a_web_server_setting_the_site_streams_the_range(client, module_on_disk):
    response = client.get(module_on_disk.video_src, headers={"range": "bytes=100-199"})

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == VIDEO[100:200]
    assert "X-Accel-Redirect" not in response
