"""Certificates of completion and the editable template they are rendered from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin


class CertificateTemplate(TranslatableMixin, models.Model):
    """The wording and signature of a certificate; translated so each learner gets their language.

    ``body`` may use {learner}, {course}, {date} and {hours}.
    """

    name = models.CharField(_("name"), max_length=255)
    heading = models.CharField(_("heading"), max_length=255, default="Certificate of completion")
    body = models.TextField(
        _("text"),
        default="{learner} has completed the course {course} ({hours} CPD hours) on {date}.",
        help_text=_("You can use {learner}, {course}, {date} and {hours}."),
    )
    issuer_name = models.CharField(_("issuer"), max_length=255)
    signatory_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signatory_role = models.CharField(_("signatory's role"), max_length=255, blank=True)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), default=0, help_text=_("0 means the certificate never expires.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("heading"),
        FieldPanel("body"),
        FieldPanel("issuer_name"),
        FieldPanel("signatory_name"),
        FieldPanel("signatory_role"),
        FieldPanel("signature_image"),
        FieldPanel("validity_months"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A certificate of completion, verifiable by its code.

    It keeps its own copy of what it certifies (names, hours, issuer), so it stays verifiable
    when the course changes or the learner's account is deleted (the name is then erased).
    """

    code = models.CharField(_("code"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    learner_name = models.CharField(_("learner"), max_length=255, blank=True)
    course_title = models.CharField(_("course"), max_length=255)
    cpd_hours = models.DecimalField(_("CPD hours"), max_digits=5, decimal_places=1)
    issuer_name = models.CharField(_("issuer"), max_length=255)
    language = models.CharField(_("language"), max_length=10)
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            # Issued exactly once per learner and course, whatever runs concurrently.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(user__isnull=False, course__isnull=False),
                name="unique_certificate_per_learner_and_course",
            )
        ]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.course_title} ({self.code[:8]}…)"
