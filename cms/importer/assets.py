"""Copying an imported hub's pictures and files into Wagtail, only when asked to.

Without ``--fetch-assets`` and without an asset map nothing is fetched and assets stay links.
Otherwise each URL is read at most once across runs (remembered in ImportedAsset), from the
network or, for URLs under a mapped prefix, from a local copy or a mirror, so that an import can
run where the old CDN cannot be reached.

What arrives is judged by its bytes, not by what the server says it is: an error page served
as ``application/pdf`` or ``image/png`` is refused, and a PDF served as
``application/octet-stream`` is accepted. Images go through the same checks as an editor's
upload (Wagtail's size, the frames-and-pixels budget, a virus scan where clamd is configured,
metadata stripped), documents those of a document upload (content that matches the type, the
virus scan). Bytes already stored under another URL (the same picture at two CDN addresses)
reuse the stored image or document.

A failure never fails the item: the caller gets None and one short warning,
``asset not fetched (<reason>): <url>``, and keeps the URL as a link.
"""

import hashlib
import io
import os
import posixpath
import time
import zipfile
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

import requests
from PIL import Image as PILImage
from PIL import ImageFile as PILImageFile
from urllib3.exceptions import HTTPError as TransportError
from urllib3.exceptions import ReadTimeoutError

from cms.core.document_content import document_file_check_content
from cms.core.images import image_file_check_budget, image_file_strip_metadata
from cms.core.virus_scan import upload_scan

from .models import ImportedAsset

WEB_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
CHUNK_SIZE = 64 * 1024
# Pillow's format names and the file extension each is stored under (Wagtail checks that they
# agree). MPO is a phone's multi-picture JPEG.
IMAGE_EXTENSIONS = {
    "JPEG": "jpg",
    "MPO": "jpg",
    "PNG": "png",
    "GIF": "gif",
    "WEBP": "webp",
    "AVIF": "avif",
}
# Zip-based office files, told apart by the part only that kind has.
OFFICE_PARTS = {"word/": "docx", "ppt/": "pptx", "xl/": "xlsx"}
OPENDOCUMENT_TYPES = {b"application/vnd.oasis.opendocument.text": "odt"}
TEXT_TYPES = {"text/plain": "txt", "text/csv": "csv"}
KNOWN_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "avif", "pdf", "zip", "txt", "csv"}
KNOWN_EXTENSIONS |= {"docx", "pptx", "xlsx", "odt"}
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
# Reasons shared by several checks.
NOT_AN_IMAGE = "not an image by its content"
NOT_A_DOCUMENT = "not a document by its content"
TOO_LARGE = "too large"


class AssetRefused(Exception):
    """Why an asset was not fetched; the message is the reason shown in the warning."""


class Fetched:
    """Bytes read for a URL, with a file name and the type the server declared (if any)."""

    def __init__(self, content: bytes, *, name: str, content_type: str = ""):
        self.content = content
        self.name = name
        self.content_type = content_type
        self.digest = hashlib.sha256(content).hexdigest()


