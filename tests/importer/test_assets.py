"""Copying an imported hub's pictures and files: checks, de-duplication, collections, asset maps.

Every test talks to a real HTTP server on 127.0.0.1 (or to local folders), never the internet.
"""

import contextlib
import io
import socket
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import Image as PILImage

from cms.importer.assets import AssetFetcher, parse_asset_map
from cms.importer.models import ImportedAsset

pytestmark = pytest.mark.django_db

UUID = "0c3a3a6e-1f2b-4c5d-9e8f-0123456789ab"
OTHER_UUID = "7d1e2f3a-4b5c-4d6e-8f90-abcdef012345"
HTML = b"<!DOCTYPE html>\n<html><body>Not found</body></html>"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
GPS_IFD = 0x8825

Image = get_image_model()
Document = get_document_model()


def picture(size=(4, 3), image_format="PNG", **options) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, format=image_format, **options)
    return buffer.getvalue()


def animated_gif(size=(8, 8), frames=4) -> bytes:
    buffer = io.BytesIO()
    colours = ["red", "green", "blue", "white", "black"][:frames]
    pictures = [PILImage.new("RGB", size, colour) for colour in colours]
    pictures[0].save(buffer, format="GIF", save_all=True, append_images=pictures[1:])
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 40.0, 30.0), 3: "E", 4: (12.0, 34.0, 56.0)})
    return picture((16, 12), "JPEG", exif=exif)


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<document/>")
    return buffer.getvalue()


class Response:
    """What the test server answers for one path."""

    def __init__(self, body=b"", content_type="application/octet-stream", *, status=200, **opts):
        self.body = body
        self.content_type = content_type
        self.status = status
        self.headers = opts.get("headers", {})
        self.length = opts.get("length", len(body))  # None: no Content-Length (read to close)
        self.delay = opts.get("delay", 0)  # seconds before answering
        self.drip = opts.get("drip", 0)  # seconds between bytes of the body

    def send(self, handler):
        time.sleep(self.delay)
        handler.send_response(self.status)
        handler.send_header("Content-Type", self.content_type)
        if self.length is not None:
            handler.send_header("Content-Length", str(self.length))
        for name, value in self.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if not self.drip:
            handler.wfile.write(self.body)
            return
        for byte in self.body:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(self.drip)


@pytest.fixture
def server():
    """A local HTTP server: ``server.routes[path] = Response(...)``; ``server.seen`` lists paths."""
    routes: dict[str, Response] = {}
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            if self.path not in routes:
                self.send_error(404)
                return
            # The fetcher may hang up on purpose (too large, too slow).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                routes[self.path].send(self)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.routes = routes
    httpd.seen = seen
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def fetch(fetcher, kind, url):
    """(id or None, warnings) for one asset."""
    warnings = []
    asset_id = getattr(fetcher, kind)(url, title="An item", warnings=warnings)
    return asset_id, warnings


def online(**options):
    return AssetFetcher(enabled=True, **options)


# Fetching over the network --------------------------------------------------------------------


def test_a_cdn_picture_is_stored_once_named_by_its_id_with_the_extension_of_its_bytes(server):
    server.routes[f"/{UUID}/"] = Response(picture(), "image/png")
    url = f"{server.base}/{UUID}/"

    first, warnings = fetch(online(), "image", url)
    again, _ = fetch(online(), "image", url)  # a later run

    assert warnings == []
    assert first == again
    image = Image.objects.get()
    assert image.width == 4 and image.height == 3
    assert image.file.name.rsplit("/", 1)[-1].startswith(UUID)
    assert image.file.name.endswith(".png")
    assert image.title == "An item"
    assert server.seen == [f"/{UUID}/"]
    assert ImportedAsset.objects.get(url=url).content_hash


def test_uploadcare_transformations_are_left_out_of_the_file_name(server):
    path = f"/{UUID}/-/crop/238x221/30,40/-/preview/"
    server.routes[path] = Response(picture(image_format="JPEG"), "image/jpeg")

    image_id, warnings = fetch(online(), "image", server.base + path)

    assert warnings == []
    name = Image.objects.get(pk=image_id).file.name.rsplit("/", 1)[-1]
    assert name.startswith(UUID) and name.endswith(".jpg")
    assert "crop" not in name and "preview" not in name


