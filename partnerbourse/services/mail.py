"""The board's outgoing e-mail: rendered in the recipient's language, header-injection safe.

Nothing a user typed reaches a header unchanged: subjects pass through ``one_line`` (no line
breaks, no bidi controls), and only addresses the site holds (never a visitor's input) are used
as recipients.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

# Every link in a mail is on the public address, SITE_URL, as in the site's other mails.
from cms.core.absolute_urls import absolute_url
from cms.core.text import one_line


def board_url(name: str, *, language: str, kwargs: dict | None = None) -> str:
    """An absolute link into the board in ``language`` (e-mails have no request to build from)."""
    with translation.override(language):
        return absolute_url(reverse(f"partnerbourse:{name}", kwargs=kwargs))


def board_mail_send(
    *, to: list[str], subject: str, template: str, context: dict, language: str
) -> int:
    """Render ``template`` (plain text) in ``language`` and send it; returns messages sent."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    with translation.override(language):
        body = render_to_string(template, context)
    message = EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{one_line(str(subject))}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    return message.send()
