"""Request bodies are refused by size before anything reads them, and form field counts are
Django's small default except in editors' admin requests (cms/core/request_limits.py)."""

import io
import threading

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from PIL import Image as PILImage

from cms.core.field_limit import field_limit_raised
from cms.standardpages.factories import StandardPageFactory
from cms.users.factories import UserFactory

URLENCODED = "application/x-www-form-urlencoded"
TWO_GB = 2 * 1024**3


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def read(self, size=-1):
        raise AssertionError("the body was read")

    readinto = read


def signup_fields() -> dict:
    return {
        "display_name": "Big Sender",
        "email": "big@example.org",
        "password1": "a long passphrase 42",
        "password2": "a long passphrase 42",
    }


@pytest.fixture
def editor(home_page):
    client = Client()
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.fixture
def member(home_page):
    """Signed in, but not allowed in the admin."""
    client = Client()
    client.force_login(UserFactory())
    return client


# Size ---------------------------------------------------------------------------------------


PUBLIC_PATHS = [
    "/en/accounts/signup/",
    "/en/accounts/login/",
    "/en/partners/my/organisations/new/",
    "/en/learning/quiz/attempts/1/submit/",
    "/en/no-such-page/",
    "/api/v2/pages/",
    # The admin's upload views, posted to by someone who is not allowed in the admin: the
    # CSRF check would parse (and spool) the body before the login redirect.
    "/admin/login/",
    "/admin/documents/add/",
    "/admin/images/multiple/add/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_an_anonymous_post_declaring_2_gb_is_refused_unread(home_page, path):
    response = Client().generic(
        "POST",
        path,
        b"x",
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(TWO_GB),
        **{"wsgi.input": Untouchable()},
    )

    assert response.status_code == 413


def test_a_member_who_may_not_use_the_admin_gets_the_public_limit_there(member):
    response = member.generic(
        "POST",
        "/admin/documents/add/",
        b"x",
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(TWO_GB),
        **{"wsgi.input": Untouchable()},
    )

    assert response.status_code == 413


def test_a_form_with_a_file_part_over_the_public_limit_never_reaches_the_view(
    home_page, mailoutbox
):
    big = SimpleUploadedFile("big.bin", b"\0" * (300 * 1024))
    body = encode_multipart(BOUNDARY, {**signup_fields(), "attachment": big})

    response = Client().generic("POST", "/en/accounts/signup/", body, MULTIPART_CONTENT)

    assert response.status_code == 413
    assert not get_user_model().objects.filter(email="big@example.org").exists()
    assert mailoutbox == []


def test_the_same_form_under_the_limit_is_handled(home_page, mailoutbox):
    body = encode_multipart(BOUNDARY, signup_fields())

    response = Client().generic("POST", "/en/accounts/signup/", body, MULTIPART_CONTENT)

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="big@example.org").exists()


def test_the_413_page_is_the_sites_error_page(home_page):
    response = Client().generic(
        "POST", "/de/accounts/login/", b"x" * (257 * 1024), content_type=URLENCODED
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "/static/css/site.css" in html
    assert "<h1>" in html


def test_the_public_limit_is_a_setting(home_page, settings):
    settings.PUBLIC_MAX_BODY_KB = 1
    body = "login=a%40example.org&password=" + "x" * 2048

    response = Client().generic("POST", "/en/accounts/login/", body, content_type=URLENCODED)

    assert response.status_code == 413


@pytest.mark.parametrize("value", ["abc", "-1"])
def test_a_malformed_content_length_is_a_bad_request(home_page, value):
    response = Client().generic(
        "POST",
        "/en/accounts/login/",
        b"x",
        content_type=URLENCODED,
        CONTENT_LENGTH=value,
        **{"wsgi.input": Untouchable()},
    )

    assert response.status_code == 400


# Bodies of unknown length (Transfer-Encoding: chunked) -----------------------------------------


def post_chunked(client, path, body: bytes, content_type: str):
    # No Content-Length: what a WSGI server hands on for a chunked request.
    return client.generic(
        "POST",
        path,
        b"",
        CONTENT_TYPE=content_type,
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body)},
    )


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("/en/accounts/login/", URLENCODED, b"login=a%40example.org&password=" + b"x" * 300_000),
        (
            "/en/accounts/signup/",
            MULTIPART_CONTENT,
            encode_multipart(
                BOUNDARY,
                {**signup_fields(), "f": SimpleUploadedFile("f.bin", b"\0" * 300_000)},
            ),
        ),
        ("/admin/documents/add/", MULTIPART_CONTENT, b"--" + b"x" * 400_000),
        ("/en/no-such-page/", "application/json", b"[" + b"0," * 200_000 + b"0]"),
    ],
)
def test_a_chunked_body_over_the_limit_is_refused(home_page, path, content_type, body):
    response = post_chunked(Client(), path, body, content_type)

    assert response.status_code == 413
    assert not get_user_model().objects.filter(email="big@example.org").exists()


def test_a_chunked_body_under_the_limit_is_parsed_like_any_other(home_page):
    body = encode_multipart(BOUNDARY, signup_fields())

    response = post_chunked(Client(), "/en/accounts/signup/", body, MULTIPART_CONTENT)

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="big@example.org").exists()


