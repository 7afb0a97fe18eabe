"""Writes for best practices: relaying a visitor's message to the practice's private contact."""

from django.conf import settings
from django.utils import translation

# Nothing a visitor types opens a mail header or turns the subject around (bidi controls).
from cms.core.text import one_line


def best_practice_contact_send(*, page, sender_name: str, sender_email: str, message: str) -> None:
    """Relay a visitor's message to the page's contact, in the background.

    The contact's address stays on the server; the visitor's address reaches the contact only as
    Reply-To of the relayed e-mail, so that answering is one click.
    """
    from .tasks import best_practice_contact_deliver_task

    if not page.contact_email:
        raise ValueError("This best practice has no contact e-mail address.")
    best_practice_contact_deliver_task.enqueue(
        page_id=page.pk,
        sender_name=one_line(sender_name),
        sender_email=one_line(sender_email),
        message=message,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
