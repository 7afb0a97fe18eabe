"""Organisations on the partner board, their members and pending invitations.

An organisation is created by a signed-in user, who becomes its first admin. Moderators verify
organisations (recording what the verification rests on); listings of unverified organisations
go through the moderation queue before they are published. An admin may close it: its listings
are withdrawn, its members and invitations go, and it is no longer shown; the row stays, as its
listings and the responses to them do.
"""

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from .choices import COUNTRIES, COUNTRY_NAMES, LANGUAGE_NAMES, OrganisationSize, OrganisationType


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


class VerificationEvidence(models.TextChoices):
    EMAIL_DOMAIN = "email_domain", _("Member e-mail matches the organisation's web domain")
    IDENTIFIER = "identifier", _("EU PIC, Erasmus+ OID or ISIL checked")
    REGISTER = "register", _("Public register or official website checked")
    OTHER = "other", _("Other (see note)")


class Organisation(index.Indexed, models.Model):
    """A museum, archive, university or other body that posts and answers listings.

    ``themes`` point at the default-locale ``core.Theme`` terms (translations share their
    ``translation_key``), so matching compares one term per subject whatever the language.
    ``working_languages`` is a list of ISO 639-1 codes from ``choices.LANGUAGES``.
    """

    name = models.CharField(_("name"), max_length=200)
    # The name's keys (``cms.core.text``), set by the services with the name: no two open
    # organisations may have names that look the same ("Museum", and the same with a Cyrillic s)
    # or differ in case or accents only ("ΜΟΥΣΕΙΟ", "Μουσείο"). NULL, which a unique index skips
    # on every database, only on a row from before the rule whose name was an older
    # organisation's look-alike; it gets its keys when its profile is next saved, under a name
    # of its own.
    name_skeleton = models.CharField(  # noqa: DJ001
        max_length=400, null=True, blank=True, editable=False
    )
    name_skeleton_folded = models.CharField(  # noqa: DJ001
        max_length=400, null=True, blank=True, editable=False
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    organisation_type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Plain text; blank lines start a new paragraph, web addresses become links."),
    )
    themes = models.ManyToManyField(
        "core.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    size = models.CharField(_("size"), max_length=16, choices=OrganisationSize.choices, blank=True)
    pic = models.CharField(
        _("EU PIC"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("A PIC has nine digits."))],
        help_text=_("Participant Identification Code of the EU Funding & Tenders portal."),
    )
    oid = models.CharField(
        _("Erasmus+ OID"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^E\d{8}$", _("An OID is E followed by eight digits."))],
    )
    isil = models.CharField(
        _("ISIL"),
        max_length=16,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9]{1,4}-[A-Za-z0-9:/\-]{1,11}$",
                _("An ISIL looks like DK-710100."),
            )
        ],
        help_text=_("International Standard Identifier for Libraries and Related Organizations."),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verification_evidence = models.CharField(
        _("verification evidence"),
        max_length=32,
        choices=VerificationEvidence.choices,
        blank=True,
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="partner_organisations",
        verbose_name=_("members"),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("city"),
        index.FilterField("organisation_type"),
        index.FilterField("country"),
        index.FilterField("verified_at"),
    ]

    class Meta:
        ordering = ["name"]
        constraints = [
            # A closed organisation is shown nowhere, so its name is free again (for the same
            # museum coming back, say).
            models.UniqueConstraint(
                fields=["name_skeleton"],
                condition=Q(closed_at__isnull=True),
                name="partnerbourse_unique_open_organisation_name",
            ),
            models.UniqueConstraint(
                fields=["name_skeleton_folded"],
                condition=Q(closed_at__isnull=True),
                name="partnerbourse_unique_open_organisation_name_folded",
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerbourse:organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def country_name(self) -> str:
        return str(COUNTRY_NAMES.get(self.country, self.country))

    @property
    def working_language_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.working_languages]


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class OrganisationMembership(models.Model):
    """A user acting for an organisation. Admins edit the profile and invite members."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_memberships"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="partnerbourse_unique_membership"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == MembershipRole.ADMIN


class OrganisationInvitation(models.Model):
    """An e-mailed invitation to join an organisation; the random token is the link's secret.

    The invitation can be accepted once, by a signed-in user whose verified e-mail address is the
    invited one, before ``expires_at``.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="partnerbourse_one_open_invitation_per_email",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"
