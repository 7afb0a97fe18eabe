"""Writes of link collections: checking links and recording what the check found.

A check asks the linked site with HEAD (GET where HEAD is refused), follows up to five
redirects itself so that every hop is checked for its scheme, and never reads a response body.
The network work runs in a small thread pool and never touches the database; the results are
written from the calling thread, so the check works inside any transaction (and in tests).
"""

import http.client
import socket
import ssl
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone

from .models import CollectionLink, LinkCheckResult
from .selectors import links_to_check

DEFAULT_TIMEOUT = 10.0
MAX_REDIRECTS = 5
MAX_WORKERS = 8
ALLOWED_SCHEMES = {"http", "https"}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Servers that do not implement HEAD answer these; the same URL is then asked with GET.
HEAD_REFUSED_STATUSES = {405, 501}
DETAIL_MAX_LENGTH = CollectionLink._meta.get_field("last_check_detail").max_length


def user_agent() -> str:
    # Site owners who see the checker in their logs can tell who it is and where to ask.
    return f"HeritageHubLinkChecker/1.0 (+{settings.SITE_URL})"


@dataclass(frozen=True)
class LinkCheckOutcome:
    result: str
    status_code: int | None = None
    detail: str = ""


class _DoNotFollowRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as HTTPError, so the checker follows them itself: it counts the hops
    and refuses any that leave http(s) (urllib would follow ftp://, for one)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_DoNotFollowRedirects)


def _ask(url: str, *, method: str, timeout: float) -> tuple[int, str | None]:
    """The status of one request and the Location it redirects to, if it does."""
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked by the caller)
        url, method=method, headers={"User-Agent": user_agent(), "Accept": "*/*"}
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, None
    except HTTPError as error:
        with error:
            return error.code, error.headers.get("Location")


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, socket.gaierror):
        return f"DNS lookup failed: {reason.strerror or reason}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {getattr(reason, 'verify_message', None) or reason.reason or reason}"
    if isinstance(reason, ConnectionRefusedError):
        return "Connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _is_timeout(error: BaseException) -> bool:
    # urllib wraps errors while connecting in URLError, but not those while awaiting the answer.
    reason = getattr(error, "reason", None)
    return isinstance(error, TimeoutError) or isinstance(reason, TimeoutError)


def link_probe(*, url: str, timeout: float = DEFAULT_TIMEOUT) -> LinkCheckOutcome:
    """Ask the web what a URL leads to. Network only: safe to call from any thread."""
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        if urlsplit(current).scheme.lower() not in ALLOWED_SCHEMES:
            return LinkCheckOutcome(
                LinkCheckResult.ERROR, detail=f"Not a web (http/https) address: {current}"
            )
        try:
            status, location = _ask(current, method="HEAD", timeout=timeout)
            if status in HEAD_REFUSED_STATUSES:
                status, location = _ask(current, method="GET", timeout=timeout)
        except (URLError, OSError, http.client.HTTPException, ValueError) as error:
            if _is_timeout(error):
                return LinkCheckOutcome(
                    LinkCheckResult.TIMEOUT, detail=f"No answer within {timeout:g} seconds"
                )
            return LinkCheckOutcome(LinkCheckResult.ERROR, detail=_reason(error))
        if status in REDIRECT_STATUSES and location:
            current = urljoin(current, location)
            continue
        moved_to = current if current != url else ""
        if status >= 400:
            return LinkCheckOutcome(LinkCheckResult.BROKEN, status, moved_to)
        if moved_to:
            return LinkCheckOutcome(LinkCheckResult.REDIRECT, status, moved_to)
        return LinkCheckOutcome(LinkCheckResult.OK, status)
    return LinkCheckOutcome(
        LinkCheckResult.ERROR, status, f"More than {MAX_REDIRECTS} redirects, last to {current}"
    )


def link_record_check(*, link: CollectionLink, outcome: LinkCheckOutcome, checked_at=None) -> None:
    """Store a check's outcome on a link, touching only the check's own columns.

    An update rather than save() leaves the page, its revisions and any edit in progress alone.
    """
    link.last_checked_at = checked_at or timezone.now()
    link.last_check_result = outcome.result
    link.last_status_code = outcome.status_code
    link.last_check_detail = outcome.detail[:DETAIL_MAX_LENGTH]
    CollectionLink.objects.filter(pk=link.pk).update(
        last_checked_at=link.last_checked_at,
        last_check_result=link.last_check_result,
        last_status_code=link.last_status_code,
        last_check_detail=link.last_check_detail,
    )


def link_check(*, link: CollectionLink, timeout: float = DEFAULT_TIMEOUT) -> LinkCheckOutcome:
    """Check one link now and record the outcome on it."""
    outcome = link_probe(url=link.url, timeout=timeout)
    link_record_check(link=link, outcome=outcome)
    return outcome


def links_check_all(
    *,
    page_id: int | None = None,
    only_problems: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = MAX_WORKERS,
    on_checked=None,
) -> dict[str, int]:
    """Check every collection link (or one page's, or only those that failed last time).

    Each distinct URL is asked once, however many links (translations, say) share it. Returns
    how many links were checked and how many ended in each result; ``on_checked(link, outcome)``
    is called for each link as its result is recorded.
    """
    links = list(links_to_check(page_id=page_id, only_problems=only_problems))
    by_url: dict[str, list[CollectionLink]] = {}
    for link in links:
        by_url.setdefault(link.url, []).append(link)
    summary = Counter({"checked": 0, **{result.value: 0 for result in LinkCheckResult}})
    if not by_url:
        return dict(summary)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(by_url)))) as pool:
        outcomes = pool.map(lambda url: link_probe(url=url, timeout=timeout), by_url)
        for url, outcome in zip(by_url, outcomes, strict=True):
            checked_at = timezone.now()
            for link in by_url[url]:
                link_record_check(link=link, outcome=outcome, checked_at=checked_at)
                summary["checked"] += 1
                summary[outcome.result] += 1
                if on_checked is not None:
                    on_checked(link, outcome)
    return dict(summary)
