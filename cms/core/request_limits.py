"""Request bodies are limited by the kind of route, before anything reads them.

Django parses a form the first time something asks for ``request.POST`` (the CSRF check does,
before any view) and spools file parts to disk as it goes: an anonymous POST with a 2 GB file
part filled the disk before any view could refuse it. This middleware answers 413 first:

- public routes take ``PUBLIC_MAX_BODY_KB``: none of the site's own forms takes a file;
- the admin, for people allowed in it, takes ``ADMIN_MAX_BODY_MB`` (page edits, images,
  profile pictures, translation files), and under ``/admin/documents/`` a document of
  ``DOCUMENT_MAX_UPLOAD_MB`` with room for the rest of its form. Anyone else posting to
  ``/admin/`` (the login form) gets the public limit.

A declared Content-Length over the limit is refused unread. A body of unknown length (chunked)
is read here, up to the limit, into memory or a temporary file, and given to Django with its
length, so that it is parsed like any other; one byte more and the answer is 413.

Editors' admin requests may also post up to ``ADMIN_DATA_UPLOAD_MAX_NUMBER_FIELDS`` form
fields, where everyone else keeps Django's default (cms/core/field_limit.py).

It sits after authentication (which reads the session, never the body) to know who asks, and
before anything that reads the body. The reverse proxy should refuse the same sizes first
(docs/deployment.md); this is what holds if it does not.
"""

import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader

from .field_limit import field_limit_raised

# Multipart boundaries, the title, tags and collection of an upload beside its file.
FORM_ALLOWANCE = 1024 * 1024
READ_CHUNK = 64 * 1024


def body_limit(request, *, editor: bool) -> int:
    """The largest body, in bytes, this request may carry; ``editor``: an admin request by
    someone allowed in the admin."""
    if editor:
        if request.path_info.startswith(f"{settings.ADMIN_URL_PREFIX}documents/"):
            return settings.WAGTAILDOCS_MAX_UPLOAD_SIZE + FORM_ALLOWANCE
        return max(
            settings.ADMIN_MAX_BODY_MB * 1024 * 1024,
            settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + FORM_ALLOWANCE,
        )
    return settings.PUBLIC_MAX_BODY_KB * 1024


def _is_editor_request(request) -> bool:
    if not request.path_info.startswith(settings.ADMIN_URL_PREFIX):
        return False
    user = getattr(request, "user", None)
    return bool(
        user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
    )


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        editor = _is_editor_request(request)
        declared = request.META.get("CONTENT_LENGTH")
        chunked = "HTTP_TRANSFER_ENCODING" in request.META
        if not declared and not chunked:
            return self._respond(request, editor=editor)
        limit = body_limit(request, editor=editor)
        if declared:
            try:
                length = int(declared)
            except ValueError:
                return HttpResponseBadRequest()
            if length < 0:
                return HttpResponseBadRequest()
            if length > limit:
                return request_too_large(request)
        elif not _buffer_unknown_length(request, limit):
            return request_too_large(request)
        return self._respond(request, editor=editor)

    def _respond(self, request, *, editor: bool):
        if editor:
            with field_limit_raised(settings.ADMIN_DATA_UPLOAD_MAX_NUMBER_FIELDS):
                return self.get_response(request)
        return self.get_response(request)


def _buffer_unknown_length(request, limit: int) -> bool:
    """Read a body of unknown length up to ``limit``; False if it is longer.

    Django reads nothing of a body without Content-Length under WSGI; buffered and given its
    length, a chunked upload is parsed like any other.
    """
    source = request.environ["wsgi.input"] if hasattr(request, "environ") else request._stream
    # Not a context manager: the buffer is the request's body from here on.
    buffer = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    length = 0
    while chunk := source.read(min(READ_CHUNK, limit + 1 - length)):
        length += len(chunk)
        if length > limit:
            buffer.close()
            return False
        buffer.write(chunk)
    buffer.seek(0)
    request.META["CONTENT_LENGTH"] = str(length)
    request._stream = LimitedStream(buffer, length)
    return True


def request_too_large(request) -> HttpResponse:
    """The site's 413 page: standalone, like the 500 page, so that refusing costs no queries."""
    return HttpResponse(loader.get_template("413.html").render(), status=413)
