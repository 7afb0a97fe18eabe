"""Saved searches and their e-mail digests.

A saved search stores the board's filters as the filter form cleans them (invalid values are
dropped), so it re-runs through the same form and selector as the board itself. A digest lists
the matching listings published since the search was saved that it has not sent before: the
``SavedSearchDelivery`` rows are written in the same transaction as the decision to send, and the
unique constraint makes a concurrent second run fail rather than send twice (if sending fails,
the transaction rolls back and the next run tries again).

Unsubscribing needs no login: the link carries a signed token of the search and its owner
(``django.core.signing``), shown as a confirmation page (GET) that POSTs, plus an RFC 8058
one-click ``List-Unsubscribe-Post`` endpoint for mail clients.
"""

import dataclasses
import datetime
import functools
import json

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..models import DigestFrequency, ListingKind, SavedSearch, SavedSearchDelivery
from ..selectors.listings import board_queryset, theme_choices
from .mail import absolute_url, board_url, one_line

UNSUBSCRIBE_SALT = "partnerbourse.saved-search.unsubscribe"
MAX_PER_DIGEST = 30
# Listings older than this are not "new" for any digest (a weekly digest looks back 7 days).
LOOKBACK = datetime.timedelta(days=35)
# Slack so that a daily cron job a little earlier than yesterday's still sends.
DUE_AFTER = {
    DigestFrequency.DAILY: datetime.timedelta(hours=20),
    DigestFrequency.WEEKLY: datetime.timedelta(days=6, hours=20),
}
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
    return signing.dumps({"s": saved_search.pk, "u": saved_search.user_id}, salt=UNSUBSCRIBE_SALT)


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


def _due(now: datetime.datetime, frequency: str | None):
    condition = Q()
    for value, interval in DUE_AFTER.items():
        if frequency and value != frequency:
            continue
        condition |= Q(frequency=value) & (
            Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - interval)
        )
    return (
        SavedSearch.objects.filter(condition, unsubscribed_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )


def _candidates(query: dict, *, now, themes) -> list[dict]:
    """Recently published listings matching ``query``, newest first, as plain data."""
    from ..forms import board_filters_from_query

    filters = dataclasses.replace(board_filters_from_query(query, themes=themes), sort="newest")
    rows = (
        board_queryset(filters=filters)
        .filter(published_at__gte=now - LOOKBACK)
        .select_related("organisation")
        .only(
            "pk",
            "title",
            "slug",
            "kind",
            "language",
            "closing_date",
            "published_at",
            "organisation__name",
        )[:500]
    )
    return [
        {
            "pk": listing.pk,
            "published_at": listing.published_at,
            "title": listing.title,
            "slug": listing.slug,
            "kind": listing.kind,
            "language": listing.language,
            "closing_date": listing.closing_date,
            "organisation": listing.organisation.name,
        }
        for listing in rows
    ]


def _in_chunks(ids: list[int], size: int = 1000):
    """Saved searches with their users, a chunk at a time (no open cursor while writing)."""
    for start in range(0, len(ids), size):
        yield from (
            SavedSearch.objects.filter(pk__in=ids[start : start + size])
            .select_related("user")
            .order_by("pk")
        )


def saved_search_digests_send(*, frequency: str | None = None, now=None) -> dict:
    """Send every due digest; listings are computed once per distinct set of filters."""
    now = now or timezone.now()
    themes = theme_choices()
    cache: dict[str, list[dict]] = {}
    counts = {"checked": 0, "sent": 0, "listings": 0}
    connection = get_connection()
    memo: dict = {}
    due_ids = list(_due(now, frequency).values_list("pk", flat=True))
    for saved_search in _in_chunks(due_ids):
        counts["checked"] += 1
        key = json.dumps(saved_search.query, sort_keys=True)
        if key not in cache:
            cache[key] = _candidates(saved_search.query, now=now, themes=themes)
        candidates = [row for row in cache[key] if row["published_at"] > saved_search.created_at]
        if not candidates:
            continue
        sent = saved_search_digest_send(
            saved_search=saved_search,
            candidates=candidates,
            now=now,
            connection=connection,
            memo=memo,
        )
        if sent:
            counts["sent"] += 1
            counts["listings"] += sent
    return counts


@transaction.atomic
def saved_search_digest_send(
    *, saved_search: SavedSearch, candidates: list[dict], now, connection=None, memo=None
) -> int:
    """Send one digest of the ``candidates`` not sent before; returns how many it listed."""
    # One bound instead of a long IN list: deliveries of lower ids cannot be candidates.
    delivered = set(
        SavedSearchDelivery.objects.filter(
            saved_search_id=saved_search.pk,
            listing_id__gte=min(row["pk"] for row in candidates),
        ).values_list("listing_id", flat=True)
    )
    new = [row for row in candidates if row["pk"] not in delivered][:MAX_PER_DIGEST]
    if not new:
        return 0
    # Claims the row (a concurrent run waits here, then its deliveries below collide with
    # ours on the unique constraint and its transaction rolls back without sending).
    claimed = SavedSearch.objects.filter(pk=saved_search.pk, unsubscribed_at__isnull=True).update(
        last_sent_at=now
    )
    if not claimed:
        return 0
    SavedSearchDelivery.objects.bulk_create(
        [SavedSearchDelivery(saved_search_id=saved_search.pk, listing_id=row["pk"]) for row in new]
    )
    _digest_mail(saved_search, new, connection=connection, memo=memo)
    return len(new)


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


def _listing_entry(language: str, row: dict, memo: dict | None) -> str:
    """One listing's lines in a digest; digests repeat listings, so each is rendered once per
    language and run (``memo``)."""
    key = (language, row["pk"])
    if memo is not None and key in memo:
        return memo[key]
    entry = render_to_string(
        "partnerbourse/email/saved_search_digest_item.txt",
        {
            **row,
            "url": _listing_url(language, row["pk"], row["slug"]),
            "kind_label": _kind_label(language, row["kind"]),
        },
    ).strip()
    if memo is not None:
        memo[key] = entry
    return entry


def _digest_mail(
    saved_search: SavedSearch, rows: list[dict], *, connection=None, memo: dict | None = None
) -> None:
    language = saved_search.language
    token = unsubscribe_token(saved_search)
    with translation.override(language):
        entries = [_listing_entry(language, row, memo) for row in rows]
        unsubscribe_url = board_url(
            "saved_search_unsubscribe", language=language, kwargs={"token": token}
        )
        one_click_url = board_url(
            "saved_search_unsubscribe_one_click", language=language, kwargs={"token": token}
        )
        body = render_to_string(
            "partnerbourse/email/saved_search_digest.txt",
            {
                "saved_search": saved_search,
                "entries": entries,
                "count": len(entries),
                "board_url": board_url("board", language=language)
                + "?"
                + query_string(saved_search.query),
                "manage_url": board_url("saved_searches", language=language),
                "unsubscribe_url": unsubscribe_url,
            },
        )
        subject = _("New partner listings: %(name)s") % {
            "name": saved_search.name or _("your saved search")
        }
    EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{one_line(subject)}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[saved_search.user.email],
        headers={
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        connection=connection,
    ).send()
