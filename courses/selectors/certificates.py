"""Reads about certificates: looking one up by its public code, and what verification shows."""

import logging
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import SourceImageIOError
from wagtail.models import Locale

import segno

# Links printed on paper and in mails, where no request can tell the address: SITE_URL.
from cms.core.absolute_urls import site_root_url

from ..models import Certificate, CertificateTemplate

logger = logging.getLogger(__name__)

# ``secrets.token_urlsafe(32)`` gives 43 characters; codes of other lengths may come from older
# data, so anything URL-safe and plausibly long is looked up, anything else is not.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,64}")


class CertificateStatus:
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    # The holder deleted their account: the certificate was issued, but is no longer anyone's.
    HOLDER_REMOVED = "holder_removed"


@dataclass(frozen=True)
class CertificateVerification:
    certificate: Certificate
    status: str

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate with this code, or None for an unknown code and a malformed one alike."""
    if not CODE_PATTERN.fullmatch(code or ""):
        return None
    return Certificate.objects.select_related("course").filter(code=code).first()


def certificate_for_owner(*, user, code: str) -> Certificate | None:
    """The certificate with this code if it belongs to ``user``; None for everyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    certificate = certificate_by_code(code=code)
    if certificate is None or certificate.user_id != user.pk:
        return None
    return certificate


def certificate_holder_removed(*, certificate: Certificate) -> bool:
    """Whether the certificate has lost its holder: account deletion cuts the link to the
    account (``certificates_erase_learner``), and so does removing the account row outright.
    Every certificate is issued to an account, so a missing one always means this."""
    return certificate.user_id is None


def certificate_status(*, certificate: Certificate, now=None) -> str:
    """Revoked wins over everything: a revoked certificate says why, whatever its dates. A
    certificate whose holder deleted their account is never "valid": it still shows what was
    issued and when, but no longer vouches for a person."""
    now = now or timezone.now()
    if certificate.revoked_at is not None:
        return CertificateStatus.REVOKED
    if certificate_holder_removed(certificate=certificate):
        return CertificateStatus.HOLDER_REMOVED
    if certificate.expires_at is not None and certificate.expires_at <= now:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


def certificate_verification(*, code: str) -> CertificateVerification | None:
    certificate = certificate_by_code(code=code)
    if certificate is None:
        return None
    return CertificateVerification(
        certificate=certificate, status=certificate_status(certificate=certificate)
    )


def certificates_for_learner(*, user):
    """The learner's certificates, newest first, for the dashboard and the data export."""
    return Certificate.objects.filter(user=user).select_related("course").order_by("-issued_at")


# -- The certificate as a PDF ---------------------------------------------------------------------

PDF_TEMPLATE = "courses/certificate_pdf.html"
PDF_STYLESHEET = "css/certificate-pdf.css"
_PLACEHOLDER = re.compile(r"\{(learner|course|date|hours)\}")
# Renditions about twice the printed size (the logo at most 80 x 24 mm, the signature 70 x 20 mm,
# see the stylesheet): sharp on paper, small enough to keep the PDF light and the render fast.
LOGO_RENDITION = "max-640x240|format-png"
SIGNATURE_RENDITION = "max-560x160|format-png"
# The learner's name is set in 24 pt; longer names get a smaller size (classes in the stylesheet)
# so that they take at most two lines on the page. A line holds about 28 characters at 24 pt,
# 38 at 18 pt and 46 at 15 pt; names longer still wrap at spaces and hyphens.
LEARNER_NAME_SIZES = ((28, ""), (56, "learner-long"))
LEARNER_NAME_LONGEST = "learner-longest"


@dataclass(frozen=True)
class PrintedImage:
    """An image of the certificate template, as a rendition the PDF renderer reads from storage."""

    src: str
    width: int
    height: int


def _printed_image(image, spec: str) -> PrintedImage | None:
    """A rendition addressed under ``MEDIA_URL``, relative to the document's base URL.

    Whatever the storage serves renditions from (local disk, S3 with signed URLs), that address
    is one ``SiteFilesFetcher`` reads from the storage itself, so rendering never goes out to
    the network. An image whose file is missing is left out rather than failing the PDF.
    """
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:
        logger.warning("Certificate image %s has no file; printed without it", image.pk)
        return None
    return PrintedImage(
        src=f"{settings.MEDIA_URL}{quote(rendition.file.name)}",
        width=rendition.width,
        height=rendition.height,
    )


def learner_name_class(name: str) -> str:
    """The stylesheet class that sets a name of this length in a size that fits the page."""
    for longest, css_class in LEARNER_NAME_SIZES:
        if len(name) <= longest:
            return css_class
    return LEARNER_NAME_LONGEST


def certificate_verification_url(*, certificate: Certificate, root_url: str | None = None) -> str:
    """The absolute address of the public verification page, in the certificate's language."""
    with translation.override(certificate.language):
        path = reverse("courses:certificate_verify", kwargs={"code": certificate.code})
    return f"{root_url if root_url is not None else site_root_url()}{path}"


def certificate_template_for(*, certificate: Certificate) -> CertificateTemplate | None:
    """The course's certificate template in the certificate's language, else as it was written."""
    course = certificate.course
    template = course.certificate_template if course is not None else None
    if template is None:
        return None
    locale = Locale.objects.filter(language_code=certificate.language).first()
    if locale is None or locale.pk == template.locale_id:
        return template
    return template.get_translation_or_none(locale) or template


