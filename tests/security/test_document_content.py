"""Documents are judged by their content as well as their extension, on every way one enters
the site: a web page named .pdf, markup in captions or text, a page with a zip appended are
refused; real files of every allowed type are taken (cms/core/document_content.py)."""

import codecs
import io
import zipfile

import pytest

from cms.users.factories import UserFactory

from .document_paths import DOCUMENT_PATHS, IMPORTED_EXTENSIONS

HTML_PAGE = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def zipped(parts: dict[str, bytes], *, stored_first: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if stored_first:
            archive.writestr(stored_first, parts.pop(stored_first), zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def office(part: str) -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", f"{part}document.xml": b"<x/>"})


def odt() -> bytes:
    return zipped(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
        stored_first="mimetype",
    )


WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02\x18\x53\x80\x67\x01\x00\x00\x00"
)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08mdat"

GOOD = {
    "report.pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    "letter.docx": office("word/"),
    "budget.xlsx": office("xl/"),
    "slides.pptx": office("ppt/"),
    "essay.odt": odt(),
    "bundle.zip": zipped({"readme.txt": b"hello"}),
    "recording.mp4": MP4,
    "recording.webm": WEBM,
    "captions.vtt": b"WEBVTT\n\n00:00.000 --> 00:02.000\n<v Anna>Hello <i>there</i>\n",
    "captions.srt": b"1\n00:00:00,000 --> 00:00:02,000\n"
    b'<i>Hello</i> <font color="red">there</font>\n',
    "visitors.csv": "name,city\nMüller,Köln\nA <b>bold</b> note,Århus\n".encode("cp1252"),
    "notes.txt": codecs.BOM_UTF16_LE + "Notes: 5 < 6, and online = yes".encode("utf-16-le"),
    "museums.csv": "name,city\nNationalmuseet,København\n".encode(),
}

LONG_CAPTIONS = b"WEBVTT\n\n" + b"00:00.000 --> 00:02.000\nA line of speech.\n\n" * 60_000
DISGUISED = {
    **{
        f"page.{extension}": HTML_PAGE
        for extension in (
            "pdf",
            "docx",
            "xlsx",
            "pptx",
            "odt",
            "zip",
            "mp4",
            "webm",
            "vtt",
            "srt",
            "csv",
            "txt",
        )
    },
    "drawing.txt": SVG_WITH_SCRIPT,
    "drawing.csv": b"  \n" + SVG_WITH_SCRIPT,
    "drawing.pdf": SVG_WITH_SCRIPT,
    # A page that mentions a PDF header further down is still a page.
    "late-header.pdf": b"<html><body>%PDF-1.4</body></html>",
    # A zip reader finds an archive behind a page; a browser shows the page.
    "polyglot.zip": HTML_PAGE + zipped({"a.txt": b"a"}),
    "polyglot.docx": HTML_PAGE + office("word/"),
    "not-word.docx": zipped({"a.txt": b"a"}),
    "webm-as.mp4": WEBM,
    "captions.vtt": b"1\n00:00:00,000 --> 00:00:02,000\nHello\n",  # SubRip named .vtt
    "script-in-cue.vtt": b"WEBVTT\n\n00:00.000 --> 00:02.000\n<script>alert(1)</script>\n",
    "late-script.vtt": LONG_CAPTIONS + b"<script>alert(1)</script>\n",
    "handler.srt": b"1\n00:00:00,000 --> 00:00:02,000\n<img src=x onerror=alert(1)>\n",
    "frame.txt": b'Please read this.\n<iframe src="https://evil.example"></iframe>\n',
    "link.csv": b'name,link\nx,<a href="javascript:alert(1)">click</a>\n',
    "utf16.csv": codecs.BOM_UTF16_LE + "a,b\n<script>alert(1)</script>".encode("utf-16-le"),
    "binary.txt": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
}


@pytest.fixture
def editor(client, home_page):
    client.force_login(UserFactory(superuser=True))
    return client


# The importer has rules of its own for these: it names a file by its content (a zip is stored
# as .zip whatever its URL says) and takes text only in UTF-8.
NOT_FOR_THE_IMPORTER = {"not-word.docx", "visitors.csv", "notes.txt"}


def applies(path: str, name: str) -> bool:
    if path != "importer":
        return True
    return name not in NOT_FOR_THE_IMPORTER and name.rsplit(".", 1)[-1] in IMPORTED_EXTENSIONS


def cases(files: dict) -> list:
    return [
        pytest.param(path, name, id=f"{path}-{name}")
        for path in DOCUMENT_PATHS
        for name in files
        if applies(path, name)
    ]


@pytest.mark.parametrize(("path", "name"), cases(DISGUISED))
def test_a_disguised_document_is_refused(editor, tmp_path, path, name):
    outcome = DOCUMENT_PATHS[path](editor, name, DISGUISED[name], tmp_path)

    assert outcome.stored is None
    assert outcome.errors, "refused without saying why"


@pytest.mark.parametrize(("path", "name"), cases(GOOD))
def test_a_real_document_of_each_type_is_taken(editor, tmp_path, path, name):
    outcome = DOCUMENT_PATHS[path](editor, name, GOOD[name], tmp_path)

    assert outcome.errors == ""
    assert outcome.stored == GOOD[name]


def test_the_refusal_says_what_is_wrong(editor, tmp_path):
    page = DOCUMENT_PATHS["admin-add"](editor, "page.pdf", HTML_PAGE, tmp_path)
    script = DOCUMENT_PATHS["admin-add"](editor, "frame.txt", DISGUISED["frame.txt"], tmp_path)

    assert "does not match its .pdf extension" in page.errors
    assert "Web page markup or scripts cannot be uploaded" in script.errors
