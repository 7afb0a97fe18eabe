"""Link collections: curated lists of external platforms, and each link's last check."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from cms.core.models import ContentPage, IndexPage, keywords_field

from .panels import LinkCheckPanel


class LinkKind(models.TextChoices):
    PARTNER_SEARCH = "partner_search", _("Partner search platform")
    FUNDING = "funding", _("Funding")
    NETWORK = "network", _("Network")
    TRAINING = "training", _("Training")
    TOOL = "tool", _("Tool")
    OTHER = "other", _("Other")


class LinkCheckResult(models.TextChoices):
    OK = "ok", _("Working")
    REDIRECT = "redirect", _("Redirects")
    BROKEN = "broken", _("Broken")
    TIMEOUT = "timeout", _("No answer")
    ERROR = "error", _("Could not be checked")


class LinkCollectionPage(ContentPage):
    """A curated, grouped list of external platforms (funding, partner search, networks...)."""

    keywords = keywords_field(related_name="link_collection_pages")

    parent_page_types = ["linkcollections.LinkCollectionIndexPage"]
    content_panels = [
        *Page.content_panels,
        *ContentPage.intro_panels,
        FieldPanel("body"),
        InlinePanel("links", label=_("Links")),
        LinkCheckPanel(heading=_("Link check")),
        *ContentPage.classification_panels,
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.RelatedFields(
            "links", [index.SearchField("title"), index.SearchField("description")]
        ),
    ]

    class Meta:
        verbose_name = _("link collection")
        verbose_name_plural = _("link collections")


class CollectionLink(Orderable):
    """One external link of a collection, with the outcome of the last link check."""

    page = ParentalKey(LinkCollectionPage, on_delete=models.CASCADE, related_name="links")
    group = models.CharField(
        _("group"),
        max_length=120,
        blank=True,
        help_text=_("Links with the same group are listed together."),
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("URL"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=35,
        blank=True,
        help_text=_("Language of the linked site, e.g. en."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=LinkKind.choices, default=LinkKind.OTHER
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    last_check_result = models.CharField(
        _("result of the last check"),
        max_length=20,
        choices=LinkCheckResult.choices,
        blank=True,
        editable=False,
    )
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True, editable=False
    )
    last_check_detail = models.CharField(
        _("details of the last check"), max_length=1000, blank=True, editable=False
    )

    panels = [
        FieldPanel("group"),
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("language"),
        FieldPanel("kind"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title

    @property
    def is_broken(self) -> bool:
        return self.last_check_result in {
            LinkCheckResult.BROKEN,
            LinkCheckResult.TIMEOUT,
            LinkCheckResult.ERROR,
        }


class LinkCollectionIndexPage(IndexPage):
    listing_model = LinkCollectionPage
    subpage_types = ["linkcollections.LinkCollectionPage"]

    class Meta:
        verbose_name = _("link collection index")