@pytest.mark.parametrize(
    ("disposition", "expected"),
    [
        ('inline; filename="chart.jpeg"', "chart"),  # the extension follows the bytes (PNG)
        ("attachment; filename*=UTF-8''Diagramm%20%C3%BCber.png", "Diagramm_uber"),
        ('attachment; filename="..\\\\..\\\\evil.png"', "evil"),
    ],
)
def test_content_disposition_names_the_file(server, disposition, expected):
    server.routes[f"/{UUID}/"] = Response(
        picture(), "image/png", headers={"Content-Disposition": disposition}
    )

    image_id, warnings = fetch(online(), "image", f"{server.base}/{UUID}/")

    assert warnings == []
    name = Image.objects.get(pk=image_id).file.name.rsplit("/", 1)[-1]
    assert name.startswith(expected) and name.endswith(".png")
    assert ".." not in name


def test_a_pdf_is_recognised_by_its_bytes_whatever_the_server_calls_it(server):
    server.routes["/bppdf/Report%20one"] = Response(PDF, "application/octet-stream")

    document_id, warnings = fetch(online(), "document", f"{server.base}/bppdf/Report%20one")

    assert warnings == []
    document = Document.objects.get(pk=document_id)
    assert document.file.name.endswith("Report_one.pdf")
    assert document.file.read() == PDF
    assert document.file_size == len(PDF) and document.file_hash


@pytest.mark.parametrize(
    ("body", "extension"),
    [
        (office_file("word/"), ".docx"),
        (office_file("ppt/"), ".pptx"),
        (office_file("xl/"), ".xlsx"),
        (office_file("other/"), ".zip"),
    ],
)
def test_zip_based_files_are_told_apart_by_their_parts(server, body, extension):
    server.routes["/files/slides"] = Response(body, "application/octet-stream")

    document_id, warnings = fetch(online(), "document", f"{server.base}/files/slides")

    assert warnings == []
    assert Document.objects.get(pk=document_id).file.name.endswith(f"slides{extension}")


def test_text_files_are_accepted_only_where_they_are_said_to_be_text(server):
    server.routes["/notes"] = Response(b"a,b\n1,2\n", "text/csv")
    server.routes["/error.pdf"] = Response(b"Not found", "text/plain")
    fetcher = online()

    csv_id, csv_warnings = fetch(fetcher, "document", f"{server.base}/notes")
    pdf_id, pdf_warnings = fetch(fetcher, "document", f"{server.base}/error.pdf")

    assert csv_warnings == []
    assert Document.objects.get(pk=csv_id).file.name.endswith("notes.csv")
    assert pdf_id is None
    assert pdf_warnings == [
        f"asset not fetched (not a document by its content): {server.base}/error.pdf"
    ]


@pytest.mark.parametrize(
    ("kind", "content_type", "reason"),
    [
        ("image", "image/png", "an HTML page, not an image"),
        ("document", "application/pdf", "an HTML page, not a document"),
    ],
)
def test_an_html_page_served_as_an_image_or_pdf_is_refused(server, kind, content_type, reason):
    server.routes["/thumb.png"] = Response(HTML, content_type)
    url = f"{server.base}/thumb.png"

    asset_id, warnings = fetch(online(), kind, url)

    assert asset_id is None
    assert warnings == [f"asset not fetched ({reason}): {url}"]
    assert Image.objects.count() == Document.objects.count() == ImportedAsset.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "body", "reason"),
    [
        ("image", b"\x00\x01garbage" * 10, "not an image by its content"),
        ("image", picture((40, 40))[:60], "not an image by its content"),  # truncated
        ("image", picture(image_format="BMP"), "unsupported image format BMP"),
        ("image", PDF, "not an image by its content"),
        ("document", b"\x00\x01garbage" * 10, "not a document by its content"),
        ("document", picture(), "not a document by its content"),
        ("document", b"PK\x03\x04 not really a zip", "not a document by its content"),
    ],
)
def test_bytes_of_the_wrong_kind_are_refused_whatever_the_header(server, kind, body, reason):
    content_type = "image/png" if kind == "image" else "application/pdf"
    server.routes["/asset"] = Response(body, content_type)

    asset_id, warnings = fetch(online(), kind, f"{server.base}/asset")

    assert asset_id is None
    assert warnings == [f"asset not fetched ({reason}): {server.base}/asset"]


