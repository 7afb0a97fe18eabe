"""The moderators' e-mail digest: one mail listing everything waiting for review.

Submitting a listing for review or creating an organisation (which then awaits verification)
enqueues ``moderation_digest_send_task``. The digest goes out at most once an hour, and only
when something arrived since the last one, so a busy morning is one mail, not twenty, and the
same backlog is not mailed again and again. When a run is held back by the hour it schedules
itself for the end of that hour (on a backend that can defer tasks); the daily housekeeping
also runs it, so nothing waits unannounced if scheduling is not available.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from cms.core.absolute_urls import absolute_url

from ..models import ModerationNotice
from ..selectors.moderation import moderation_waiting, moderator_emails
from .mail import board_mail_send

DIGEST_INTERVAL = datetime.timedelta(hours=1)


def moderation_digest_enqueue() -> None:
    """Ask for a digest once the current transaction commits (callers are services)."""
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    from ..tasks import moderation_digest_send_task

    moderation_digest_send_task.enqueue()


def _schedule(run_after: datetime.datetime) -> None:
    from ..tasks import moderation_digest_send_task

    task = moderation_digest_send_task.using(run_after=run_after)
    # The immediate backend (development, tests) cannot wait: the next submission or the
    # daily housekeeping sends the digest instead.
    if task.get_backend().supports_defer:
        transaction.on_commit(task.enqueue)


def _newest(waiting: dict) -> datetime.datetime | None:
    times = [listing.waiting_since for listing in waiting["listings"]]
    times += [organisation.created_at for organisation in waiting["organisations"]]
    return max(times, default=None)


@transaction.atomic
def moderation_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Mail the moderators what is waiting, unless a digest went out within the hour or they
    have heard of everything already; returns the number of mails sent (0 or 1)."""
    now = now or timezone.now()
    # Locking the last notice keeps two runs at the same moment from both sending.
    last = ModerationNotice.objects.select_for_update().order_by("-sent_at", "-pk").first()
    waiting = moderation_waiting()
    newest = _newest(waiting)
    if newest is None or (last is not None and newest <= last.sent_at):
        return 0
    if last is not None and now < last.sent_at + DIGEST_INTERVAL:
        _schedule(last.sent_at + DIGEST_INTERVAL)
        return 0
    recipients = moderator_emails()
    if not recipients:
        return 0
    item_count = waiting["listing_count"] + waiting["organisation_count"]
    ModerationNotice.objects.create(
        sent_at=now, item_count=item_count, recipient_count=len(recipients)
    )
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        subject = ngettext(
            "%(count)d item waiting for review on the partner board",
            "%(count)d items waiting for review on the partner board",
            item_count,
        ) % {"count": item_count}
        context = {
            "listings": [
                {
                    "object": listing,
                    "since": listing.waiting_since,
                    "url": absolute_url(reverse("partnerbourse_admin_review", args=[listing.pk])),
                }
                for listing in waiting["listings"]
            ],
            "organisations": [
                {
                    "object": organisation,
                    "since": organisation.created_at,
                    "url": absolute_url(
                        reverse("partnerbourse_admin_organisation", args=[organisation.pk])
                    ),
                }
                for organisation in waiting["organisations"]
            ],
            "now": now,
            "queue_url": absolute_url(reverse("partnerbourse_admin_pending")),
        }
    return board_mail_send(
        to=recipients,
        subject=subject,
        template="partnerbourse/email/moderation_digest.txt",
        context=context,
        language=language,
    )
