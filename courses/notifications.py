"""E-mails to learners, rendered in the learner's language (the one they completed the course
in, kept on the certificate), as plain text with an HTML alternative.

Mails are sent by tasks (``courses.tasks``), never by a request: a slow mail server must not hold
up the page that completed the course.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Locale

# A course title is typed by editors: in a subject it opens no header line and holds no bidi
# control.
from cms.core.text import one_line

from .models import Certificate
from .selectors.certificates import certificate_verification_url, site_root_url

CERTIFICATE_READY_TEMPLATE = "courses/email/certificate_ready"


def _course_title(certificate: Certificate, language: str) -> str:
    """The course's title in ``language`` where a live translation exists, else as certified."""
    course = certificate.course
    locale = Locale.objects.filter(language_code=language).first()
    if course is None or locale is None:
        return certificate.course_title
    translated = course.get_translation_or_none(locale)
    return translated.title if translated is not None and translated.live else course.title


def certificate_ready_mail_send(*, certificate_id: int) -> int:
    """Tells the learner their certificate is ready, with links to it; returns mails sent."""
    certificate = (
        Certificate.objects.select_related("user", "course")
        .filter(pk=certificate_id, user__isnull=False, revoked_at__isnull=True)
        .first()
    )
    if certificate is None or not certificate.user.email:
        return 0
    language = certificate.language
    root_url = site_root_url()
    with translation.override(language):
        context = {
            "learner_name": certificate.learner_name,
            "course_title": _course_title(certificate, language),
            "certificate_url": certificate_verification_url(
                certificate=certificate, root_url=root_url
            ),
            "dashboard_url": root_url + reverse("courses:dashboard"),
            "language": language,
        }
        context["subject"] = one_line(
            _("Your certificate is ready: %(course)s") % {"course": context["course_title"]}
        )
        text = render_to_string(f"{CERTIFICATE_READY_TEMPLATE}.txt", context)
        html = render_to_string(f"{CERTIFICATE_READY_TEMPLATE}.html", context)
    message = EmailMultiAlternatives(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{context['subject']}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[certificate.user.email],
    )
    message.attach_alternative(html, "text/html")
    return message.send()