def _course_title_for(*, certificate: Certificate) -> str:
    """The course title in the certificate's language where the course has a translation."""
    course = certificate.course
    if course is None:
        return certificate.course_title
    locale = Locale.objects.filter(language_code=certificate.language).first()
    translated = course.get_translation_or_none(locale) if locale is not None else None
    return (
        translated.title if translated is not None and translated.live else certificate.course_title
    )


def certificate_pdf_context(*, certificate: Certificate, root_url: str | None = None) -> dict:
    """What the PDF shows; call it with the certificate's language active."""
    template = certificate_template_for(certificate=certificate)
    issued_on = date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT")
    hours = number_format(certificate.cpd_hours.normalize(), use_l10n=True)
    course_title = _course_title_for(certificate=certificate)
    values = {
        "learner": certificate.learner_name or str(_("Name removed at the learner's request")),
        "course": course_title,
        "date": issued_on,
        "hours": hours,
    }
    body = (
        template.body
        if template is not None
        else CertificateTemplate._meta.get_field("body").get_default()
    )
    verification_url = certificate_verification_url(certificate=certificate, root_url=root_url)
    qr = segno.make(verification_url, error="m")
    return {
        "certificate": certificate,
        "template": template,
        "heading": template.heading if template is not None else _("Certificate of completion"),
        # Only the four placeholders are replaced: an editor's text is not a format string.
        "body": _PLACEHOLDER.sub(lambda match: values[match.group(1)], body),
        "learner_name": values["learner"],
        "learner_name_class": learner_name_class(values["learner"]),
        # Only what editors uploaded: no logo or signature is made up when there is none.
        "logo": _printed_image(template.logo if template else None, LOGO_RENDITION),
        "signature": _printed_image(
            template.signature_image if template else None, SIGNATURE_RENDITION
        ),
        "course_title": course_title,
        "issued_on": issued_on,
        "expires_on": (
            date_format(timezone.localtime(certificate.expires_at), "DATE_FORMAT")
            if certificate.expires_at
            else ""
        ),
        "hours": hours,
        "verification_url": verification_url,
        # A PNG lays out faster in WeasyPrint than an SVG path of hundreds of modules.
        "qr_data_uri": qr.png_data_uri(scale=6, border=2),
    }


def certificate_pdf_render(*, certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 PDF in the certificate's language.

    Images (the logo and the signature) come from the site's own storage, never the network;
    the QR code is inline.
    """
    root_url = site_root_url()
    base_url = f"{root_url}/"
    with translation.override(certificate.language):
        html = render_to_string(
            PDF_TEMPLATE, certificate_pdf_context(certificate=certificate, root_url=root_url)
        )
    from cms.core.pdf import pdf_render  # imported here: slow, see cms.core.pdf

    return pdf_render(html=html, base_url=base_url, stylesheet=PDF_STYLESHEET)


def certificate_pdf_filename(*, certificate: Certificate) -> str:
    title = slugify(certificate.course_title, allow_unicode=True) or "course"
    return f"certificate-{title}.pdf"


# -- Personal data ---------------------------------------------------------------------------------


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def learner_course_data(*, user) -> dict:
    """Everything the courses app holds about a learner, JSON-ready, for the data download.

    A fixed number of queries however many courses, modules and attempts there are.
    """
    from ..models import Enrolment, ModuleProgress, QuizAttempt

    enrolments = Enrolment.objects.filter(user=user).select_related("course").order_by("pk")
    progress = ModuleProgress.objects.filter(user=user).select_related("module").order_by("pk")
    attempts = (
        QuizAttempt.objects.filter(user=user)
        .select_related("module")
        .prefetch_related("answers__question")
        .order_by("module_id", "number")
    )
    return {
        "enrolments": [
            {
                "course": enrolment.course.title,
                "enrolled_at": _iso(enrolment.enrolled_at),
                "completed_at": _iso(enrolment.completed_at),
            }
            for enrolment in enrolments
        ],
        "module_progress": [
            {
                "module": record.module.title,
                "watched_intervals": record.watched_intervals,
                "watched_seconds": record.watched_seconds,
                "resume_position_seconds": record.position_seconds,
                "watching_confirmed_at": _iso(record.watched_confirmed_at),
                "viewing_started_at": _iso(record.viewing_started_at),
                "last_progress_report_at": _iso(record.last_report_at),
                "completed_at": _iso(record.completed_at),
                "updated_at": _iso(record.updated_at),
            }
            for record in progress
        ],
        "quiz_attempts": [
            {
                "module": attempt.module.title,
                "number": attempt.number,
                "started_at": _iso(attempt.started_at),
                "submitted_at": _iso(attempt.submitted_at),
                "score_percent": (
                    float(attempt.score_percent) if attempt.score_percent is not None else None
                ),
                "passed": attempt.passed,
                "answers": [
                    {
                        "question": answer.question.text if answer.question else None,
                        "chosen_choices": answer.choice_ids,
                        "text": answer.text,
                        "credit": answer.credit,
                        "correct": answer.is_correct,
                    }
                    for answer in sorted(attempt.answers.all(), key=lambda answer: answer.pk)
                ],
            }
            for attempt in attempts
        ],
        "certificates": [
            {
                "code": certificate.code,
                "course": certificate.course_title,
                "learner_name": certificate.learner_name,
                "cpd_hours": float(certificate.cpd_hours),
                "issuer": certificate.issuer_name,
                "language": certificate.language,
                "issued_at": _iso(certificate.issued_at),
                "expires_at": _iso(certificate.expires_at),
                "revoked_at": _iso(certificate.revoked_at),
                "revocation_reason": certificate.revocation_reason,
                "verification_url": certificate_verification_url(certificate=certificate),
            }
            for certificate in certificates_for_learner(user=user)
        ],
    }
