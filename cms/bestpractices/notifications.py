"""E-mails of best practices: a visitor's message relayed to the practice's private contact.

Sent by ``cms.bestpractices.tasks``, never by a request, so slow SMTP blocks no page.
"""

import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

# The contact follows the link on the public address, not the Site's host (SITE_URL).
from cms.core.absolute_urls import page_absolute_url

# Nothing a visitor types opens a mail header or turns the subject around (bidi controls).
from cms.core.text import one_line

logger = logging.getLogger(__name__)


def best_practice_contact_deliver(
    *, page_id: int, sender_name: str, sender_email: str, message: str, language: str
) -> bool:
    """Send one relayed message; False when the page or its contact address has gone since."""
    from .models import BestPracticePage

    page = BestPracticePage.objects.filter(pk=page_id).first()
    if page is None or not page.contact_email:
        logger.warning("Contact message for best practice %s dropped: no contact address", page_id)
        return False
    sender_name, sender_email = one_line(sender_name), one_line(sender_email)
    with translation.override(language):
        subject = _("Message about “%(title)s” from Heritage Hub") % {"title": one_line(page.title)}
        body = render_to_string(
            "bestpractices/contact_relay_email.txt",
            {
                "page": page,
                "page_url": page_absolute_url(page),
                "sender_name": sender_name,
                "message": message,
            },
        )
    EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[page.contact_email],
        reply_to=[formataddr((sender_name, sender_email))],
    ).send()
    return True
