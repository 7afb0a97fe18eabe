"""The recording and captions of a module, as the player loads them.

Wagtail's document view serves whole files only, but a browser's ``<video>`` needs byte ranges
(206 Partial Content) to seek and to resume, so module videos come from here. Only files attached
to a live module are served, with the module's and the document's view restrictions applied.
Then S3 (a signed URL) or the web server sends the bytes where the installation allows it
(cms/core/media_delivery.py); otherwise this view streams the ranges itself.

Captions are served as WebVTT generated from the stored transcript cues, so that SubRip uploads
play in a ``<track>`` too and the captions always match the transcript.
"""

import hashlib
import re

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.http import parse_etags, quote_etag
from django.views.decorators.http import require_safe

from cms.core import media_delivery

from ..models import ModulePage, TranscriptCue

CHUNK_SIZE = 64 * 1024
RANGE_RE = re.compile(r"^(\d*)-(\d*)$")


class UnsatisfiableRange(Exception):
    pass


def _check_restrictions(request, restrictions) -> bool:
    """Raises 404 unless the request passes every restriction; returns whether there were any
    (restricted files must not be kept in shared caches)."""
    restrictions = list(restrictions)
    if not all(restriction.accept_request(request) for restriction in restrictions):
        raise Http404
    return bool(restrictions)


def _live_module(request, module_id: int) -> tuple[ModulePage, bool]:
    module = get_object_or_404(
        ModulePage.objects.live().select_related("video_file__collection"), pk=module_id
    )
    return module, _check_restrictions(request, module.get_view_restrictions())


def parse_byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The single byte range (first, last, inclusive) a ``Range`` header asks for, or None to
    send the whole file. Raises ``UnsatisfiableRange`` for malformed or out-of-file ranges.

    Ranges in other units are ignored, as are several ranges at once (RFC 9110 lets a server
    answer those with the whole file; players never ask for them).
    """
    if not header:
        return None
    unit, _sep, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes":
        return None
    if "," in spec:
        return None
    match = RANGE_RE.match(spec.strip())
    if not match:
        raise UnsatisfiableRange
    first, last = match.groups()
    if first == "" and last == "":
        raise UnsatisfiableRange
    if first == "":
        # A suffix: the last N bytes.
        length = int(last)
        if length == 0 or size == 0:
            raise UnsatisfiableRange
        return max(0, size - length), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or (last != "" and int(last) < start):
        raise UnsatisfiableRange
    return start, end


def _read_range(storage, name: str, start: int, length: int):
    with storage.open(name, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


@require_safe
def module_video(request, module_id: int):
    module, restricted = _live_module(request, module_id)
    document = module.video_file
    if document is None:
        raise Http404
    restricted |= _check_restrictions(request, document.collection.get_view_restrictions())
    content_type = document.content_type or "application/octet-stream"
    offloaded = media_delivery.offload_response(
        request=request, file=document.file, content_type=content_type
    )
    if offloaded is not None:
        # S3 or the web server answers the ranges; a signed URL's redirect says no-store itself.
        offloaded.setdefault(
            "Cache-Control", f"{'private' if restricted else 'public'}, max-age=3600"
        )
        offloaded["X-Content-Type-Options"] = "nosniff"
        return offloaded
    storage, name = document.file.storage, document.file.name
    try:
        size = storage.size(name)
    except (OSError, NotImplementedError) as error:
        raise Http404 from error
    # Wagtail hashes files uploaded in the admin; a re-uploaded file always gets a new name.
    version = document.file_hash or hashlib.sha256(f"{name}:{size}".encode()).hexdigest()
    etag = quote_etag(version)

    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        byte_range = None
        if_range = request.headers.get("If-Range")
        # A range is only meaningful against the version of the file the player already has.
        if if_range is None or if_range.strip() == etag:
            try:
                byte_range = parse_byte_range(request.headers.get("Range"), size)
            except UnsatisfiableRange:
                response = HttpResponse(status=416)
                response["Content-Range"] = f"bytes */{size}"
                response["Accept-Ranges"] = "bytes"
                return response
        start, end = byte_range or (0, size - 1)
        length = max(0, end - start + 1)
        body = [] if request.method == "HEAD" else _read_range(storage, name, start, length)
        response = StreamingHttpResponse(body, status=206 if byte_range else 200)
        response["Content-Type"] = content_type
        response["Content-Length"] = str(length)
        if byte_range:
            response["Content-Range"] = f"bytes {start}-{end}/{size}"

    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = f"{'private' if restricted else 'public'}, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def _vtt_timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, milliseconds = divmod(milliseconds, 3_600_000)
    minutes, milliseconds = divmod(milliseconds, 60_000)
    secs, milliseconds = divmod(milliseconds, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{milliseconds:03d}"


def _vtt_text(text: str) -> str:
    # Cue text is plain text; WebVTT gives "&", "<" and ">" a meaning, and a blank line or
    # "-->" inside a cue would end it.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(escaped.split())


@require_safe
def module_captions(request, module_id: int, language: str):
    module, restricted = _live_module(request, module_id)
    cues = TranscriptCue.objects.filter(module=module, language=language).values_list(
        "start_seconds", "end_seconds", "text"
    )
    lines = ["WEBVTT", ""]
    for start, end, text in cues:
        lines += [f"{_vtt_timestamp(start)} --> {_vtt_timestamp(end)}", _vtt_text(text), ""]
    if len(lines) == 2:
        raise Http404
    response = HttpResponse("\n".join(lines), content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = f"{'private' if restricted else 'public'}, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("modules/<int:module_id>/video/", module_video, name="module_video"),
    path(
        "modules/<int:module_id>/captions/<str:language>.vtt",
        module_captions,
        name="module_captions",
    ),
]
