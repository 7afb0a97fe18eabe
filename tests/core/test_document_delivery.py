"""Documents that Python does not send: on S3 Wagtail's document view redirects to a short-lived
signed URL, on disk it hands the file to nginx (X-Accel-Redirect) or Apache (X-Sendfile); both
only after Wagtail's check of the collection's view restrictions."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents.models import Document, document_served
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from tests.s3 import fetch, s3_media_storage

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4
CSV = b"name,place\n" + b"Anna,Roma\n" * 100

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.WAGTAILDOCS_SERVE_METHOD, settings.SENDFILE_BACKEND)"
)


@pytest.fixture
def s3(settings, db):
    with s3_media_storage(settings) as server:
        yield server


@pytest.fixture
def on_disk(settings, tmp_path, db):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def private_collection(db):
    """A collection only members of "Board" may read documents of."""
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    group = Group.objects.create(name="Board")
    restriction.groups.add(group)
    return collection


def document(name: str, content: bytes, **fields) -> Document:
    return Document.objects.create(title=name, file=ContentFile(content, name=name), **fields)


def object_key(doc: Document) -> str:
    return f"media/{doc.file.name}"


def test_links_point_at_the_site_and_the_site_redirects_to_a_signed_url(client, s3):
    doc = document("minutes.pdf", PDF)
    s3.wait_for("PUT", key=object_key(doc))
    before = len(s3.requests_for(object_key(doc)))
    served = []

    def receiver(instance, **kwargs):
        served.append(instance)

    document_served.connect(receiver)
    try:
        response = client.get(doc.url, headers={"range": "bytes=0-99"})
    finally:
        document_served.disconnect(receiver)

    # The link goes through Wagtail's view (and its checks), never straight to the bucket.
    assert doc.url == f"/documents/{doc.pk}/minutes.pdf"
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3.endpoint_url}/{s3.bucket}/{object_key(doc)}?")
    assert response["Cache-Control"] == "private, no-store"
    assert served == [doc]
    status, headers, body = fetch(location, headers={"Range": "bytes=0-99"})
    assert status == 206
    assert body == PDF[:100]
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == "inline"  # PDFs open in the browser, as before
    s3.wait_for("GET", key=object_key(doc))
    assert [(m, s) for m, _, s in s3.requests_for(object_key(doc))[before:]] == [("GET", 206)]


def test_downloads_keep_their_name_and_attachment_disposition_from_s3(client, s3):
    doc = document("visitors.csv", CSV)

    status, headers, body = fetch(client.get(doc.url)["Location"])

    assert status == 200
    assert body == CSV
    assert headers["Content-Disposition"] == (
        "attachment; filename=visitors.csv; filename*=UTF-8''visitors.csv"
    )


def test_a_private_document_gives_no_signed_url_to_visitors_outside_its_collection(
    client, s3, private_collection, user
):
    doc = document("budget.pdf", PDF, collection=private_collection)

    anonymous = client.get(doc.url)
    client.force_login(user)
    outsider = client.get(doc.url)
    user.groups.add(Group.objects.get(name="Board"))
    member = client.get(doc.url)

    for response in (anonymous, outsider):
        # Wagtail sends them to log in; nothing in the answer leads to the bucket.
        assert response.status_code == 302
        assert not response["Location"].startswith(s3.endpoint_url)
        assert "/login/" in response["Location"]
    assert member.status_code == 302
    assert member["Location"].startswith(s3.endpoint_url)
    assert member["Cache-Control"] == "private, no-store"


def test_a_password_protected_document_asks_for_the_password_first(client, s3):
    collection = Collection.get_first_root_node().add_child(name="Press")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="embargo",
    )
    doc = document("release.pdf", PDF, collection=collection)

    response = client.get(doc.url)

    assert response.status_code == 200
    assert s3.endpoint_url not in response.content.decode()


def test_on_disk_nginx_sends_documents_through_its_internal_location(client, settings, on_disk):
    settings.MEDIA_SENDFILE = "x-accel-redirect"
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media"
    doc = document("visitors.csv", CSV)

    response = client.get(doc.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{doc.file.name}"
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="visitors.csv"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b""


def test_on_disk_apache_gets_the_path_by_x_sendfile(client, settings, on_disk):
    settings.MEDIA_SENDFILE = "x-sendfile"
    doc = document("visitors.csv", CSV)

    response = client.get(doc.url)

    assert response["X-Sendfile"] == doc.file.path
    assert response.content == b""


def test_on_disk_private_documents_are_checked_before_nginx_is_told(
    client, settings, on_disk, private_collection
):
    settings.MEDIA_SENDFILE = "x-accel-redirect"
    doc = document("budget.pdf", PDF, collection=private_collection)

    response = client.get(doc.url)

    assert response.status_code == 302
    assert "X-Accel-Redirect" not in response


def test_on_disk_without_a_web_server_setting_wagtail_streams_the_document(client, on_disk):
    doc = document("visitors.csv", CSV)

    response = client.get(doc.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CSV
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize(("storage", "method"), [("filesystem", "serve_view"), ("s3", "redirect")])
def test_document_links_always_lead_through_wagtails_checks(storage, method):
    # "direct" would link straight to the storage and skip the collections' view restrictions.
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.base",
        "MEDIA_STORAGE": storage,
        "MEDIA_S3_BUCKET": "media",
    }
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.split() == [method, "cms.core.media_delivery"]
