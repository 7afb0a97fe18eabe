"""The daily housekeeping of the board: expiring listings and reminding their posters.

Both functions are idempotent and catch up after a missed day: a listing whose closing date has
passed expires whenever the job next runs, and each reminder is claimed with a conditional
update before it is sent, so two overlapping runs never send it twice.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from wagtail.search.tasks import insert_or_update_object_task

from ..models import (
    EXPIRING_STATUSES,
    Listing,
    ListingAction,
    ListingStatus,
    ListingStatusChange,
)
from ..rules import board_today

BATCH_SIZE = 500


def listings_expire(*, today: datetime.date | None = None) -> int:
    """Expire every live, paused or pending listing whose closing date is before ``today``.

    Expired listings are archived, never deleted: their page stays, labelled as expired, and
    the owner may extend them. Returns how many listings expired.

    Only tidying up: every public read already leaves out a listing past its closing day
    (``Listing.objects.visible``), so a late or missed run shows nobody a closed listing; this
    records the status, updates the search index and tells the poster.
    """
    from .moderation import _enqueue_notice

    today = today or board_today()
    expired = 0
    while True:
        with transaction.atomic():
            rows = list(
                Listing.objects.select_for_update(skip_locked=True)
                .filter(status__in=EXPIRING_STATUSES, closing_date__lt=today)
                .order_by("pk")
                .values_list("pk", "status")[:BATCH_SIZE]
            )
            if not rows:
                break
            ids = [pk for pk, _status in rows]
            Listing.objects.filter(pk__in=ids).update(
                status=ListingStatus.EXPIRED, updated_at=timezone.now()
            )
            ListingStatusChange.objects.bulk_create(
                [
                    ListingStatusChange(
                        listing_id=pk,
                        action=ListingAction.EXPIRED,
                        from_status=status,
                        to_status=ListingStatus.EXPIRED,
                    )
                    for pk, status in rows
                ]
            )
        # A queryset update sends no post_save, so the search index hears of it here.
        for pk, _status in rows:
            insert_or_update_object_task.enqueue("partnerbourse", "listing", str(pk))
        # Only posters whose listing was on the board hear about it (a pending listing's
        # poster is still waiting for the moderator).
        for pk, status in rows:
            if status != ListingStatus.PENDING:
                _enqueue_notice(listing_id=pk, notice="expired", reason="")
        expired += len(rows)
    return expired


def listing_reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind posters 7 days and 1 day before a published listing closes, once each.

    The 7-day reminder goes to listings that were on the board a week before closing (so a
    listing posted three days before its deadline is not told it "closes in a week"); if the job
    missed a day it is still sent while more than one day is left. Returns the counts sent.
    """
    from .moderation import _enqueue_notice

    today = today or board_today()
    now = timezone.now()
    sent = {"reminder_7": 0, "reminder_1": 0}
    tomorrow = today + datetime.timedelta(days=1)
    week = today + datetime.timedelta(days=7)

    one_day = Listing.objects.filter(
        status=ListingStatus.PUBLISHED,
        reminder_1d_sent_at__isnull=True,
        closing_date__gte=today,
        closing_date__lte=tomorrow,
    )
    for pk in list(one_day.values_list("pk", flat=True)):
        claimed = Listing.objects.filter(pk=pk, reminder_1d_sent_at__isnull=True).update(
            reminder_1d_sent_at=now,
            # The week reminder would only repeat the news now.
            reminder_7d_sent_at=now,
        )
        if claimed:
            _enqueue_notice(listing_id=pk, notice="reminder_1", reason="")
            sent["reminder_1"] += 1

    seven_days = Listing.objects.filter(
        status=ListingStatus.PUBLISHED,
        reminder_7d_sent_at__isnull=True,
        closing_date__gt=tomorrow,
        closing_date__lte=week,
    ).values_list("pk", "closing_date", "published_at")
    for pk, closing_date, published_at in list(seven_days):
        week_before = closing_date - datetime.timedelta(days=7)
        if published_at and timezone.localdate(published_at) > week_before:
            continue
        claimed = Listing.objects.filter(pk=pk, reminder_7d_sent_at__isnull=True).update(
            reminder_7d_sent_at=now
        )
        if claimed:
            _enqueue_notice(listing_id=pk, notice="reminder_7", reason="")
            sent["reminder_7"] += 1
    return sent