class AssetFetcher:
    """Turns asset URLs into Wagtail images and documents for one import run.

    ``enabled`` allows the network (``--fetch-assets``); ``asset_map`` maps URL prefixes to a
    local folder or a replacement base URL (see ``parse_asset_map``), and works with
    ``enabled=False``. New images and documents go into the collection ``collection_name``
    (a child of the root collection, made when first needed), or the root collection.
    ``timeout`` bounds each connection and each wait for bytes; ``deadline`` bounds a whole
    download, however steadily a slow server drips its bytes.
    """

    def __init__(
        self,
        *,
        enabled: bool,
        asset_map: dict[str, str] | None = None,
        collection_name: str = "",
        timeout: float = 10,
        deadline: float = 120,
        max_bytes: int = 20 * 1024 * 1024,
    ):
        self.enabled = enabled
        # The longest prefix wins when prefixes nest.
        self.asset_map = dict(sorted((asset_map or {}).items(), key=lambda kv: -len(kv[0])))
        self.collection_name = collection_name.strip()[:255]
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self._session = requests.Session() if self.active else None
        # A URL that failed once in this run is not tried again (a dead host would cost a
        # timeout per item that names it); its warning is repeated for each item.
        self._failures: dict[tuple[str, str], str] = {}

    @property
    def active(self) -> bool:
        """True when anything at all can be fetched (the network, or an asset map)."""
        return self.enabled or bool(self.asset_map)

    def image(self, url: str, *, title: str, warnings: list[str]) -> int | None:
        """The id of a Wagtail image for the URL, copying it if needed, else None."""
        return self._asset(url, kind="image", title=title, warnings=warnings)

    def document(self, url: str, *, title: str, warnings: list[str]) -> int | None:
        """The id of a Wagtail document for the URL, copying it if needed, else None."""
        return self._asset(url, kind="document", title=title, warnings=warnings)

    # One asset ------------------------------------------------------------------------------

    def _asset(self, url: str, *, kind: str, title: str, warnings: list[str]) -> int | None:
        if not self.active:
            return None
        known = ImportedAsset.objects.filter(url=url).first()
        if known is not None:
            if getattr(known, f"{kind}_id"):
                return getattr(known, f"{kind}_id")
            if known.image_id or known.document_id:
                # Stored as the other kind: images are never documents and vice versa.
                return self._fail(
                    url, kind, NOT_AN_IMAGE if kind == "image" else NOT_A_DOCUMENT, warnings
                )
        if (url, kind) in self._failures:
            return self._fail(url, kind, self._failures[url, kind], warnings)
        try:
            fetched = self._read(url, limit=self._limit(kind))
            if fetched is None:
                return None  # not fetchable by choice (no network, no mapped prefix): a link
            asset_id = self._stored(kind, fetched.digest)
            if asset_id is None:
                create = self._image_create if kind == "image" else self._document_create
                asset_id = create(fetched, title=title)
        except AssetRefused as refused:
            return self._fail(url, kind, str(refused), warnings)
        # A savepoint: a failed write must not break the item's transaction.
        with transaction.atomic():
            ImportedAsset.objects.update_or_create(
                url=url, defaults={f"{kind}_id": asset_id, "content_hash": fetched.digest}
            )
        return asset_id

    def _fail(self, url: str, kind: str, reason: str, warnings: list[str]) -> None:
        self._failures[url, kind] = reason
        warning = f"asset not fetched ({reason}): {url}"
        if warning not in warnings:
            warnings.append(warning)
        return None

    def _limit(self, kind: str) -> int:
        setting = (
            "WAGTAILIMAGES_MAX_UPLOAD_SIZE" if kind == "image" else "WAGTAILDOCS_MAX_UPLOAD_SIZE"
        )
        wagtail_limit = getattr(settings, setting, None)
        return min(self.max_bytes, wagtail_limit) if wagtail_limit else self.max_bytes

    def _stored(self, kind: str, digest: str) -> int | None:
        """An image or document already made from the same bytes, under another URL."""
        return (
            ImportedAsset.objects.filter(content_hash=digest, **{f"{kind}__isnull": False})
            .values_list(f"{kind}_id", flat=True)
            .first()
        )

    def _collection(self) -> Collection:
        # Looked up each time rather than kept: an item rolled back after creating it would
        # leave a kept instance pointing at a row that no longer exists.
        root = Collection.get_first_root_node()
        if not self.collection_name:
            return root
        found = root.get_children().filter(name=self.collection_name).first()
        if found is not None:
            return found
        with transaction.atomic():
            return root.add_child(instance=Collection(name=self.collection_name))

    def _image_create(self, fetched: Fetched, *, title: str) -> int:
        name = _file_name(fetched.name, _image_extension(fetched.content))
        _scan(fetched.content)
        upload = SimpleUploadedFile(name, fetched.content)
        try:
            # The checks of an editor's upload (file size, format, pixels), beside the frame
            # count that _image_extension adds to them.
            WagtailImageField().clean(upload)
            with _truncated_images_refused(), PILImage.open(io.BytesIO(fetched.content)) as picture:
                picture.load()  # a truncated file fails here, not later in every rendition
            # Cleaned like an admin upload: a fetched photo may carry its GPS position.
            clean = image_file_strip_metadata(
                file=ImageFile(io.BytesIO(fetched.content), name=name)
            )
        except ValidationError as error:
            raise AssetRefused(_image_error_reason(error)) from error
        except PILImage.DecompressionBombError as error:
            raise AssetRefused("too many pixels") from error
        except Exception as error:  # Pillow raises many kinds for a damaged file
            raise AssetRefused(NOT_AN_IMAGE) from error
        try:
            # An ImageFile assigned to the field fills in width and height.
            image = get_image_model()(
                title=(title or _stem(name))[:255],
                file=ImageFile(clean, name=name),
                collection=self._collection(),
            )
            image._set_image_file_metadata()
            with transaction.atomic():
                image.save()
        except Exception as error:
            raise AssetRefused("not stored") from error
        return image.pk

    def _document_create(self, fetched: Fetched, *, title: str) -> int:
        extension = _document_extension(fetched)
        name = _file_name(fetched.name, extension)
        try:
            # The checks of an editor's upload: signature of its type, no markup in text.
            document_file_check_content(file=io.BytesIO(fetched.content), name=name)
        except ValidationError as error:
            markup = "document_markup" in {item.code for item in error.error_list}
            raise AssetRefused("markup or script" if markup else NOT_A_DOCUMENT) from error
        _scan(fetched.content)
        try:
            document = get_document_model()(
                title=(title or _stem(name))[:255], collection=self._collection()
            )
            document.file.save(name, ContentFile(fetched.content), save=False)
            document._set_document_file_metadata()
            with transaction.atomic():
                document.save()
        except Exception as error:
            raise AssetRefused("not stored") from error
        return document.pk

    # Reading --------------------------------------------------------------------------------

    def _read(self, url: str, *, limit: int) -> Fetched | None:
        for prefix, target in self.asset_map.items():
            if url.startswith(prefix):
                rest = url[len(prefix) :]
                if target.startswith(("http://", "https://")):
                    return self._download(target + rest, limit=limit)
                return _local_read(Path(target), rest, limit=limit)
        if not self.enabled:
            return None
        return self._download(url, limit=limit)

    def _download(self, url: str, *, limit: int) -> Fetched:
        if urlsplit(url).scheme not in WEB_SCHEMES:
            raise AssetRefused("not a web address")
        ends_at = time.monotonic() + self.deadline
        try:
            # Redirects are followed here, not by requests, so that each target's scheme is
            # checked: a redirect must not lead the importer to a file: or ftp: address.
            for _hop in range(MAX_REDIRECTS + 1):
                with self._session.get(
                    url, timeout=self.timeout, stream=True, allow_redirects=False
                ) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers["Location"])
                        if urlsplit(url).scheme not in WEB_SCHEMES:
                            raise AssetRefused("redirected to a non-web address")
                        continue
                    if response.status_code >= 400:
                        raise AssetRefused(f"HTTP {response.status_code}")
                    return self._body(response, url=url, limit=limit, ends_at=ends_at)
        except requests.Timeout as error:
            raise AssetRefused("timeout") from error
        except requests.ConnectionError as error:
            # requests reports a read timeout in the middle of the body as a connection error.
            cause = error.args[0] if error.args else None
            raise AssetRefused(
                "timeout" if isinstance(cause, ReadTimeoutError) else "unreachable"
            ) from error
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as error:
            raise AssetRefused("incomplete download") from error
        except requests.exceptions.InvalidURL as error:
            raise AssetRefused("not a web address") from error
        except requests.RequestException as error:
            raise AssetRefused(f"download failed, {type(error).__name__}") from error
        raise AssetRefused("too many redirects")

    def _body(self, response, *, url: str, limit: int, ends_at: float) -> Fetched:
        try:
            declared = int(response.headers.get("Content-Length") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            raise AssetRefused(TOO_LARGE)
        content = bytearray()
        try:
            # read1 returns what has arrived (iter_content waits for a whole chunk), so the
            # deadline is checked however slowly the bytes come. Bytes are counted decoded:
            # a small gzip body cannot unpack past the limit.
            while chunk := response.raw.read1(CHUNK_SIZE, decode_content=True):
                content += chunk
                if len(content) > limit:
                    raise AssetRefused(TOO_LARGE)
                if time.monotonic() > ends_at:
                    raise AssetRefused("timeout")
        except ReadTimeoutError as error:
            raise AssetRefused("timeout") from error
        except TransportError as error:
            raise AssetRefused("incomplete download") from error
        name = _disposition_name(response.headers.get("Content-Disposition", ""))
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        return Fetched(bytes(content), name=name or _url_name(url), content_type=content_type)


def parse_asset_map(values: list[str]) -> dict[str, str]:
    """``{prefix: folder or base URL}`` from ``PREFIX=DIR_OR_URL`` strings (``--asset-map``).

    A prefix is the start of asset URLs (``https://ucarecdn.com/``); the target is a folder
    holding copies of those files, or a base URL that serves them. Raises ValueError for an
    entry without both halves, a prefix that is not an http(s) URL, a prefix given twice or a
    folder that does not exist.
    """
    asset_map: dict[str, str] = {}
    for value in values:
        prefix, _equals, target = value.partition("=")
        prefix, target = prefix.strip(), target.strip()
        if not prefix or not target:
            raise ValueError(f"{value!r} is not PREFIX=DIR_OR_URL")
        parts = urlsplit(prefix)
        if parts.scheme not in WEB_SCHEMES or not parts.netloc:
            raise ValueError(f"{value!r}: the prefix must start with http:// or https://")
        if prefix in asset_map:
            raise ValueError(f"the prefix {prefix} is given twice")
        if not target.startswith(("http://", "https://")):
            folder = Path(target).expanduser()
            if not folder.is_dir():
                raise ValueError(f"{value!r}: {folder} is not a folder")
            target = str(folder.resolve())
        asset_map[prefix] = target
    return asset_map


def _local_read(folder: Path, rest: str, *, limit: int) -> Fetched:
    """The file for the rest of a mapped URL in ``folder``, never a file outside it.

    Uploadcare URLs name a file by its id and then list transformations
    (``<uuid>/-/crop/238x221/30,40/-/preview/``): the transformations are dropped and the copy
    is found as ``<uuid>`` itself, the one file in a folder ``<uuid>/``, or a file whose name
    starts with ``<uuid>`` (``<uuid>.jpg``).
    """
    try:
        return _local_find_and_read(folder, rest, limit=limit)
    except OSError as error:  # a name too long for the file system, a folder not readable
        raise AssetRefused("unreadable local file") from error


def _local_find_and_read(folder: Path, rest: str, *, limit: int) -> Fetched:
    folder = folder.resolve()
    segments = []
    for segment in unquote(rest.split("?", 1)[0].split("#", 1)[0]).split("/"):
        if segment == "-":
            break
        if segment not in ("", "."):
            segments.append(segment)
    if not segments:
        raise AssetRefused("missing local file")
    wanted = folder.joinpath(*segments).resolve()
    if not wanted.is_relative_to(folder) or wanted == folder:
        raise AssetRefused("outside the mapped folder")
    if wanted.is_file():
        found = wanted
    elif wanted.is_dir():
        files = _visible_files(wanted)
        if len(files) != 1:
            raise AssetRefused("missing local file" if not files else "several local files match")
        found = files[0]
    else:
        files = [p for p in _visible_files(wanted.parent) if p.name.startswith(wanted.name)]
        if len(files) > 1:
            files = [p for p in files if p.stem == wanted.name] or files
        if len(files) != 1:
            raise AssetRefused("missing local file" if not files else "several local files match")
        found = files[0]
    found = found.resolve()
    if not found.is_relative_to(folder):
        raise AssetRefused("outside the mapped folder")  # a symbolic link leading out
    if found.stat().st_size > limit:
        raise AssetRefused(TOO_LARGE)
    return Fetched(found.read_bytes(), name=found.name)


def _visible_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError:
        return []


# What the bytes are --------------------------------------------------------------------------


def _looks_like_html(content: bytes) -> bool:
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(HTML_STARTS) or (head.startswith(b"<") and b"<html" in head)


def _image_extension(content: bytes) -> str:
    """The extension for an image's bytes; AssetRefused if they are not an allowed image.

    Only the header is read here (format, size, frames), not the pixels.
    """
    if _looks_like_html(content):
        raise AssetRefused("an HTML page, not an image")
    try:
        with PILImage.open(io.BytesIO(content)) as picture:
            image_format = picture.format
    except PILImage.DecompressionBombError as error:
        raise AssetRefused("too many pixels") from error
    except Exception as error:  # UnidentifiedImageError, and others for damaged headers
        raise AssetRefused(NOT_AN_IMAGE) from error
    extension = IMAGE_EXTENSIONS.get(image_format)
    allowed = getattr(settings, "WAGTAILIMAGES_EXTENSIONS", None)
    if extension is None or (allowed and extension not in allowed):
        raise AssetRefused(f"unsupported image format {image_format}")
    # Wagtail's upload check counts width x height x frames, but Willow reports one frame for
    # every image it opens with Pillow: every frame is counted here, from the headers.
    try:
        image_file_check_budget(file=io.BytesIO(content))
    except ValidationError as error:
        raise AssetRefused(_image_error_reason(error)) from error
    return extension


def _scan(content: bytes) -> None:
    """Refuse what clamd finds something in, and anything while it is down (CLAMD_URL set)."""
    try:
        upload_scan(file=io.BytesIO(content))
    except ValidationError as error:
        infected = "infected" in {item.code for item in error.error_list}
        raise AssetRefused("virus found" if infected else "virus scan failed") from error


@contextmanager
def _truncated_images_refused():
    """Pillow refusing a truncated file for a while, whatever the process set.

    WeasyPrint, once imported, lets Pillow load truncated files for the whole process (padding
    them with grey); a picture copied that way would stay half grey on the site.
    """
    previous = PILImageFile.LOAD_TRUNCATED_IMAGES
    PILImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        PILImageFile.LOAD_TRUNCATED_IMAGES = previous


def _image_error_reason(error: ValidationError) -> str:
    codes = {item.code for item in error.error_list}
    if "file_too_large" in codes:
        return TOO_LARGE
    if "file_too_many_pixels" in codes:
        return "too many pixels"
    if "image_too_many_frames" in codes:
        return "too many frames"
    return NOT_AN_IMAGE


def _document_extension(fetched: Fetched) -> str:
    """The extension for a document's bytes; AssetRefused if they are not an allowed type.

    PDFs and zip-based files by their magic numbers; plain text and CSV only where the server
    or the file name says so (text has no magic number) and nothing says it is something else.
    """
    content = fetched.content
    if _looks_like_html(content):
        raise AssetRefused("an HTML page, not a document")
    named = posixpath.splitext(fetched.name)[1].lower().lstrip(".")
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        extension = "pdf"
    elif content.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        extension = _zip_extension(content)
    elif named in ("txt", "csv") or (
        named not in KNOWN_EXTENSIONS and fetched.content_type in TEXT_TYPES
    ):
        if b"\x00" in content:
            raise AssetRefused(NOT_A_DOCUMENT)
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise AssetRefused(NOT_A_DOCUMENT) from error
        extension = named if named in ("txt", "csv") else TEXT_TYPES[fetched.content_type]
    else:
        raise AssetRefused(NOT_A_DOCUMENT)
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    if allowed and extension not in allowed:
        raise AssetRefused(f"unsupported document type {extension}")
    return extension


def _zip_extension(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                kind = OPENDOCUMENT_TYPES.get(archive.read("mimetype").strip())
                if kind:
                    return kind
    except (zipfile.BadZipFile, OSError, KeyError) as error:
        raise AssetRefused(NOT_A_DOCUMENT) from error
    if "[Content_Types].xml" in names:
        for part, extension in OFFICE_PARTS.items():
            if any(name.startswith(part) for name in names):
                return extension
    return "zip"


# File names ---------------------------------------------------------------------------------


def _disposition_name(header: str) -> str:
    """The file name a Content-Disposition header suggests (RFC 6266, with ``filename*``)."""
    if not header:
        return ""
    message = Message()
    message["Content-Disposition"] = header
    try:
        name = message.get_filename() or ""
    except (ValueError, LookupError):
        return ""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip()


def _url_name(url: str) -> str:
    """The last segment of the URL's path before any Uploadcare transformation (``/-/``)."""
    segments = []
    for segment in unquote(urlsplit(url).path).split("/"):
        if segment == "-":
            break
        if segment:
            segments.append(segment)
    return segments[-1] if segments else ""


def _file_name(name: str, extension: str) -> str:
    """``name`` with the extension of the detected type (replacing a known, wrong one)."""
    name = name.strip().strip(".") or "asset"
    stem, current = os.path.splitext(name)
    if current.lower().lstrip(".") in KNOWN_EXTENSIONS:
        name = stem or "asset"
    return f"{name[:90]}.{extension}"


def _stem(name: str) -> str:
    return os.path.splitext(name)[0]
