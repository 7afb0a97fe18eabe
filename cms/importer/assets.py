"""Downloading remote assets (images, documents) into Wagtail, only when asked to.

Without ``--fetch-assets`` nothing is fetched and assets stay links. With it, each URL is
downloaded at most once (remembered in ImportedAsset), with a short timeout, a size limit and a
check of the content type, so that an HTML error page never becomes a "PDF".
"""

import mimetypes
import posixpath
from io import BytesIO
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import requests

from cms.core.images import image_file_strip_metadata

from .models import ImportedAsset

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}
DOCUMENT_TYPES = {
    "application/pdf",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "text/csv",
    "text/plain",
}


class AssetFetcher:
    def __init__(self, *, enabled: bool, timeout: float = 10, max_bytes: int = 20 * 1024 * 1024):
        self.enabled = enabled
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._session = requests.Session() if enabled else None

    def image(self, url: str, *, title: str, warnings: list[str]) -> int | None:
        """The id of a Wagtail image for the URL, downloading it if needed, else None."""
        known = self._known(url)
        if known is not None and known.image_id:
            return known.image_id
        fetched = self._fetch(url, allowed=IMAGE_TYPES, warnings=warnings)
        if fetched is None:
            return None
        content, name = fetched
        try:
            # An ImageFile assigned to the field fills in width and height.
            # Cleaned like an admin upload: a fetched photo may carry its GPS position.
            clean = image_file_strip_metadata(file=ImageFile(BytesIO(content), name=name))
            image = get_image_model()(title=(title or name)[:255], file=ImageFile(clean, name=name))
            image._set_image_file_metadata()
            # A savepoint: a failed insert must not break the item's transaction.
            with transaction.atomic():
                image.save()
        except Exception:
            warnings.append(f"kept as a link, not a readable image: {url}")
            return None
        ImportedAsset.objects.update_or_create(url=url, defaults={"image": image})
        return image.pk

    def document(self, url: str, *, title: str, warnings: list[str]) -> int | None:
        known = self._known(url)
        if known is not None and known.document_id:
            return known.document_id
        fetched = self._fetch(url, allowed=DOCUMENT_TYPES, warnings=warnings)
        if fetched is None:
            return None
        content, name = fetched
        document = get_document_model()(title=(title or name)[:255])
        document.file.save(name, ContentFile(content), save=False)
        document.save()
        ImportedAsset.objects.update_or_create(url=url, defaults={"document": document})
        return document.pk

    def _known(self, url: str):
        if not self.enabled:
            return None
        return ImportedAsset.objects.filter(url=url).first()

    def _fetch(self, url: str, *, allowed: set[str], warnings: list[str]):
        if not self.enabled or urlsplit(url).scheme not in ("http", "https"):
            return None
        try:
            with self._session.get(url, timeout=self.timeout, stream=True) as response:
                response.raise_for_status()
                content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
                if content_type not in allowed:
                    warnings.append(f"kept as a link, unexpected type {content_type!r}: {url}")
                    return None
                declared = int(response.headers.get("Content-Length") or 0)
                if declared > self.max_bytes:
                    warnings.append(f"kept as a link, larger than the limit: {url}")
                    return None
                content = b""
                for chunk in response.iter_content(64 * 1024):
                    content += chunk
                    if len(content) > self.max_bytes:
                        warnings.append(f"kept as a link, larger than the limit: {url}")
                        return None
        except (requests.RequestException, ValueError) as error:
            warnings.append(f"kept as a link, could not fetch {url}: {type(error).__name__}")
            return None
        return content, _file_name(url, content_type)


def _file_name(url: str, content_type: str) -> str:
    name = posixpath.basename(unquote(urlsplit(url).path.rstrip("/"))) or "asset"
    extension = mimetypes.guess_extension(content_type) or ""
    if extension == ".jpe":
        extension = ".jpg"
    if extension and not name.lower().endswith(extension):
        name = f"{name}{extension}"
    return name[-100:]
