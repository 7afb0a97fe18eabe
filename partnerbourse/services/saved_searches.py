"""Saved searches and their e-mail digests.

A saved search stores the board's filters as the filter form cleans them (invalid values are
dropped), so it is read through the same form as the board's query string. A digest lists the
matching listings published since the search was saved that it has not sent before, newest
first. A run loads the new listings once and matches every search in memory with the board's
rules (``digest_matching``). The ``SavedSearchDelivery`` rows are committed (under a row lock on
the searches, with the unique constraint as a backstop) before the mail goes out, so no listing
is ever sent twice, however often a run is repeated or wherever it was interrupted; if the mail
server refuses a digest, its deliveries are deleted again and the next run retries it.

Unsubscribing needs no login: the link carries a signed token of the search and its owner
(``django.core.signing``), shown as a confirmation page (GET) that POSTs, plus an RFC 8058
one-click ``List-Unsubscribe-Post`` endpoint for mail clients.
"""

import dataclasses
import datetime
import functools
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

from django_tasks import TaskResultStatus

from cms.core.text import one_line

from ..digest_matching import ListingMatcher, NewListing
from ..forms import board_filters_from_query
from ..models import DigestFrequency, ListingKind, SavedSearch, SavedSearchDelivery
from ..selectors.listings import theme_choices
from ..selectors.saved_searches import (
    digest_deliveries,
    digest_listings,
    digest_mail_listings,
    digest_mail_searches,
    due_condition,
    saved_search_summary,
    saved_searches_due_batches,
    text_matches,
)
from .mail import absolute_url, board_url

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "partnerbourse.saved-search.unsubscribe"
MAX_PER_DIGEST = 30
MAX_SAVED_SEARCHES_PER_USER = 50


