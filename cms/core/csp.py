"""The Content-Security-Policy rules that depend on the request or outlive it.

The policies themselves are settings (``CONTENT_SECURITY_POLICY`` for the site,
``ADMIN_CONTENT_SECURITY_POLICY`` for the Wagtail admin); ``cms.core.middleware`` chooses one per
response. Two cases need more than a choice:

- Wagtail renders previews (edit, add, revisions, workflow review, wagtail-localize's translation
  preview, any previewable snippet) by sending a fake request for the public URL through the whole
  middleware stack, and shows the result in a frame of the admin. Those responses keep the public
  policy but must be framable by the admin.
- Every ``<script>`` the site runs carries the response's nonce. The page cache stores a response
  with its header and body, so a hit gets a new nonce before it leaves: a nonce that repeats is one
  an attacker can read off an earlier copy and reuse.
"""

import base64
import os
import re

from csp.constants import HEADER

NONCE_SOURCE = re.compile(r"'nonce-([A-Za-z0-9+/]+={0,2})'")


def request_is_preview(request) -> bool:
    """Whether the response is a Wagtail preview render, which the admin shows in a frame.

    ``is_dummy`` is set on the fake request before any middleware runs, ``is_preview`` once it
    reaches the preview view; either is enough.
    """
    return bool(getattr(request, "is_dummy", False) or getattr(request, "is_preview", False))


def new_nonce() -> str:
    # The same size and alphabet as django-csp's own, so a renewed response keeps its length.
    return base64.b64encode(os.urandom(16)).decode("ascii")


def response_nonce_renew(response) -> None:
    """Replace the nonce of a stored response, in its policy and in its scripts' attributes."""
    policy = response.get(HEADER, "")
    match = NONCE_SOURCE.search(policy)
    if match is None:
        return
    old, new = match.group(1), new_nonce()
    response[HEADER] = policy.replace(f"'nonce-{old}'", f"'nonce-{new}'")
    # Only the attribute the templates write: text that merely contains the old value stays.
    response.content = response.content.replace(
        f'nonce="{old}"'.encode("ascii"), f'nonce="{new}"'.encode("ascii")
    )
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
