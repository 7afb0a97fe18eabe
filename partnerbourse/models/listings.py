"""Listings (offers, requests, mentoring, calls), their status history and reports.

Nothing is deleted: a listing leaves the board by changing status (paused, filled, expired,
withdrawn) and every change is recorded in ``ListingStatusChange``, which is also where a
moderator's rejection reason is kept for the poster.

Countries, wanted organisation types and working languages are rows of ``ListingFacet`` rather
than JSON lists: JSON containment lookups do not exist on SQLite, while an indexed
``(facet, value)`` table filters with one ``EXISTS`` per criterion on both databases and loads for
a whole page of listings in one prefetch query.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from ..rules import board_today, is_open_on
from .choices import COUNTRY_NAMES, LANGUAGE_NAMES, LANGUAGES, OrganisationType, Programme


class ListingKind(models.TextChoices):
    PARTNER_OFFER = "partner_offer", _("Partner offer")
    PARTNER_REQUEST = "partner_request", _("Partner request")
    MENTORING_OFFER = "mentoring_offer", _("Mentoring offered")
    MENTORING_SEEK = "mentoring_seek", _("Mentoring sought")
    CALL = "call", _("Call for participation")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    FILLED = "filled", _("Filled")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RoleSought(models.TextChoices):
    LEAD = "lead", _("Lead partner (coordinator)")
    PARTNER = "partner", _("Partner")
    ASSOCIATE = "associate", _("Associated partner")


def visible_q(*, now=None, prefix: str = "") -> models.Q:
    """Listings everyone may see on the board at ``now``: published and not past their closing
    day (``rules``). Every public read filters with this, so a listing leaves the board, feeds,
    search, matching and digests at midnight, not when the daily job gets round to expiring it.
    ``prefix`` reaches listings from a related model (``"listing__"``)."""
    return models.Q(
        **{
            f"{prefix}status": ListingStatus.PUBLISHED,
            f"{prefix}closing_date__gte": board_today(now),
        }
    )


class ListingQuerySet(models.QuerySet):
    def visible(self, *, now=None) -> "ListingQuerySet":
        return self.filter(visible_q(now=now))


class Listing(index.Indexed, models.Model):
    """One post on the board, owned by an organisation (set by the service, never by a form)."""

    organisation = models.ForeignKey(
        "partnerbourse.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="listings",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ListingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, allow_unicode=False)
    description = models.TextField(
        _("description"),
        help_text=_(
            "Markdown: **bold**, *italic*, lists, links. HTML is not allowed and is removed."
        ),
    )
    language = models.CharField(
        _("written in"),
        max_length=8,
        choices=LANGUAGES,
        help_text=_("The language of the title and description."),
    )
    programme = models.CharField(
        _("funding programme"), max_length=32, choices=Programme.choices, default=Programme.NONE
    )
    action = models.CharField(
        _("action or call"),
        max_length=200,
        blank=True,
        help_text=_("For example KA220-ADU Cooperation partnerships in adult education."),
    )
    programme_deadline = models.DateField(_("call deadline"), null=True, blank=True)
    role_sought = models.CharField(
        _("role sought"), max_length=16, choices=RoleSought.choices, blank=True
    )
    themes = models.ManyToManyField(
        "core.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    closing_date = models.DateField(
        _("closing date"),
        help_text=_("The listing expires after this day. Defaults to the call deadline."),
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_listings_contact",
        help_text=_("Internal: receives responses. Never shown publicly."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ListingStatus.choices,
        default=ListingStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reminder_7d_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_1d_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
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

    objects = ListingQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("action"),
        # For the site search: the programme by name, who posts it and what it is about.
        index.SearchField("get_programme_display"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        # Visitors type a country or theme in whichever site language they think in
        # ("Deutschland", "Tyskland", "Germania"), whatever the listing is written in.
        index.SearchField("search_countries_text"),
        index.SearchField("search_themes_text"),
        index.FilterField("status"),
        index.FilterField("kind"),
        index.FilterField("programme"),
        index.FilterField("language"),
        index.FilterField("closing_date"),
        index.FilterField("published_at"),
        index.FilterField("organisation_id"),
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="pb_listing_status_pub"),
            models.Index(fields=["status", "closing_date"], name="pb_listing_status_closing"),
        ]
        permissions = [("moderate_board", _("Can moderate the partner board"))]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerbourse:listing_detail", kwargs={"pk": self.pk, "slug": self.slug})

    def _facet_values(self, facet: str) -> list[str]:
        # Reads the prefetched rows when ``facets`` was prefetched (selectors do), so lists stay
        # at a constant number of queries.
        return sorted(f.value for f in self.facets.all() if f.facet == facet)

    @property
    def countries_in(self) -> list[str]:
        return self._facet_values(ListingFacet.Facet.COUNTRY_IN)

    @property
    def countries_wanted(self) -> list[str]:
        return self._facet_values(ListingFacet.Facet.COUNTRY_WANTED)

    @property
    def organisation_types_wanted(self) -> list[str]:
        return self._facet_values(ListingFacet.Facet.ORGANISATION_TYPE)

    @property
    def working_languages(self) -> list[str]:
        return self._facet_values(ListingFacet.Facet.LANGUAGE)

    @property
    def countries_in_names(self) -> list[str]:
        return [str(COUNTRY_NAMES.get(c, c)) for c in self.countries_in]

    @property
    def countries_wanted_names(self) -> list[str]:
        return [str(COUNTRY_NAMES.get(c, c)) for c in self.countries_wanted]

    @property
    def organisation_types_wanted_labels(self) -> list[str]:
        labels = dict(OrganisationType.choices)
        return [str(labels.get(t, t)) for t in self.organisation_types_wanted]

    @property
    def working_language_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(c, c)) for c in self.working_languages]

    @property
    def language_name(self) -> str:
        return str(LANGUAGE_NAMES.get(self.language, self.language))

    @property
    def is_public(self) -> bool:
        """Whether the detail page is shown to everyone (live, or archived as filled/expired)."""
        return self.status in PUBLIC_STATUSES

    @property
    def is_archived(self) -> bool:
        return self.shown_status in (ListingStatus.FILLED, ListingStatus.EXPIRED)

    @property
    def is_open(self) -> bool:
        """On the board and taking responses now: ``visible_q`` for one listing."""
        return self.status == ListingStatus.PUBLISHED and is_open_on(self.closing_date)

    @property
    def shown_status(self) -> str:
        """The status as people see it: a listing past its closing day is expired even before
        the daily job records it."""
        if self.status in EXPIRING_STATUSES and not is_open_on(self.closing_date):
            return ListingStatus.EXPIRED
        return self.status

    def get_shown_status_display(self) -> str:
        return str(ListingStatus(self.shown_status).label)

    @classmethod
    def get_indexed_objects(cls):
        # What ``search_countries_text`` and ``search_themes_text`` read, loaded per chunk when
        # the index is rebuilt rather than once per listing.
        return super().get_indexed_objects().prefetch_related("facets", "themes")

    def search_countries_text(self) -> str:
        """The organisation's country and the countries the listing names, in every site
        language, for the search index."""
        codes = {self.organisation.country, *self.countries_in, *self.countries_wanted} - {""}
        return _in_every_language([COUNTRY_NAMES[code] for code in codes if code in COUNTRY_NAMES])

    def search_themes_text(self) -> str:
        """The listing's themes under every locale's name, for the search index (listings point
        at default-locale themes; their translations are rows of their own)."""
        from cms.core.models import Theme

        keys = [theme.translation_key for theme in self.themes.all()]
        if not keys:
            return ""
        names = Theme.objects.filter(translation_key__in=keys).values_list("name", flat=True)
        return " ".join(sorted(set(names)))


def _in_every_language(labels) -> str:
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.update(str(label) for label in labels)
    return " ".join(sorted(names))


# Published listings are on the board; filled and expired ones keep a public, clearly labelled
# archive page so links from mails and partners' sites do not break. Drafts, pending, paused and
# withdrawn listings are only visible to the organisation's members and moderators.
PUBLIC_STATUSES = (ListingStatus.PUBLISHED, ListingStatus.FILLED, ListingStatus.EXPIRED)
# What the daily job expires once the closing day is over.
EXPIRING_STATUSES = (ListingStatus.PUBLISHED, ListingStatus.PAUSED, ListingStatus.PENDING)


class ListingFacet(models.Model):
    """One value of a multi-valued listing attribute (a country, organisation type or language)."""

    class Facet(models.TextChoices):
        COUNTRY_IN = "country_in", _("Country already in")
        COUNTRY_WANTED = "country_wanted", _("Country wanted")
        ORGANISATION_TYPE = "organisation_type", _("Organisation type wanted")
        LANGUAGE = "language", _("Working language")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=24, choices=Facet.choices)
    value = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "facet", "value"], name="partnerbourse_unique_facet"
            )
        ]
        indexes = [models.Index(fields=["facet", "value", "listing"], name="pb_facet_lookup")]
        verbose_name = _("listing attribute")
        verbose_name_plural = _("listing attributes")

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class ListingAction(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    FILLED = "filled", _("Marked filled")
    EXTENDED = "extended", _("Closing date extended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    REPORTED = "reported", _("Sent to review after a report")


class ListingStatusChange(models.Model):
    """The history of a listing: who did what, and the moderator's reason for a rejection."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="status_changes")
    action = models.CharField(_("action"), max_length=16, choices=ListingAction.choices)
    from_status = models.CharField(max_length=16, choices=ListingStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ListingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("listing status change")
        verbose_name_plural = _("listing status changes")

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.action}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    MISLEADING = "misleading", _("Misleading or fraudulent")
    OFFENSIVE = "offensive", _("Offensive content")
    PERSONAL_DATA = "personal_data", _("Exposes personal data")
    OTHER = "other", _("Other")


class ListingReport(models.Model):
    """A user's report of a listing; it puts the listing in the moderators' queue."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_listing_reports",
    )
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason.choices)
    message = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("listing report")
        verbose_name_plural = _("listing reports")

    def __str__(self) -> str:
        return f"{self.listing}: {self.get_reason_display()}"
