"""Saved searches and their e-mail digests.

A saved search stores the board's filters as the filter form cleans them (invalid values are
dropped), so it re-runs through the same form and selector as the board itself. A digest lists
the matching listings published since the search was saved that it has not sent before. The
``SavedSearchDelivery`` rows are committed (under a row lock on the searches, with the unique
constraint as a backstop) before the mail goes out, so no listing is ever sent twice; if the mail
server refuses a digest, its deliveries are deleted again and the next run retries it.

Unsubscribing needs no login: the link carries a signed token of the search and its owner
(``django.core.signing``), shown as a confirmation page (GET) that POSTs, plus an RFC 8058
one-click ``List-Unsubscribe-Post`` endpoint for mail clients.
"""

import dataclasses
import datetime
import functools
import itertools
import json
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..models import DigestFrequency, ListingKind, SavedSearch, SavedSearchDelivery
from ..selectors.listings import theme_choices
from ..selectors.saved_searches import (
    DigestCandidates,
    digest_candidates,
    digest_deliveries,
    due_condition,
    saved_searches_due_batches,
)
from .mail import absolute_url, board_url, one_line

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "partnerbourse.saved-search.unsubscribe"
MAX_PER_DIGEST = 30
MAX_SAVED_SEARCHES_PER_USER = 50


def normalise_query(query, *, themes=None) -> dict:
    """The valid board filters of ``query`` (a QueryDict or dict) as JSON-ready data."""
    from ..forms import board_filters_from_query

    if hasattr(query, "dict"):
        query = query.dict()
    filters = board_filters_from_query(
        {key: value for key, value in (query or {}).items() if key != "page"}, themes=themes
    )
    data = {}
    for field in dataclasses.fields(filters):
        value = getattr(filters, field.name)
        if value in ("", None) or (field.name == "sort"):
            continue
        data[field.name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def query_string(query: dict) -> str:
    return urlencode(sorted(query.items()))


@transaction.atomic
def saved_search_create(
    *, user, query, name: str = "", frequency: str = DigestFrequency.WEEKLY, language: str = ""
) -> SavedSearch:
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied
    if frequency not in DigestFrequency.values:
        raise ValidationError(_("Choose daily or weekly."))
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES_PER_USER:
        raise ValidationError(_("You have saved the maximum number of searches. Delete one first."))
    site_languages = {code for code, _name in settings.LANGUAGES}
    return SavedSearch.objects.create(
        user=user,
        name=one_line(name)[:200],
        query=normalise_query(query),
        frequency=frequency,
        language=language if language in site_languages else settings.LANGUAGE_CODE,
    )


def _own(saved_search: SavedSearch, user) -> None:
    if saved_search.user_id != getattr(user, "pk", None):
        raise PermissionDenied


@transaction.atomic
def saved_search_set_frequency(*, saved_search: SavedSearch, user, frequency: str) -> SavedSearch:
    """Change the digest frequency; this also resubscribes an unsubscribed search."""
    _own(saved_search, user)
    if frequency not in DigestFrequency.values:
        raise ValidationError(_("Choose daily or weekly."))
    saved_search.frequency = frequency
    saved_search.unsubscribed_at = None
    saved_search.save(update_fields=["frequency", "unsubscribed_at"])
    return saved_search


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch, user) -> None:
    _own(saved_search, user)
    saved_search.delete()


def unsubscribe_token(saved_search: SavedSearch) -> str:
    return _token(saved_search.pk, saved_search.user_id)


def _token(saved_search_id: int, user_id: int) -> str:
    return signing.dumps({"s": saved_search_id, "u": user_id}, salt=UNSUBSCRIBE_SALT)


