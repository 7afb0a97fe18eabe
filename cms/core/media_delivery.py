"""Who sends a stored recording or document once the site has checked that the visitor may have it.

Python should not: a recording is up to 500 MB and a player asks for it in many byte ranges, and
on S3 django-storages would first download the whole object into a temporary file for each one.
So, after the permission checks of the view that serves the file:

- on S3 the visitor is redirected to a signed URL that expires after ``MEDIA_S3_URL_EXPIRY``
  seconds, and S3 answers the ranges. The redirect is ``private, no-store``: a shared cache must
  never hand one person's signed URL to the next;
- on the local disk with ``MEDIA_SENDFILE`` set, the web server sends the file: nginx through an
  ``internal`` location (``X-Accel-Redirect`` to ``MEDIA_ACCEL_REDIRECT_PREFIX``), Apache through
  mod_xsendfile (``X-Sendfile``). Both answer ranges and conditional requests themselves;
- otherwise the caller streams the file as before.

Course recordings call ``offload_response``. Wagtail's document view calls ``presigned_redirect``
from a ``before_serve_document`` hook (cms/core/wagtail_hooks.py) and, for files on disk, this
module's ``sendfile`` as its ``SENDFILE_BACKEND``.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, HttpResponseRedirect

from wagtail.utils import sendfile_streaming_backend

SENDFILE_HEADERS = {"x-accel-redirect": "X-Accel-Redirect", "x-sendfile": "X-Sendfile"}


def _signs_urls(storage) -> bool:
    # Imported here: boto3 is slow to import and only S3 installations need it.
    from storages.backends.s3 import S3Storage

    return isinstance(storage, S3Storage) and storage.querystring_auth


def presigned_redirect(*, request, file, content_type: str = "", disposition: str = ""):
    """A redirect to a short-lived signed URL of ``file`` where its storage signs URLs (S3),
    else None. ``content_type`` and ``disposition`` make S3 answer with the headers the site
    would have sent."""
    storage = file.storage
    if not _signs_urls(storage):
        return None
    parameters = {}
    if content_type:
        parameters["ResponseContentType"] = content_type
    if disposition:
        parameters["ResponseContentDisposition"] = disposition
    url = storage.url(
        file.name,
        parameters=parameters,
        expire=settings.MEDIA_S3_URL_EXPIRY,
        # A signature covers the method: a HEAD needs a URL signed for HEAD.
        http_method="HEAD" if request.method == "HEAD" else "GET",
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


def sendfile_response(*, path: str, content_type: str = ""):
    """An empty response that tells the web server to send the file at ``path`` (under
    ``MEDIA_ROOT``), or None where ``MEDIA_SENDFILE`` is not set."""
    method = settings.MEDIA_SENDFILE
    if not method:
        return None
    if method not in SENDFILE_HEADERS:
        raise ImproperlyConfigured(
            f"MEDIA_SENDFILE must be empty, x-accel-redirect or x-sendfile, not {method!r}"
        )
    response = HttpResponse(content_type=content_type or "application/octet-stream")
    if method == "x-sendfile":
        response["X-Sendfile"] = str(path)
    else:
        relative = Path(path).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
        prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX.rstrip("/")
        # nginx decodes the URI it is given, so names with spaces or accents must be escaped.
        response["X-Accel-Redirect"] = f"{prefix}/{quote(relative.as_posix())}"
    return response


def offload_response(*, request, file, content_type: str = "", disposition: str = ""):
    """The response that lets S3 or the web server send ``file``, or None when the caller must
    stream it itself."""
    response = presigned_redirect(
        request=request, file=file, content_type=content_type, disposition=disposition
    )
    if response is not None or not settings.MEDIA_SENDFILE:
        return response
    try:
        path = file.path
    except NotImplementedError:  # a storage without local files that does not sign URLs
        return None
    return sendfile_response(path=path, content_type=content_type)


def sendfile(request, filename, mimetype=None, **kwargs):
    """Wagtail's ``SENDFILE_BACKEND`` interface (wagtail.utils.sendfile) for documents on disk:
    the web server sends them where ``MEDIA_SENDFILE`` is set, else Wagtail streams them."""
    response = sendfile_response(path=filename, content_type=mimetype or "")
    if response is None:
        response = sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    return response