def test_images_pass_the_checks_of_an_upload(server, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    server.routes["/big.png"] = Response(picture((20, 20)), "image/png")  # 400 pixels
    # 64 pixels a frame, 256 in all: an animation counts every frame.
    server.routes["/animated.gif"] = Response(animated_gif(), "image/gif")
    server.routes["/small.png"] = Response(picture((10, 10)), "image/png")
    fetcher = online()

    assert fetch(fetcher, "image", f"{server.base}/big.png") == (
        None,
        [f"asset not fetched (too many pixels): {server.base}/big.png"],
    )
    assert fetch(fetcher, "image", f"{server.base}/animated.gif") == (
        None,
        [f"asset not fetched (too many pixels): {server.base}/animated.gif"],
    )
    assert fetch(fetcher, "image", f"{server.base}/small.png")[0] is not None


def test_a_fetched_photo_loses_its_metadata(server):
    server.routes["/photo"] = Response(jpeg_with_gps(), "image/jpeg")

    image_id, warnings = fetch(online(), "image", f"{server.base}/photo")

    assert warnings == []
    image = Image.objects.get(pk=image_id)
    with image.open_file() as stored, PILImage.open(stored) as stored_picture:
        assert len(stored_picture.getexif()) == 0
        assert "exif" not in stored_picture.info


def test_size_limits_apply_to_the_declared_and_to_the_streamed_length(server, settings):
    body = picture((64, 64))
    server.routes["/declared.png"] = Response(body, "image/png")
    # Says nothing of its length: the body runs until the connection closes.
    server.routes["/streamed.png"] = Response(body * 4, "image/png", length=None)
    # Says it is small and sends more.
    server.routes["/lying.pdf"] = Response(PDF + b"x" * 4000, "application/pdf", length=None)
    fetcher = online(max_bytes=len(body) - 1)

    for path, kind in [("/declared.png", "image"), ("/streamed.png", "image")]:
        url = server.base + path
        assert fetch(fetcher, kind, url) == (None, [f"asset not fetched (too large): {url}"])
    url = f"{server.base}/lying.pdf"
    assert fetch(fetcher, "document", url) == (None, [f"asset not fetched (too large): {url}"])
    # Wagtail's own upload limit for images applies as well.
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10
    url = f"{server.base}/declared.png"
    assert fetch(online(), "image", url) == (None, [f"asset not fetched (too large): {url}"])


def test_a_slow_server_times_out(server):
    server.routes["/late.png"] = Response(picture(), "image/png", delay=2)
    server.routes["/drip.pdf"] = Response(PDF, "application/pdf", drip=0.05)
    fetcher = online(timeout=0.3, deadline=0.5)

    for path, kind in [("/late.png", "image"), ("/drip.pdf", "document")]:
        url = server.base + path
        started = time.monotonic()
        assert fetch(fetcher, kind, url) == (None, [f"asset not fetched (timeout): {url}"])
        assert time.monotonic() - started < 1.5


def test_an_unreachable_host_and_http_errors_are_reported(server):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/x.png"
    server.routes["/gone.pdf"] = Response(b"Gone", "text/plain", status=410)
    fetcher = online()

    assert fetch(fetcher, "image", closed) == (None, [f"asset not fetched (unreachable): {closed}"])
    assert fetch(fetcher, "document", f"{server.base}/missing.pdf") == (
        None,
        [f"asset not fetched (HTTP 404): {server.base}/missing.pdf"],
    )
    assert fetch(fetcher, "document", f"{server.base}/gone.pdf") == (
        None,
        [f"asset not fetched (HTTP 410): {server.base}/gone.pdf"],
    )
    assert fetch(fetcher, "image", "ftp://example.org/x.png") == (
        None,
        ["asset not fetched (not a web address): ftp://example.org/x.png"],
    )


def test_redirects_are_followed_only_to_web_addresses(server):
    server.routes["/thumb.png"] = Response(picture(), "image/png")
    server.routes["/moved"] = Response(status=302, headers={"Location": "/thumb.png"})
    server.routes["/to-file"] = Response(status=302, headers={"Location": "file:///etc/passwd"})
    server.routes["/loop"] = Response(status=301, headers={"Location": "/loop"})
    fetcher = online()

    image_id, warnings = fetch(fetcher, "image", f"{server.base}/moved")
    assert warnings == [] and image_id == Image.objects.get().pk
    assert fetch(fetcher, "document", f"{server.base}/to-file") == (
        None,
        [f"asset not fetched (redirected to a non-web address): {server.base}/to-file"],
    )
    assert fetch(fetcher, "image", f"{server.base}/loop") == (
        None,
        [f"asset not fetched (too many redirects): {server.base}/loop"],
    )


def test_a_failed_url_is_tried_once_per_run_and_warned_about_once_per_item(server):
    url = f"{server.base}/missing.png"
    fetcher = online()
    first_item, second_item = [], []

    fetcher.image(url, title="", warnings=first_item)
    fetcher.image(url, title="", warnings=first_item)  # thumbnail and body picture
    fetcher.image(url, title="", warnings=second_item)

    assert first_item == second_item == [f"asset not fetched (HTTP 404): {url}"]
    assert server.seen == ["/missing.png"]


def test_a_url_stored_as_one_kind_is_not_fetched_again_as_the_other(server):
    server.routes["/doc.pdf"] = Response(PDF, "application/pdf")
    url = f"{server.base}/doc.pdf"
    fetcher = online()
    fetch(fetcher, "document", url)

    assert fetch(fetcher, "image", url) == (
        None,
        [f"asset not fetched (not an image by its content): {url}"],
    )
    assert server.seen == ["/doc.pdf"]


# De-duplication --------------------------------------------------------------------------------


def test_the_same_bytes_at_two_urls_are_stored_once(server):
    server.routes[f"/{UUID}/"] = Response(picture(), "image/png")
    server.routes[f"/{OTHER_UUID}/-/preview/"] = Response(picture(), "image/png")
    server.routes["/bppdf/a.pdf"] = Response(PDF, "application/pdf")
    server.routes["/files/copy-of-a.pdf"] = Response(PDF, "application/octet-stream")
    urls = {
        "image": [f"{server.base}/{UUID}/", f"{server.base}/{OTHER_UUID}/-/preview/"],
        "document": [f"{server.base}/bppdf/a.pdf", f"{server.base}/files/copy-of-a.pdf"],
    }

    for _run in range(2):
        fetcher = online()
        for kind, pair in urls.items():
            ids = {fetch(fetcher, kind, url)[0] for url in pair}
            assert len(ids) == 1 and None not in ids

    assert Image.objects.count() == 1
    assert Document.objects.count() == 1
    assert ImportedAsset.objects.count() == 4
    assert len(set(ImportedAsset.objects.values_list("content_hash", flat=True))) == 2
    assert len(server.seen) == 4  # each URL once, over both runs


def test_an_asset_deleted_in_wagtail_is_fetched_again(server):
    server.routes["/thumb.png"] = Response(picture(), "image/png")
    url = f"{server.base}/thumb.png"
    first, _ = fetch(online(), "image", url)
    Image.objects.filter(pk=first).delete()

    again, warnings = fetch(online(), "image", url)

    assert warnings == [] and again != first
    assert ImportedAsset.objects.get(url=url).image_id == again


# Collections -----------------------------------------------------------------------------------


def test_new_assets_go_to_a_collection_named_for_the_source(server):
    server.routes["/thumb.png"] = Response(picture(), "image/png")
    server.routes["/other.png"] = Response(picture((5, 5)), "image/png")
    server.routes["/doc.pdf"] = Response(PDF, "application/pdf")
    name = "Imported: hub-content"

    image_id, _ = fetch(online(collection_name=name), "image", f"{server.base}/thumb.png")
    later = online(collection_name=name)  # a later run finds the collection by its name
    other_id, _ = fetch(later, "image", f"{server.base}/other.png")
    document_id, _ = fetch(later, "document", f"{server.base}/doc.pdf")

    collection = Collection.objects.get(name=name)
    assert collection.get_parent() == Collection.get_first_root_node()
    assert Image.objects.get(pk=image_id).collection == collection
    assert Image.objects.get(pk=other_id).collection == collection
    assert Document.objects.get(pk=document_id).collection == collection


def test_without_a_collection_name_assets_go_to_the_root_collection(server):
    server.routes["/thumb.png"] = Response(picture(), "image/png")

    image_id, _ = fetch(online(), "image", f"{server.base}/thumb.png")

    assert Image.objects.get(pk=image_id).collection == Collection.get_first_root_node()
    assert Collection.objects.count() == 1


# Asset maps and offline imports -----------------------------------------------------------------


def test_nothing_is_fetched_when_fetching_is_off_and_nothing_is_mapped(server):
    server.routes["/thumb.png"] = Response(picture(), "image/png")
    fetcher = AssetFetcher(enabled=False)

    assert fetcher.active is False
    assert fetch(fetcher, "image", f"{server.base}/thumb.png") == (None, [])
    assert server.seen == []


def test_parse_asset_map(tmp_path):
    (tmp_path / "bppdf").mkdir()

    assert parse_asset_map(
        [
            f"https://reinherit-hub.eu/bppdf/={tmp_path / 'bppdf'}",
            "https://ucarecdn.com/=https://mirror.example.org/ucare/",
        ]
    ) == {
        "https://reinherit-hub.eu/bppdf/": str((tmp_path / "bppdf").resolve()),
        "https://ucarecdn.com/": "https://mirror.example.org/ucare/",
    }
    assert parse_asset_map([]) == {}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("https://ucarecdn.com/", "is not PREFIX=DIR_OR_URL"),
        ("=/tmp", "is not PREFIX=DIR_OR_URL"),
        ("https://ucarecdn.com/=", "is not PREFIX=DIR_OR_URL"),
        ("/bppdf/={tmp}", "the prefix must start with http:// or https://"),
        ("https://ucarecdn.com/={tmp}/nowhere", "is not a folder"),
    ],
)
def test_parse_asset_map_explains_a_bad_entry(tmp_path, entry, message):
    with pytest.raises(ValueError, match=message):
        parse_asset_map([entry.format(tmp=tmp_path)])