def saved_search_for_token(*, token: str) -> SavedSearch | None:
    """The saved search a genuine token names (None for tampered or stale tokens)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return SavedSearch.objects.filter(pk=data.get("s"), user_id=data.get("u")).first()


@transaction.atomic
def saved_search_unsubscribe(*, token: str) -> SavedSearch | None:
    saved_search = saved_search_for_token(token=token)
    if saved_search is None:
        return None
    SavedSearch.objects.filter(pk=saved_search.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    saved_search.refresh_from_db()
    return saved_search


# Digests ------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Digest:
    """One digest about to go out: its search as selected (with the ``last_sent_at`` to
    restore if the mail cannot be sent) and the listings it lists."""

    search: dict
    rows: list[dict]


def saved_search_digests_send(
    *, frequency: str | None = None, now=None, batch_size: int = 500
) -> dict:
    """Send every due digest; returns counts of searches checked, digests sent and listings.

    Cost is per batch of searches and per distinct set of filters, not per search: searches
    with identical filters share one evaluation of them (users' searches repeat), and each batch
    takes a fixed number of queries (deliveries read, claimed, written in bulk). The deliveries
    are committed before any mail of the batch goes out, so no run can list a listing twice; a
    mail the server refuses has its deliveries released again, for the next run to retry."""
    now = now or timezone.now()
    themes = theme_choices()
    candidates: dict[str, DigestCandidates] = {}
    counts = {"checked": 0, "sent": 0, "listings": 0}
    mailer = _DigestMailer(now=now)
    for batch in saved_searches_due_batches(now=now, frequency=frequency, size=batch_size):
        counts["checked"] += len(batch)
        pending = {}
        for search in batch:
            key = json.dumps(search["query"], sort_keys=True)
            if key not in candidates:
                candidates[key] = digest_candidates(query=search["query"], now=now, themes=themes)
            rows = candidates[key].published_after(search["created_at"])
            if rows:
                pending[search["pk"]] = _Digest(search=search, rows=rows)
        if not pending:
            continue
        try:
            digests = _digests_claim(pending=pending, now=now, frequency=frequency)
        except IntegrityError:
            # A concurrent run delivered some of these first; its mails went out, and whatever
            # is left is still due for the next run.
            logger.warning("Saved-search digests: a concurrent run claimed a batch; skipped.")
            continue
        sent = mailer.send(digests)
        counts["sent"] += len(sent)
        counts["listings"] += sum(len(digest.rows) for digest in sent)
    return counts


@transaction.atomic
def _digests_claim(*, pending: dict[int, _Digest], now, frequency) -> list[_Digest]:
    """Lock the batch's searches, keep the listings each has not sent yet (at most
    ``MAX_PER_DIGEST``), mark them sent and record the deliveries: a fixed number of queries.

    The lock makes a concurrent run wait and then see these searches as no longer due (and the
    unique constraint stops it if it did not); a search unsubscribed meanwhile drops out."""
    still_due = set(
        SavedSearch.objects.select_for_update(of=("self",))  # not the joined users
        .filter(due_condition(now=now, frequency=frequency), pk__in=list(pending))
        .values_list("pk", flat=True)
    )
    if not still_due:
        return []
    delivered = digest_deliveries(
        saved_search_ids=sorted(still_due),
        min_listing_id=min(row["pk"] for pk in still_due for row in pending[pk].rows),
    )
    digests = []
    for pk in sorted(still_due):
        digest = pending[pk]
        already = delivered.get(pk, ())
        new = [row for row in digest.rows if row["pk"] not in already][:MAX_PER_DIGEST]
        if new:
            digests.append(_Digest(search=digest.search, rows=new))
    if not digests:
        return []
    SavedSearch.objects.filter(pk__in=[digest.search["pk"] for digest in digests]).update(
        last_sent_at=now
    )
    _deliveries_insert(
        [(digest.search["pk"], row["pk"]) for digest in digests for row in digest.rows], now=now
    )
    return digests


def _deliveries_insert(pairs: list[tuple[int, int]], *, now) -> None:
    """Insert (saved search, listing) delivery rows in bulk.

    A run records hundreds of thousands of these; ``bulk_create`` spent most of the run
    building model instances and preparing each value, and long multi-row INSERTs are slow to
    parse on PostgreSQL. So: two arrays unnested server-side on PostgreSQL, one prepared
    statement run many times elsewhere (SQLite's ``executemany`` loops in C). The values are
    ids and one timestamp passed as parameters; the unique constraint still applies."""
    if not pairs:
        return
    table = connection.ops.quote_name(SavedSearchDelivery._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(name) for name in ("saved_search_id", "listing_id", "sent_at")
    )
    sent_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                "SELECT s, l, %s FROM unnest(%s::bigint[], %s::bigint[]) AS d(s, l)"
            )
            for start in range(0, len(pairs), 50_000):
                chunk = pairs[start : start + 50_000]
                searches, listings = zip(*chunk, strict=True)
                cursor.execute(sql, [sent_at, list(searches), list(listings)])
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)",  # noqa: S608
                [(search, listing, sent_at) for search, listing in pairs],
            )


def _digest_release(*, digest: _Digest, now) -> None:
    """Undo a digest whose mail could not be sent: its listings become new again and the
    search due again (unless something else changed it meanwhile)."""
    pk = digest.search["pk"]
    with transaction.atomic():
        SavedSearchDelivery.objects.filter(
            saved_search_id=pk, listing_id__in=[row["pk"] for row in digest.rows]
        ).delete()
        SavedSearch.objects.filter(pk=pk, last_sent_at=now).update(
            last_sent_at=digest.search["last_sent_at"]
        )


class _DigestMailer:
    """Renders and sends digests for one run over one mail connection.

    Digests repeat the same listings, so each listing's lines are rendered once per language
    and the links that differ only by the search's token are built from one reversed pattern
    per language; the two templates are compiled once."""

    PLACEHOLDER = "unsubscribe-token-placeholder"

    def __init__(self, *, now):
        self.now = now
        self.body = get_template("partnerbourse/email/saved_search_digest.txt")
        self.item = get_template("partnerbourse/email/saved_search_digest_item.txt")
        self.entries: dict[tuple[str, int], str] = {}
        self.links: dict[str, dict[str, str]] = {}

    def send(self, digests: list[_Digest]) -> list[_Digest]:
        """Send ``digests`` (already recorded as delivered); returns those that went out."""
        if not digests:
            return []
        messages = []
        for language, group in itertools.groupby(
            sorted(digests, key=lambda digest: digest.search["language"]),
            key=lambda digest: digest.search["language"],
        ):
            with translation.override(language):
                messages.extend((digest, self._message(digest, language)) for digest in group)
        sent = []
        with get_connection() as mail_connection:
            for digest, message in messages:
                try:
                    mail_connection.send_messages([message])
                except Exception:
                    logger.exception("Saved-search digest %s not sent.", digest.search["pk"])
                    _digest_release(digest=digest, now=self.now)
                else:
                    sent.append(digest)
        return sent

    def _language_links(self, language: str) -> dict[str, str]:
        if language not in self.links:
            kwargs = {"token": self.PLACEHOLDER}
            self.links[language] = {
                "board": board_url("board", language=language),
                "manage": board_url("saved_searches", language=language),
                "unsubscribe": board_url(
                    "saved_search_unsubscribe", language=language, kwargs=kwargs
                ),
                "one_click": board_url(
                    "saved_search_unsubscribe_one_click", language=language, kwargs=kwargs
                ),
            }
        return self.links[language]

    def _entry(self, language: str, row: dict) -> str:
        key = (language, row["pk"])
        if key not in self.entries:
            self.entries[key] = self.item.render(
                {
                    **row,
                    "organisation": row["organisation_name"],
                    "url": _listing_url(language, row["pk"], row["slug"]),
                    "kind_label": _kind_label(language, row["kind"]),
                }
            ).strip()
        return self.entries[key]

    def _message(self, digest: _Digest, language: str) -> EmailMessage:
        """The digest's mail; called with ``language`` active."""
        search = digest.search
        links = self._language_links(language)
        # Signed tokens are URL-safe as they are (base64url and ":"), so they drop in unquoted.
        token = _token(search["pk"], search["user_id"])
        entries = [self._entry(language, row) for row in digest.rows]
        body = self.body.render(
            {
                "saved_search": {"name": search["name"]},
                "entries_text": "\n\n".join(entries),
                "count": len(entries),
                "board_url": links["board"] + "?" + query_string(search["query"]),
                "manage_url": links["manage"],
                "unsubscribe_url": links["unsubscribe"].replace(self.PLACEHOLDER, token),
            }
        )
        subject = _("New partner listings: %(name)s") % {
            "name": search["name"] or _("your saved search")
        }
        return EmailMessage(
            subject=f"{settings.EMAIL_SUBJECT_PREFIX}{one_line(subject)}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[search["user__email"]],
            headers={
                "List-Unsubscribe": f"<{links['one_click'].replace(self.PLACEHOLDER, token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


@functools.lru_cache(maxsize=20_000)
def _listing_url(language: str, pk: int, slug: str) -> str:
    """Many digests list the same listings: each link is built once per language."""
    with translation.override(language):
        return absolute_url(
            reverse("partnerbourse:listing_detail", kwargs={"pk": pk, "slug": slug})
        )


@functools.lru_cache(maxsize=200)
def _kind_label(language: str, kind: str) -> str:
    with translation.override(language):
        return str(ListingKind(kind).label)
