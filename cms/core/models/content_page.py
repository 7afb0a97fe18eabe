import datetime

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from ..blocks import ContentStreamBlock, RelatedPagesBlock
from .base_page import BasePage


class ContentPage(BasePage):
    """What every editorial item has: date, summary, taxonomy, licence, body and related items.

    Concrete page types add their own fields and a ``keywords = keywords_field(...)``; index
    pages filter on the fields defined here.
    """

    date = models.DateField(
        _("date"), default=datetime.date.today, help_text=_("Publication or reference date.")
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Shown below the title and in listings.")
    )
    themes = ParentalManyToManyField(
        "core.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    audiences = ParentalManyToManyField(
        "core.Audience", verbose_name=_("audiences"), blank=True, related_name="+"
    )
    licence = models.ForeignKey(
        "core.Licence",
        verbose_name=_("licence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=255,
        blank=True,
        help_text=_("Who made the content, as the licence asks to credit them."),
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))
    related_pages = StreamField(RelatedPagesBlock(), blank=True, verbose_name=_("related items"))

    # schema.org type of the page's JSON-LD.
    schema_type = "Article"

    intro_panels = [FieldPanel("date"), FieldPanel("summary")]
    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("keywords"),
                FieldPanel("licence"),
                FieldPanel("attribution"),
            ],
            heading=_("Classification and licence"),
        ),
        FieldPanel("related_pages"),
    ]
    content_panels = [
        *BasePage.content_panels,
        *intro_panels,
        FieldPanel("body"),
        *classification_panels,
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("keywords", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("body"),
        APIField("attribution"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def get_indexed_objects(cls):
        # The search index reads themes and keywords for every page; modelsearch does not
        # prefetch them, which costs several queries per page when rebuilding the index.
        return super().get_indexed_objects().prefetch_related("themes", "keywords")

    @property
    def display_summary(self) -> str:
        return self.listing_summary or self.summary or self.search_description

    def get_context(self, request, *args, **kwargs):
        from ..selectors import cards_for_pages, page_taxonomy, structured_data_for_page

        context = super().get_context(request, *args, **kwargs)
        related_ids = [block.value.id for block in self.related_pages if block.value is not None]
        cards = cards_for_pages(page_ids=related_ids)
        context["related_cards"] = [cards[page_id] for page_id in related_ids if page_id in cards]
        context["taxonomy"] = page_taxonomy(page=self)
        context["structured_data"] = structured_data_for_page(
            page=self, request=request, taxonomy=context["taxonomy"]
        )
        return context
