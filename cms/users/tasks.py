"""Background work of accounts: their e-mails (sign-up confirmation, password reset, allauth's
notices), so that no request waits for, or fails with, the mail server.

A send that fails (the server refuses or cannot be reached) is logged and, where the backend can
run a task later (``TASKS_BACKEND=database``), tried again after each of MAIL_RETRY_DELAYS; the
last failure stays in the task results. With the in-process default backend the failure is
logged and the request that queued the mail still answers as usual.
"""

import datetime
import logging

from django.utils import timezone

from django_tasks import task

from .notifications import account_mail_deliver, password_reset_mail_send

logger = logging.getLogger(__name__)

# Confirmation and reset links stay valid for days; a few tries over an hour or so are enough.
MAIL_RETRY_DELAYS = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=10),
    datetime.timedelta(hours=1),
)


def _send_or_retry(task_, send, *, attempt: int, **kwargs) -> int:
    try:
        return send(**kwargs)
    except OSError:  # smtplib's errors, a refused or timed-out connection
        if attempt <= len(MAIL_RETRY_DELAYS) and task_.get_backend().supports_defer:
            delay = MAIL_RETRY_DELAYS[attempt - 1]
            task_.using(run_after=timezone.now() + delay).enqueue(attempt=attempt + 1, **kwargs)
            logger.warning(
                "Account e-mail not sent (attempt %d), trying again in %s",
                attempt,
                delay,
                exc_info=True,
            )
        else:
            logger.error("Account e-mail not sent (attempt %d), giving up", attempt, exc_info=True)
        raise


@task()
def account_mail_send_task(*, message: dict, attempt: int = 1) -> int:
    """Send a message allauth rendered in the request (``notifications.account_mail_payload``)."""
    return _send_or_retry(
        account_mail_send_task, account_mail_deliver, attempt=attempt, message=message
    )


@task()
def password_reset_mail_task(*, email: str, language: str, attempt: int = 1) -> int:
    """Mail a password reset link to the accounts of ``email``, if there are any."""
    return _send_or_retry(
        password_reset_mail_task,
        password_reset_mail_send,
        attempt=attempt,
        email=email,
        language=language,
    )
