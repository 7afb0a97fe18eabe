"""Background and scheduled work of the partner board (django-tasks).

``board_daily_task`` is what the daily ``manage.py partnerbourse_daily`` command enqueues: expire
listings past their closing date and send the 7-day and 1-day reminders. E-mails are tasks of
their own so that a slow mail server blocks no page.
"""

from django_tasks import task

from .services.expiry import listing_reminders_send, listings_expire
from .services.moderation import listing_notice_send
from .services.organisations import invitation_mail_send


@task()
def listing_notice_send_task(*, listing_id: int, notice: str, reason: str = "") -> int:
    return listing_notice_send(listing_id=listing_id, notice=notice, reason=reason)


@task()
def invitation_mail_send_task(*, invitation_id: int, language: str) -> int:
    return invitation_mail_send(invitation_id=invitation_id, language=language)


@task()
def moderation_digest_send_task() -> int:
    from .services.moderation_digest import moderation_digest_send

    return moderation_digest_send()


@task()
def board_daily_task() -> dict:
    expired = listings_expire()
    reminders = listing_reminders_send()
    # A catch-up for a digest held back by the hourly limit where tasks cannot be deferred.
    from .services.moderation_digest import moderation_digest_send

    digests = moderation_digest_send()
    return {"expired": expired, **reminders, "moderation_digests": digests}


# Responding and saved searches: relayed response e-mails and digest batches.


@task()
def response_mail_send_task(*, response_id: int, event: str, message_id: int | None = None) -> int:
    from .services.responses import response_mail_send

    return response_mail_send(response_id=response_id, event=event, message_id=message_id)


@task()
def saved_search_digests_mail_task(*, window: str, digests: list[dict]) -> dict:
    """One batch of digests a run has claimed: mailed over one connection."""
    import datetime

    from .services.saved_searches import saved_search_digests_mail

    return saved_search_digests_mail(
        window=datetime.datetime.fromisoformat(window), digests=digests
    )