def test_an_editor_may_send_a_chunked_upload(editor):
    picture = noise_png(400)
    assert len(picture) > 256 * 1024  # over the public limit
    body = encode_multipart(
        BOUNDARY, {"title": "chunked", "file": SimpleUploadedFile("noise.png", picture)}
    )

    response = post_chunked(editor, "/admin/images/add/", body, MULTIPART_CONTENT)

    assert response.status_code == 302
    assert get_image_model().objects.filter(title="chunked").exists()


# The admin's own limits -----------------------------------------------------------------------


def pdf_of(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"0" * (size - 9)


def upload_document(client, size: int):
    return client.post(
        "/admin/documents/add/",
        {"title": f"doc-{size}", "file": SimpleUploadedFile(f"doc-{size}.pdf", pdf_of(size))},
    )


@pytest.fixture
def two_mb_documents(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 2 * 1024 * 1024


def test_a_document_within_document_max_upload_mb_is_stored(editor, two_mb_documents):
    response = upload_document(editor, 1536 * 1024)

    assert response.status_code == 302
    assert get_document_model().objects.filter(title=f"doc-{1536 * 1024}").exists()


def test_a_document_just_over_the_limit_gets_a_form_error(editor, two_mb_documents):
    # Within the room the request limit leaves for the rest of the form: Wagtail's field says no.
    response = upload_document(editor, 2560 * 1024)

    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not get_document_model().objects.exists()


def test_a_document_far_over_the_limit_is_refused_unread(editor, two_mb_documents):
    response = upload_document(editor, 4 * 1024 * 1024)

    assert response.status_code == 413
    assert not get_document_model().objects.exists()


def test_editors_default_document_limit_is_document_max_upload_mb(editor):
    limit = django_settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    response = editor.generic(
        "POST",
        "/admin/documents/multiple/add/",
        b"x",
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(limit + 2 * 1024 * 1024),
        **{"wsgi.input": Untouchable()},
    )

    assert response.status_code == 413


def test_other_admin_routes_take_admin_max_body_mb(editor, settings):
    settings.ADMIN_MAX_BODY_MB = 12
    over = editor.generic(
        "POST",
        "/admin/images/add/",
        b"x",
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(13 * 1024 * 1024),
        **{"wsgi.input": Untouchable()},
    )
    under = editor.post(
        "/admin/images/add/",
        {"title": "big", "file": SimpleUploadedFile("big.png", noise_png(400))},
    )

    assert over.status_code == 413
    assert under.status_code == 302


def noise_png(side: int) -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise((side, side), 80).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


# Number of fields ------------------------------------------------------------------------------


def many_fields(count: int) -> dict:
    return {"login": "a@example.org", "password": "x", **{f"f{n}": "1" for n in range(count)}}


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_public_form_with_1500_fields_is_a_bad_request(home_page, encoding):
    client = Client()
    if encoding == "multipart":
        response = client.post("/en/accounts/login/", many_fields(1500))
    else:
        body = "&".join(f"{key}={value}" for key, value in many_fields(1500).items())
        response = client.generic("POST", "/en/accounts/login/", body, content_type=URLENCODED)

    assert response.status_code == 400


def test_a_public_form_with_900_fields_is_handled(home_page):
    response = Client().post("/en/accounts/login/", many_fields(900))

    assert response.status_code == 200  # the login form again: wrong password


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_admin_login_keeps_the_small_field_limit(home_page, member, who):
    client = member if who == "member" else Client()

    response = client.post("/admin/login/", many_fields(1500))

    assert response.status_code == 400


def heading_blocks(count: int) -> list:
    return [("heading", {"text": f"Section {n}", "level": "h2"}) for n in range(count)]


def page_edit_form(page, blocks) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "body": streamfield(blocks),
            "keywords": "",
            "seo_title": "",
            "search_description": "",
            "listing_title": "",
            "listing_summary": page.listing_summary,
            "listing_image": "",
            "listing_image_url": "",
            "comments": inline_formset([]),
        }
    )


def test_an_editor_saves_a_page_of_5000_fields(editor, home_page):
    page = StandardPageFactory(parent=home_page, title="Long page", slug="long")
    data = page_edit_form(page, heading_blocks(1000))
    assert len(data) > 5000

    response = editor.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert response.status_code == 302, response.content[:500]
    page.refresh_from_db()
    assert len(page.get_latest_revision_as_object().body) == 1000


def test_the_raised_field_limit_stays_with_the_editors_request(editor, home_page):
    page = StandardPageFactory(parent=home_page, title="Long page", slug="long")
    editor.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_edit_form(page, heading_blocks(300)),
    )

    response = Client().post("/en/accounts/login/", many_fields(1500))

    assert response.status_code == 400
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000


def test_the_raised_field_limit_is_not_seen_by_other_threads():
    seen = []
    with field_limit_raised(5000):
        thread = threading.Thread(
            target=lambda: seen.append(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 0)
        )
        thread.start()
        thread.join()
        here = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 0

    assert seen == [1000]
    assert here == 5000