def test_parse_asset_map_refuses_a_prefix_given_twice(tmp_path):
    with pytest.raises(ValueError, match="given twice"):
        parse_asset_map([f"https://a.example/={tmp_path}", f"https://a.example/={tmp_path}"])


@pytest.fixture
def mirror(tmp_path):
    """A local copy of the old site's files and of the CDN, in the shapes people keep them."""
    root = tmp_path / "mirror"
    (root / "bppdf").mkdir(parents=True)
    (root / "bppdf" / "Good practice (final).pdf").write_bytes(PDF)
    (root / "bppdf" / "error.pdf").write_bytes(HTML)
    (root / "ucare" / UUID).mkdir(parents=True)
    (root / "ucare" / UUID / "original name.png").write_bytes(picture())  # <uuid>/<file>
    (root / "ucare" / f"{OTHER_UUID}.jpg").write_bytes(picture((6, 6), "JPEG"))  # <uuid>.<ext>
    (tmp_path / "secret.pdf").write_bytes(PDF)
    return root


def offline(mirror, **options):
    asset_map = parse_asset_map(
        [
            f"https://reinherit-hub.eu/bppdf/={mirror / 'bppdf'}",
            f"https://ucarecdn.com/={mirror / 'ucare'}",
        ]
    )
    return AssetFetcher(enabled=False, asset_map=asset_map, **options)


