"""A real, local S3-compatible server for tests of media on S3: moto's server mode on a free port
of this machine, with the default storage pointed at a bucket on it (django-storages'
S3Storage, as ``MEDIA_STORAGE=s3`` configures it). The app and the tests talk HTTP to it, as they
would to S3; nothing in boto is mocked.

The server's request log (werkzeug's, one line per answered request) is collected, so that a
test can show which requests reached the storage: for instance that the site never read an
object that it handed out by a signed URL.
"""

import contextlib
import logging
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

import boto3

BUCKET = "heritage-hub-test-media"
REQUEST_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3})')
ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class S3Server:
    endpoint_url: str
    bucket: str
    # (method, path with query, status) of each request the server answered, in order.
    requests: list[tuple[str, str, int]] = field(default_factory=list)

    def requests_for(self, key: str) -> list[tuple[str, str, int]]:
        """The requests that named the object ``key`` of the bucket."""
        prefix = f"/{self.bucket}/{key}"
        return [r for r in self.requests if r[1] == prefix or r[1].startswith(f"{prefix}?")]

    def wait_for(self, method: str, *, key: str, timeout: float = 5.0) -> None:
        """Wait until the log shows a ``method`` request for ``key``: the server writes the line
        just after it has sent the response."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(r[0] == method for r in self.requests_for(key)):
                return
            time.sleep(0.01)
        raise AssertionError(f"no {method} of {key} in the server's log")


class _RequestLog(logging.Handler):
    def __init__(self, server: S3Server):
        super().__init__(level=logging.INFO)
        self.server = server

    def emit(self, record):
        match = REQUEST_LINE.search(ANSI_STYLE.sub("", record.getMessage()))
        if match:
            self.server.requests.append((match["method"], match["path"], int(match["status"])))


@contextlib.contextmanager
def s3_media_storage(settings, *, url_expiry: int = 300):
    """Start the server, create the bucket and make it the default storage for the test."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    s3 = S3Server(endpoint_url=f"http://{host}:{port}", bucket=BUCKET)
    werkzeug_log = logging.getLogger("werkzeug")
    handler, level = _RequestLog(s3), werkzeug_log.level
    werkzeug_log.setLevel(logging.INFO)
    werkzeug_log.addHandler(handler)
    credentials = {"access_key": "testing", "secret_key": "testing"}
    try:
        boto3.client(
            "s3",
            endpoint_url=s3.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id=credentials["access_key"],
            aws_secret_access_key=credentials["secret_key"],
        ).create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                # What cms/settings/base.py sets for MEDIA_STORAGE=s3.
                "OPTIONS": {
                    **credentials,
                    "bucket_name": BUCKET,
                    "endpoint_url": s3.endpoint_url,
                    "region_name": "us-east-1",
                    "location": "media",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            },
        }
        settings.MEDIA_S3_URL_EXPIRY = url_expiry
        settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
        yield s3
    finally:
        werkzeug_log.removeHandler(handler)
        werkzeug_log.setLevel(level)
        # moto keeps its buckets in this process, shared by every server: start the next empty.
        reset_url = f"{s3.endpoint_url}/moto-api/reset"
        reset = urllib.request.Request(reset_url, method="POST")  # noqa: S310
        urllib.request.urlopen(reset, timeout=10).close()  # noqa: S310
        server.stop()


def fetch(url: str, *, headers: dict[str, str] | None = None, method: str = "GET"):
    """Fetch a URL of the local server the way a browser would follow a redirect to it:
    (status, headers, body); HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
