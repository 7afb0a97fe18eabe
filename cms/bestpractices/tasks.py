"""Background work of best practices: relaying contact messages, so slow SMTP blocks no page."""

from django_tasks import task

from .notifications import best_practice_contact_deliver


@task()
def best_practice_contact_deliver_task(
    *, page_id: int, sender_name: str, sender_email: str, message: str, language: str
) -> bool:
    return best_practice_contact_deliver(
        page_id=page_id,
        sender_name=sender_name,
        sender_email=sender_email,
        message=message,
        language=language,
    )