def test_mapped_urls_are_read_from_local_folders_without_the_network(mirror):
    fetcher = offline(mirror)

    assert fetcher.active is True
    pdf_id, pdf_warnings = fetch(
        fetcher, "document", "https://reinherit-hub.eu/bppdf/Good%20practice%20(final).pdf"
    )
    image_id, image_warnings = fetch(
        fetcher, "image", f"https://ucarecdn.com/{UUID}/-/crop/238x221/30,40/-/preview/"
    )
    other_id, other_warnings = fetch(fetcher, "image", f"https://ucarecdn.com/{OTHER_UUID}/")

    assert pdf_warnings == image_warnings == other_warnings == []
    document = Document.objects.get(pk=pdf_id)
    assert document.file.read() == PDF
    assert document.file.name.endswith(".pdf")
    assert Image.objects.get(pk=image_id).file.name.rsplit("/", 1)[-1].startswith("original_name")
    assert Image.objects.get(pk=other_id).width == 6
    # Remembered under the URL: a run with the network later does not fetch them again.
    assert ImportedAsset.objects.filter(url=f"https://ucarecdn.com/{OTHER_UUID}/").exists()


def test_local_files_get_the_same_checks(mirror):
    fetcher = offline(mirror)

    for url, kind, reason in [
        ("https://reinherit-hub.eu/bppdf/error.pdf", "document", "an HTML page, not a document"),
        ("https://reinherit-hub.eu/bppdf/nothing.pdf", "document", "missing local file"),
        ("https://reinherit-hub.eu/bppdf/Good%20practice%20(final).pdf", "image", None),
    ]:
        reason = reason or "not an image by its content"
        assert fetch(fetcher, kind, url) == (None, [f"asset not fetched ({reason}): {url}"])


