"""Uploaded documents are judged by their bytes as well as by their extension.

Wagtail checks only the extension, so a web page named ``report.pdf`` was stored and served
as a document. Each allowed extension has the signature its files start with (PDF, the zip
that an office file is, MP4, WebM, WebVTT), and text files (csv, txt, srt, vtt) must be
text without web page markup: no script, no SVG, nothing a browser sniffing the content would
take for HTML. An extension with no rule of its own gets the markup check only.
"""

import codecs
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEAD_SIZE = 4096
TEXT_CHUNK = 1024 * 1024
# Markup searched for across chunk boundaries: no pattern below is longer than this.
OVERLAP = 256
TEXT_EXTENSIONS = {"csv", "txt", "srt", "vtt"}
ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries, an empty zip
# Parts only that kind of office file has.
OFFICE_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OPENDOCUMENT_TYPES = {"odt": b"application/vnd.oasis.opendocument.text"}
# What browsers take for HTML or XML at the start of a file (the WHATWG sniffing patterns), and
# SVG, whose scripts run when it is opened.
SNIFFED_AS_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br"
    rb"|p|svg|\?xml)[\s/>]|<!--",
    re.IGNORECASE,
)
# Markup that is never harmless in a document, wherever it stands: elements that run script or
# load content, and attributes that run script. Cue tags of captions (<v>, <i>, <c>) are fine.
DANGEROUS_MARKUP = re.compile(
    rb"<\s*/?\s*(?:script|svg|iframe|frame|frameset|object|embed|html|body|meta|base|form"
    rb"|math|template|!doctype)[\s/>]"
    rb"|<[a-z][^<>]{0,200}?[\s/]on[a-z]+\s*="
    rb"|<[a-z][^<>]{0,200}?=\s*[\"']?\s*(?:javascript|vbscript|data):",
    re.IGNORECASE,
)
WHITESPACE = b"\xef\xbb\xbf \t\r\n\f"

MISMATCH = _(
    "The content of this file does not match its .%(extension)s extension. Check that you "
    "chose the right file, or save it again in that format."
)
MARKUP = _("Web page markup or scripts cannot be uploaded as a document.")
NOT_TEXT = _("A .%(extension)s file must be plain text.")


def document_file_check_content(*, file, name: str) -> None:
    """Refuse (``ValidationError``) a document whose bytes are not what its name says.

    ``file`` is read (a text file wholly, in chunks) and left rewound.
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    file.seek(0)
    head = file.read(HEAD_SIZE)
    try:
        if extension in TEXT_EXTENSIONS:
            _check_text(file, head, extension)
        else:
            check = SIGNATURE_CHECKS.get(extension)
            if check is not None and not check(file, head):
                raise _mismatch(extension)
            if check is None and _markup_at_start(head):
                raise ValidationError(MARKUP, code="document_markup")
    finally:
        file.seek(0)


def _mismatch(extension: str) -> ValidationError:
    return ValidationError(MISMATCH % {"extension": extension}, code="document_mismatch")


def _markup_at_start(head: bytes) -> bool:
    start = head.lstrip(WHITESPACE)
    return bool(SNIFFED_AS_MARKUP.match(start) or DANGEROUS_MARKUP.search(head))


# Binary formats -------------------------------------------------------------------------------


def _pdf(file, head: bytes) -> bool:
    return head.lstrip(WHITESPACE).startswith(b"%PDF-")


def _zip_names(file, head: bytes) -> list[str] | None:
    # Data before the zip (a page with a zip appended) is not allowed, although zip readers
    # would accept it.
    if not head.startswith(ZIP_STARTS):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return None


def _zip(file, head: bytes) -> bool:
    return _zip_names(file, head) is not None


def _office(extension: str):
    def check(file, head: bytes) -> bool:
        names = _zip_names(file, head)
        part = OFFICE_PARTS[extension]
        return (
            bool(names)
            and "[Content_Types].xml" in names
            and any(name.startswith(part) for name in names)
        )

    return check


def _opendocument(extension: str):
    def check(file, head: bytes) -> bool:
        names = _zip_names(file, head)
        if not names or "mimetype" not in names:
            return False
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.read("mimetype").strip() == OPENDOCUMENT_TYPES[extension]

    return check


def _mp4(file, head: bytes) -> bool:
    # ISO base media: the first box is "ftyp".
    return len(head) >= 12 and head[4:8] == b"ftyp"


def _webm(file, head: bytes) -> bool:
    # An EBML header whose document type is webm.
    return head.startswith(b"\x1a\x45\xdf\xa3") and b"\x42\x82" in head[:64] and b"webm" in head


SIGNATURE_CHECKS = {
    "pdf": _pdf,
    "zip": _zip,
    "docx": _office("docx"),
    "xlsx": _office("xlsx"),
    "pptx": _office("pptx"),
    "odt": _opendocument("odt"),
    "mp4": _mp4,
    "webm": _webm,
}


# Text -----------------------------------------------------------------------------------------


def _check_text(file, head: bytes, extension: str) -> None:
    encoding = _text_encoding(head)
    if encoding is None:
        raise ValidationError(NOT_TEXT % {"extension": extension}, code="document_not_text")
    first = True
    tail = ""
    for text in _decoded_chunks(file, encoding):
        if first:
            if extension == "vtt" and not _is_webvtt(text):
                raise _mismatch(extension)
            if SNIFFED_AS_MARKUP.match(text.lstrip("\ufeff \t\r\n\f").encode("latin-1", "replace")):
                raise ValidationError(MARKUP, code="document_markup")
            first = False
        if "\0" in text:
            raise ValidationError(NOT_TEXT % {"extension": extension}, code="document_not_text")
        window = tail + text
        if DANGEROUS_MARKUP.search(window.encode("latin-1", "replace")):
            raise ValidationError(MARKUP, code="document_markup")
        tail = window[-OVERLAP:]


def _text_encoding(head: bytes) -> str | None:
    """UTF-16 with its byte-order mark; otherwise read byte by byte (UTF-8, Windows-1252 and
    Latin-1 text all show their markup in ASCII), None for binary content."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\0" in head:
        return None
    return "latin-1"


def _decoded_chunks(file, encoding: str):
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    file.seek(0)
    while chunk := file.read(TEXT_CHUNK):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _is_webvtt(text: str) -> bool:
    text = text.removeprefix("\ufeff")
    return text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\r\n")
