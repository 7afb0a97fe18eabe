"""Certificates of completion and the editable template they are rendered from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin


class CertificateTemplate(TranslatableMixin, models.Model):
    """The wording, logo and signature of a certificate; translated so each learner gets their
    language.

    ``body`` may use {learner}, {course}, {date} and {hours}. The logo and the signature are
    images editors upload; without a signature image the certificate prints the signatory's
    name and role only, never a stand-in drawing.
    """

    name = models.CharField(_("name"), max_length=255)
    heading = models.CharField(_("heading"), max_length=255, default="Certificate of completion")
    body = models.TextField(
        _("text"),
        default="{learner} has completed the course {course} ({hours} CPD hours) on {date}.",
        help_text=_("You can use {learner}, {course}, {date} and {hours}."),
    )
    issuer_name = models.CharField(_("issuer"), max_length=255)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The organisation's logo, printed at the top of the certificate. A wide PNG with a "
            "transparent background looks best."
        ),
    )
    signatory_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signatory_role = models.CharField(_("signatory's role"), max_length=255, blank=True)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A scan of the signature, printed above the signatory's name. Without one, the "
            "certificate shows the name and role only."
        ),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), default=0, help_text=_("0 means the certificate never expires.")
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("heading"), FieldPanel("body")],
            heading=_("Wording"),
        ),
        MultiFieldPanel(
            [FieldPanel("issuer_name"), FieldPanel("logo")],
            heading=_("Issuer and logo"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_role"),
                FieldPanel("signature_image"),
            ],
            heading=_("Signature"),
        ),
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
    # Where the credential's revocation bit is published (``credentialStatus``). Empty for
    # certificates issued before status lists existed, until their credential is next downloaded.
    status_list = models.ForeignKey(
        "courses.CredentialStatusList",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    status_list_index = models.PositiveIntegerField(_("status list index"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            # Issued exactly once per learner and course, whatever runs concurrently.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(user__isnull=False, course__isnull=False),
                name="unique_certificate_per_learner_and_course",
            ),
            # One bit per certificate: two credentials sharing a bit would be revoked together.
            models.UniqueConstraint(
                fields=["status_list", "status_list_index"],
                name="unique_certificate_status_list_entry",
            ),
            models.CheckConstraint(
                condition=Q(status_list__isnull=True, status_list_index__isnull=True)
                | Q(status_list__isnull=False, status_list_index__isnull=False),
                name="certificate_status_list_entry_complete",
            ),
        ]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.course_title} ({self.code[:8]}…)"


class CredentialStatusList(models.Model):
    """A W3C Bitstring Status List: one revocation bit per certificate, published as a signed
    ``BitstringStatusListCredential`` that every Open Badges credential points to.

    The bits are not stored: they are read from the certificates' ``revoked_at`` (and whether
    they still have a holder) whenever the list is signed, so the published list cannot drift
    from what the verification page says. ``revision`` and ``changed_at`` change with every
    revocation, reinstatement and holder's account deletion on the list; the signed document is
    cached under the revision, and dated and signed at ``changed_at`` so that every server signs
    the same revision into the same bytes.

    Indexes are handed out at random (``courses.services.certificates``), as the specification
    asks, so that an index tells nothing about when a certificate was issued or how many were.
    """

    # The numbers are part of signed URLs; they are chosen by the service, never reused.
    id = models.PositiveIntegerField(primary_key=True)
    length = models.PositiveIntegerField(_("size"), default=131_072)
    allocated = models.PositiveIntegerField(_("entries allocated"), default=0)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    changed_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")

    def __str__(self) -> str:
        return f"Status list {self.pk}"