@pytest.mark.parametrize(
    "rest", ["../secret.pdf", "%2E%2E/secret.pdf", "..%2Fsecret.pdf", "a/../../secret.pdf"]
)
def test_a_mapped_url_never_reads_outside_its_folder(mirror, rest):
    url = f"https://reinherit-hub.eu/bppdf/{rest}"

    assert fetch(offline(mirror), "document", url) == (
        None,
        [f"asset not fetched (outside the mapped folder): {url}"],
    )


def test_a_symbolic_link_out_of_the_folder_is_not_followed(mirror):
    (mirror / "bppdf" / "link.pdf").symlink_to(mirror.parent / "secret.pdf")
    url = "https://reinherit-hub.eu/bppdf/link.pdf"

    assert fetch(offline(mirror), "document", url) == (
        None,
        [f"asset not fetched (outside the mapped folder): {url}"],
    )


def test_unmapped_urls_stay_links_when_fetching_is_off(mirror, server):
    server.routes["/thumb.png"] = Response(picture(), "image/png")

    assert fetch(offline(mirror), "image", f"{server.base}/thumb.png") == (None, [])
    assert server.seen == []


def test_a_prefix_can_map_to_a_mirror_url_even_offline(server):
    server.routes[f"/mirror/{UUID}/"] = Response(picture(), "image/png")
    fetcher = AssetFetcher(
        enabled=False, asset_map={"https://ucarecdn.com/": f"{server.base}/mirror/"}
    )

    image_id, warnings = fetch(fetcher, "image", f"https://ucarecdn.com/{UUID}/")

    assert warnings == [] and image_id is not None
    assert server.seen == [f"/mirror/{UUID}/"]
    assert ImportedAsset.objects.get().url == f"https://ucarecdn.com/{UUID}/"


def test_an_offline_run_reuses_what_an_earlier_run_fetched(server, mirror):
    server.routes["/thumb.png"] = Response(picture(), "image/png")
    url = f"{server.base}/thumb.png"
    first, _ = fetch(online(), "image", url)

    assert fetch(offline(mirror), "image", url) == (first, [])
    assert server.seen == ["/thumb.png"]
