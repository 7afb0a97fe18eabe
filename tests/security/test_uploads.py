"""Uploads: size limits, allowed types, SVG with script; no EXIF/GPS metadata stored or served."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import Image as PILImage

from cms.importer.assets import AssetFetcher
from cms.users.factories import UserFactory

from .image_paths import three_frame_gif

SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(orientation: int = 1) -> bytes:
    image = PILImage.new("RGB", (64, 48), "teal")
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Secret Camera App"  # Software
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 40.0, 30.0), 3: "E", 4: (12.0, 34.0, 56.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"Secret comment")
    return buffer.getvalue()


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Location", "Secret Garden 12, Aarhus")
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG", pnginfo=text)
    return buffer.getvalue()


def webp_with_exif_and_xmp() -> bytes:
    exif = PILImage.Exif()
    exif[0x0131] = "Secret Camera App"
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "navy").save(
        buffer, "WEBP", exif=exif, xmp=b"<x:xmpmeta>Secret place</x:xmpmeta>"
    )
    return buffer.getvalue()


def animated_gif_with_comment() -> bytes:
    return three_frame_gif(size=(10, 10), comment=b"Secret comment")


def multi_picture_jpeg() -> bytes:
    # What some phones save: a JPEG with a second picture (a depth map, say) after it.
    exif = PILImage.Exif()
    exif[0x0131] = "Secret Camera App"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 40.0, 30.0)})
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "olive").save(
        buffer, "MPO", save_all=True, append_images=[PILImage.new("RGB", (20, 10))], exif=exif
    )
    return buffer.getvalue()


def assert_no_metadata(data: bytes) -> PILImage.Image:
    picture = PILImage.open(io.BytesIO(data))
    exif = picture.getexif()
    assert not exif.get_ifd(GPS_IFD), "GPS position kept"
    assert not len(exif), f"EXIF kept: {dict(exif)}"
    assert b"Secret" not in data, "device, comment or text chunk kept"
    return picture


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_client(home_page):
    client = Client()
    client.force_login(UserFactory(superuser=True))
    return client


def upload_image(client, name, content, content_type="image/jpeg"):
    return client.post(
        "/admin/images/add/",
        {"title": name, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def upload_document(client, name, content, content_type="application/octet-stream"):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_valid_image_is_accepted(editor_client):
    # The control case: the refusals below come from the checks, not from a broken form.
    response = upload_image(editor_client, "ok.png", png_bytes(), "image/png")

    assert response.status_code == 302
    assert get_image_model().objects.filter(title="ok.png").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("drawing.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        ("page.html", b"<script>alert(1)</script>", "text/html"),
        ("tool.exe", b"MZ\x90\x00" + b"\x00" * 100, "application/octet-stream"),
        # The right extension on content that is not an image.
        ("fake.png", b"<script>alert(1)</script>", "image/png"),
        ("fake.jpg", SVG_WITH_SCRIPT, "image/jpeg"),
    ],
)
def test_images_of_the_wrong_type_are_refused(editor_client, name, content, content_type):
    response = upload_image(editor_client, name, content, content_type)

    assert response.status_code == 200  # the form again, with its error
    assert not get_image_model().objects.filter(title=name).exists()


def test_an_oversized_image_is_refused(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    content = jpeg_with_gps() + b"\x00" * 2048

    response = upload_image(editor_client, "big.jpg", content)

    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="big.jpg").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", SVG_WITH_SCRIPT),
        ("page.html", b"<script>alert(1)</script>"),
        ("page.htm", b"<script>alert(1)</script>"),
        ("tool.exe", b"MZ"),
        ("script.js", b"alert(1)"),
    ],
)
def test_documents_of_dangerous_types_are_refused(editor_client, name, content):
    response = upload_document(editor_client, name, content)

    assert response.status_code == 200
    assert not get_document_model().objects.filter(title=name).exists()


def test_an_oversized_document_is_refused(editor_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024

    response = upload_document(editor_client, "big.pdf", b"%PDF-1.4\n" + b"0" * 4096)

    assert response.status_code == 200
    assert not get_document_model().objects.filter(title="big.pdf").exists()


def test_an_allowed_document_is_accepted(editor_client):
    response = upload_document(editor_client, "notes.txt", b"plain notes", "text/plain")

    assert response.status_code == 302


@pytest.mark.parametrize("spec", ["fill-32x32", "width-40", "max-60x60|format-jpeg", "format-webp"])
def test_served_renditions_carry_no_exif_or_gps(db, spec):
    # An original stored before uploads were cleaned still has its EXIF block.
    image = get_image_model()(
        title="holiday.jpg", file=ImageFile(io.BytesIO(jpeg_with_gps()), name="holiday.jpg")
    )
    image._set_image_file_metadata()
    image.save()
    with image.open_file() as original:
        assert PILImage.open(original).getexif().get_ifd(GPS_IFD), "fixture lost its GPS"

    rendition = image.get_rendition(spec)

    with rendition.file.open("rb") as served:
        data = served.read()
    exif = PILImage.open(io.BytesIO(data)).getexif()
    assert not exif.get_ifd(GPS_IFD), "GPS position served"
    assert 0x0131 not in exif and 0x010F not in exif, "device metadata served"
    assert b"Secret Camera App" not in data


def stored_original(image) -> bytes:
    with image.open_file() as original:
        return original.read()


def test_uploaded_originals_keep_no_exif_gps_or_comment(editor_client):
    assert upload_image(editor_client, "holiday.jpg", jpeg_with_gps()).status_code == 302
    image = get_image_model().objects.get(title="holiday.jpg")

    data = stored_original(image)

    picture = assert_no_metadata(data)
    assert picture.format == "JPEG" and picture.size == (64, 48)
    assert image.file_size == len(data)  # the recorded size and hash are the clean file's
    assert_no_metadata(image.get_rendition("width-40").file.read())


def test_a_rotated_photo_is_stored_upright_without_its_orientation_tag(editor_client):
    # Orientation 6: the camera was held upright, the pixels are stored on their side.
    upload_image(editor_client, "portrait.jpg", jpeg_with_gps(orientation=6))
    image = get_image_model().objects.get(title="portrait.jpg")

    picture = assert_no_metadata(stored_original(image))

    assert picture.size == (48, 64)
    assert (image.width, image.height) == (48, 64)


def test_png_text_chunks_are_dropped(editor_client):
    upload_image(editor_client, "map.png", png_with_text(), "image/png")
    image = get_image_model().objects.get(title="map.png")

    assert assert_no_metadata(stored_original(image)).format == "PNG"


@pytest.mark.parametrize(
    ("name", "content", "content_type", "image_format", "frames"),
    [
        ("photo.webp", webp_with_exif_and_xmp(), "image/webp", "WEBP", 1),
        ("moving.gif", animated_gif_with_comment(), "image/gif", "GIF", 3),
        ("phone.jpg", multi_picture_jpeg(), "image/jpeg", "JPEG", 1),
    ],
)
def test_other_formats_lose_metadata_and_keep_format_and_frames(
    editor_client, name, content, content_type, image_format, frames
):
    upload_image(editor_client, name, content, content_type)

    picture = assert_no_metadata(stored_original(get_image_model().objects.get(title=name)))

    assert picture.format == image_format
    assert getattr(picture, "n_frames", 1) == frames


def test_the_multiple_uploader_strips_metadata_too(editor_client):
    response = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("phone.jpg", jpeg_with_gps(), content_type="image/jpeg")},
    )

    assert response.json()["success"]
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    assert_no_metadata(stored_original(image))


def test_an_upload_completed_in_a_second_step_is_stripped(editor_client):
    # An upload whose other fields fail validation (here an empty title) is stored as it came,
    # and becomes an image when the editor completes the form.
    first = editor_client.post(
        "/admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile("later.jpg", jpeg_with_gps(), content_type="image/jpeg"),
            "title": "",
        },
    ).json()
    assert "uploaded_file_id" in first, first
    upload_id = first["uploaded_file_id"]
    prefix = f"uploaded-image-{upload_id}"

    second = editor_client.post(
        f"/admin/images/multiple/create_from_uploaded_image/{upload_id}/",
        {f"{prefix}-title": "Later", f"{prefix}-collection": Collection.get_first_root_node().pk},
    ).json()

    assert second["success"], second
    image = get_image_model().objects.get(pk=second["image_id"])
    data = stored_original(image)
    assert_no_metadata(data)
    assert image.file_size == len(data)


def test_an_image_without_metadata_is_stored_unchanged(editor_client):
    content = png_bytes()

    upload_image(editor_client, "plain.png", content, "image/png")

    assert stored_original(get_image_model().objects.get(title="plain.png")) == content


@pytest.fixture
def photo_server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            content = jpeg_with_gps()
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_images_fetched_by_the_importer_keep_no_metadata(photo_server):
    warnings = []

    image_id = AssetFetcher(enabled=True).image(
        f"{photo_server}/photo.jpg", title="Fetched photo", warnings=warnings
    )

    assert warnings == []
    assert_no_metadata(stored_original(get_image_model().objects.get(pk=image_id)))