def normalise_query(query, *, themes=None) -> dict:
    """The valid board filters of ``query`` (a QueryDict or dict) as JSON-ready data."""
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
    filters = normalise_query(query)
    # Without a name the list and the digests would show "Saved search" for every search; the
    # filters in words (in the language of the request) are what people recognise.
    name = one_line(name)[:200] or saved_search_summary(filters)[:200]
    return SavedSearch.objects.create(
        user=user,
        name=name,
        query=filters,
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
    """One digest claimed by a run: its search (``DUE_FIELDS``) and the listings it lists."""

    search: dict
    listings: list[NewListing]

    def payload(self) -> dict:
        """What the mail task needs, as JSON (task arguments may be stored by the backend)."""
        previous = self.search["last_sent_at"]
        return {
            "saved_search": self.search["pk"],
            "listings": [listing.pk for listing in self.listings],
            "previous_sent_at": previous.isoformat() if previous else None,
        }


class _RunMatches:
    """The listings of one run's window and each distinct set of filters matched against them
    once: users' saved searches repeat, and the filter form is not free either."""

    def __init__(self, *, now: datetime.datetime):
        self.now = now
        self.matcher = ListingMatcher(digest_listings(now=now))
        self._themes = theme_choices()
        self._by_query: dict[str, list[NewListing]] = {}
        self._by_text: dict[str, set[int]] = {}

    def for_query(self, query: dict) -> list[NewListing]:
        key = json.dumps(query, sort_keys=True)
        if key not in self._by_query:
            filters = board_filters_from_query(query, themes=self._themes)
            found = None
            if filters.q:
                if filters.q not in self._by_text:
                    self._by_text[filters.q] = text_matches(q=filters.q, now=self.now)
                found = self._by_text[filters.q]
            self._by_query[key] = self.matcher.matching(filters, text_matches=found)
        return self._by_query[key]


def _new_listings(
    matched: list[NewListing], *, saved_at: datetime.datetime, delivered=frozenset()
) -> list[NewListing]:
    """From ``matched`` (newest first): those published after the search was saved and not
    sent before, at most ``MAX_PER_DIGEST`` (the rest wait for the next digest)."""
    new = []
    for listing in matched:
        if listing.published_at <= saved_at:
            break
        if listing.pk not in delivered:
            new.append(listing)
            if len(new) == MAX_PER_DIGEST:
                break
    return new


def saved_search_digests_send(
    *, frequency: str | None = None, now=None, batch_size: int = 500
) -> dict:
    """Send every due digest. Returns how many searches were checked, digests sent and
    listings listed, and how many digests were ``queued`` for a task worker to send.

    The run's window is fixed at ``now``: the listings published in it are loaded once and
    every search is matched in memory. Per batch of searches a fixed number of queries claims
    the digests (the searches locked, what they sent before read, their stamps and the new
    deliveries written in bulk) and commits before any mail goes out; then the batch's mails
    are one task, ``saved_search_digests_mail_task``, over one mail connection. Run inline with
    the immediate task backend, or by the workers of a queueing one."""
    from ..tasks import saved_search_digests_mail_task

    now = now or timezone.now()
    matches = _RunMatches(now=now)
    counts = {"checked": 0, "sent": 0, "listings": 0, "queued": 0}
    for batch in saved_searches_due_batches(now=now, frequency=frequency, size=batch_size):
        counts["checked"] += len(batch)
        pending = {
            search["pk"]: search
            for search in batch
            if _new_listings(matches.for_query(search["query"]), saved_at=search["created_at"])
        }
        if not pending:
            continue
        try:
            digests = _digests_claim(pending=pending, matches=matches, now=now, frequency=frequency)
        except IntegrityError:
            # A concurrent run delivered some of these first; its mails went out, and whatever
            # is left is still due for the next run.
            logger.warning("Saved-search digests: a concurrent run claimed a batch; skipped.")
            continue
        if not digests:
            continue
        result = saved_search_digests_mail_task.enqueue(
            window=now.isoformat(), digests=[digest.payload() for digest in digests]
        )
        if result.status == TaskResultStatus.SUCCESSFUL:
            counts["sent"] += result.return_value["sent"]
            counts["listings"] += result.return_value["listings"]
        elif result.status == TaskResultStatus.FAILED:
            logger.error("Saved-search digests: the mail task %s failed.", result.id)
        else:
            counts["queued"] += len(digests)
    return counts


@transaction.atomic
def _digests_claim(
    *, pending: dict[int, dict], matches: _RunMatches, now, frequency
) -> list[_Digest]:
    """Lock the searches, keep the listings each has not sent yet, stamp the searches and
    record the deliveries: a fixed number of queries for the whole batch.

    The lock makes a concurrent run wait and then see these searches as no longer due (and the
    unique constraint stops it if it did not); a search unsubscribed meanwhile drops out."""
    still_due = sorted(
        SavedSearch.objects.select_for_update(of=("self",))  # not the joined users
        .filter(due_condition(now=now, frequency=frequency), pk__in=list(pending))
        .values_list("pk", flat=True)
    )
    if not still_due:
        return []
    delivered = digest_deliveries(saved_search_ids=still_due, min_listing_id=matches.matcher.min_pk)
    digests = []
    for pk in still_due:
        search = pending[pk]
        listings = _new_listings(
            matches.for_query(search["query"]),
            saved_at=search["created_at"],
            delivered=delivered.get(pk, frozenset()),
        )
        if listings:
            digests.append(_Digest(search=search, listings=listings))
    if not digests:
        return []
    SavedSearch.objects.filter(pk__in=[digest.search["pk"] for digest in digests]).update(
        last_sent_at=now
    )
    _deliveries_insert(
        [(digest.search["pk"], listing.pk) for digest in digests for listing in digest.listings],
        now=now,
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


def saved_search_digests_mail(*, window: datetime.datetime, digests: list[dict]) -> dict:
    """Mail digests a run has claimed at ``window`` (``_Digest.payload``), over one connection.

    A search unsubscribed (or its user deactivated) since the claim gets nothing. A mail the
    server refuses is released: its deliveries are deleted and its previous stamp restored, so
    the next run retries it; so is the whole batch when the server cannot be reached or a mail
    cannot be built. Returns the digests sent and the listings they list."""
    searches = digest_mail_searches(
        saved_search_ids=[digest["saved_search"] for digest in digests], window=window
    )
    listings = digest_mail_listings(
        listing_ids={pk for digest in digests for pk in digest["listings"]}
    )
    composer = _DigestComposer(listings=listings)
    messages = []
    try:
        for digest in digests:
            search = searches.get(digest["saved_search"])
            if search:
                message, listed = composer.message(search, digest["listings"])
                if listed:
                    messages.append((digest, message, listed))
    except Exception:
        # Nothing was sent yet: release the batch for the next run rather than lose it.
        for digest in digests:
            _digest_release(digest=digest, window=window)
        raise
    counts = {"sent": 0, "listings": 0}
    if not messages:
        return counts
    mail_connection = get_connection()
    try:
        mail_connection.open()
    except Exception:
        logger.exception("Saved-search digests: no mail connection; %s released.", len(messages))
        for digest, _message, _listed in messages:
            _digest_release(digest=digest, window=window)
        return counts
    try:
        for digest, message, listed in messages:
            try:
                mail_connection.send_messages([message])
            except Exception:
                logger.exception("Saved-search digest %s not sent.", digest["saved_search"])
                _digest_release(digest=digest, window=window)
            else:
                counts["sent"] += 1
                counts["listings"] += listed
    finally:
        mail_connection.close()
    return counts


def _digest_release(*, digest: dict, window: datetime.datetime) -> None:
    """Undo a claimed digest whose mail was not sent: its listings become new again and the
    search due again (unless something else changed it meanwhile)."""
    pk = digest["saved_search"]
    previous = digest["previous_sent_at"]
    with transaction.atomic():
        SavedSearchDelivery.objects.filter(
            saved_search_id=pk, listing_id__in=digest["listings"], sent_at=window
        ).delete()
        SavedSearch.objects.filter(pk=pk, last_sent_at=window).update(
            last_sent_at=datetime.datetime.fromisoformat(previous) if previous else None
        )


# Where the search's signed token goes in the links built once per language.
_SIGNATURE_SLOT = "signed-search-id"


class _DigestComposer:
    """Builds the mails of one batch of digests. The batch lists the same listings many times
    over, so each listing's lines are looked up once per language (and rendered once per
    language and process, by ``_entry``); each mail is then one template render."""

    def __init__(self, *, listings: dict[int, dict]):
        self.listings = listings
        self.site_url = settings.SITE_URL
        self.lines: dict[tuple[str, int], str] = {}

    def _lines(self, language: str, pk: int) -> str:
        key = (language, pk)
        if key not in self.lines:
            self.lines[key] = _entry(self.site_url, language, **self.listings[pk])
        return self.lines[key]

    def message(self, search: dict, listing_ids: list[int]) -> tuple[EmailMessage | None, int]:
        """The digest mail of ``search`` in its language, and how many listings it lists
        (listings gone since the claim are left out; with none left there is no mail)."""
        language = search["language"]
        entries = [self._lines(language, pk) for pk in listing_ids if pk in self.listings]
        if not entries:
            return None, 0
        links = _language_links(self.site_url, language)
        # Signed tokens are URL-safe as they are (base64url and ":"), so they drop in unquoted.
        token = _token(search["pk"], search["user_id"])
        with translation.override(language):
            body = get_template("partnerbourse/email/saved_search_digest.txt").render(
                {
                    "saved_search": {"name": search["name"]},
                    "entries_text": "\n\n".join(entries),
                    "count": len(entries),
                    "board_url": links["board"] + "?" + query_string(search["query"]),
                    "manage_url": links["manage"],
                    "unsubscribe_url": links["unsubscribe"].replace(_SIGNATURE_SLOT, token),
                }
            )
            subject = _("New partner listings: %(name)s") % {
                "name": search["name"] or _("your saved search")
            }
        message = EmailMessage(
            subject=f"{settings.EMAIL_SUBJECT_PREFIX}{one_line(subject)}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[search["user__email"]],  # one recipient a mail: no address is shown to another
            headers={
                "List-Unsubscribe": f"<{links['one_click'].replace(_SIGNATURE_SLOT, token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        return message, len(entries)


@functools.lru_cache(maxsize=100)
def _language_links(site_url: str, language: str) -> dict[str, str]:
    """The digest's links in ``language`` (``site_url``, their start, keys the cache)."""
    kwargs = {"token": _SIGNATURE_SLOT}
    return {
        "board": board_url("board", language=language),
        "manage": board_url("saved_searches", language=language),
        "unsubscribe": board_url("saved_search_unsubscribe", language=language, kwargs=kwargs),
        "one_click": board_url(
            "saved_search_unsubscribe_one_click", language=language, kwargs=kwargs
        ),
    }


@functools.lru_cache(maxsize=20_000)
def _entry(
    site_url: str,
    language: str,
    *,
    pk: int,
    title: str,
    slug: str,
    kind: str,
    organisation_name: str,
    closing_date: datetime.date,
) -> str:
    """A listing's lines in a digest. Digests repeat the same listings, so each is rendered
    once per language and process (the arguments are everything it shows, so a changed
    listing is rendered anew)."""
    with translation.override(language):
        url = absolute_url(reverse("partnerbourse:listing_detail", kwargs={"pk": pk, "slug": slug}))
        context = {
            "title": title,
            "organisation": organisation_name,
            "closing_date": closing_date,
            "url": url,
            "kind_label": str(ListingKind(kind).label),
        }
        template = get_template("partnerbourse/email/saved_search_digest_item.txt")
        return template.render(context).strip()
