"""Optional virus scanning of every uploaded image and document by ClamAV's clamd.

Off unless CLAMD_URL names a clamd (``unix:///run/clamav/clamd.ctl`` or ``tcp://host:3310``).
When it is set, each file is streamed to clamd with its INSTREAM command before it is stored,
and refused if clamd finds something. If clamd cannot be reached or cannot finish the scan
(it refuses streams over its StreamMaxLength), the upload is refused too: a scanner that is
down must not let files through unchecked. The protocol is a few lines (length-prefixed
chunks, a zero-length end, one reply line), so it is spoken here rather than through one of
the unmaintained client libraries.
"""

import logging
import socket
import struct
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
MAX_REPLY = 4096
INFECTED = _("This file contains a virus or other malware (%(name)s) and was not accepted.")
SCAN_UNAVAILABLE = _(
    "This file could not be checked for viruses, so it was not accepted. "
    "Please try again later, or tell the site's administrators if this keeps happening."
)


class ScanFailed(Exception):
    """clamd could not be reached or did not finish the scan."""


def upload_scan(*, file) -> None:
    """Refuse (``ValidationError``) an infected upload, or any upload while clamd is down.

    Does nothing when CLAMD_URL is not set. The file is left rewound.
    """
    url = getattr(settings, "CLAMD_URL", "")
    if not url:
        return
    try:
        found = clamd_instream(file, url=url, timeout=settings.CLAMD_TIMEOUT)
    except ScanFailed as error:
        logger.error("Upload refused, virus scan failed: %s", error)
        raise ValidationError(SCAN_UNAVAILABLE, code="scan_unavailable") from error
    if found:
        logger.warning("Upload refused, clamd found %s in %s", found, getattr(file, "name", ""))
        raise ValidationError(INFECTED % {"name": found}, code="infected")


def clamd_instream(file, *, url: str, timeout: float) -> str | None:
    """The name of what clamd found in ``file``, or None if it is clean.

    Raises ``ScanFailed`` when clamd cannot be reached or answers anything but a verdict.
    """
    try:
        with _connect(url, timeout) as connection:
            connection.sendall(b"zINSTREAM\0")
            file.seek(0)
            while chunk := file.read(CHUNK_SIZE):
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            reply = _reply(connection)
    except OSError as error:
        raise ScanFailed(f"clamd at {url}: {error}") from error
    finally:
        file.seek(0)
    # "stream: OK", "stream: <signature> FOUND", or "<reason> ERROR".
    verdict = reply.removeprefix("stream:").strip()
    if verdict == "OK":
        return None
    if verdict.endswith(" FOUND"):
        return verdict.removesuffix(" FOUND").strip() or "unknown"
    raise ScanFailed(f"clamd at {url} answered {reply!r}")


def clamd_address(url: str) -> tuple[int, object]:
    """The socket family and address for CLAMD_URL; ImproperlyConfigured if it is not one."""
    parts = urlsplit(url)
    if parts.scheme == "unix" and parts.path:
        return socket.AF_UNIX, parts.path
    if parts.scheme == "tcp" and parts.hostname:
        return socket.AF_INET, (parts.hostname, parts.port or 3310)
    raise ImproperlyConfigured(
        f"CLAMD_URL must be unix:///path/to/clamd.socket or tcp://host:port, not {url!r}"
    )


def _connect(url: str, timeout: float) -> socket.socket:
    family, address = clamd_address(url)
    if family == socket.AF_UNIX:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(address)
        except OSError:
            connection.close()
            raise
        return connection
    return socket.create_connection(address, timeout=timeout)


def _reply(connection: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < MAX_REPLY:
        data = connection.recv(MAX_REPLY)
        if not data:
            break
        reply += data
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
