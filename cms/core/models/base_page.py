from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase


class TaggedPage(TaggedItemBase):
    """Free keywords, shared by every page type so that one keyword lists pages of all kinds."""

    content_object = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="tagged_keyword_items"
    )


def keywords_field(*, related_name: str) -> ClusterTaggableManager:
    """Free keywords for a page type. Each type names its own reverse relation from the tag."""
    return ClusterTaggableManager(
        verbose_name=_("keywords"), through=TaggedPage, blank=True, related_name=related_name
    )


class BasePage(Page):
    """What every public page has: how it appears in listings, cards and search engines."""

    listing_title = models.CharField(
        _("listing title"),
        max_length=255,
        blank=True,
        help_text=_("Shorter title for cards and lists. Defaults to the page title."),
    )
    listing_summary = models.TextField(
        _("listing summary"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences shown in cards, lists and search results."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in cards and when the page is shared on social media."),
    )
    listing_image_url = models.URLField(
        _("listing image on another site"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Where an import left the picture on its original server; cards show it from there "
            "until a listing image is chosen."
        ),
    )
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [
                FieldPanel("listing_title"),
                FieldPanel("listing_summary"),
                FieldPanel("listing_image"),
                FieldPanel("listing_image_url"),
            ],
            heading=_("Listing and sharing"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("listing_summary"),
        index.SearchField("search_description"),
        index.FilterField("locale"),
    ]

    # The choice field whose label names a page's kind on cards (a news item's category, say).
    # Every page type answers ``card_kind`` without a failing lookup: a template's missing
    # attribute makes Django call dir() on the object, which costs more than the whole card.
    card_kind_field: str | None = None

    class Meta:
        abstract = True

    @property
    def card_kind(self) -> str:
        if self.card_kind_field:
            label = getattr(self, f"get_{self.card_kind_field}_display")()
            if label:
                return label
        return capfirst(self._meta.verbose_name)

    @property
    def card_date(self):
        """The date a card shows; pages without one (a standard page) show none."""
        return getattr(self, "date", None)

    @property
    def display_title(self) -> str:
        return self.listing_title or self.title

    @property
    def display_summary(self) -> str:
        return self.listing_summary or self.search_description

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title
