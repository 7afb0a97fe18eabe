from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.models import ContentPage, IndexPage, keywords_field


class FactsheetPage(ContentPage):
    """A short, practical summary of a topic, with a downloadable PDF and recommendations."""

    abstract = RichTextField(
        _("abstract"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommendations = StreamField(
        [("recommendation", blocks.TextBlock(label=_("Recommendation")))],
        blank=True,
        verbose_name=_("recommendations"),
    )
    keywords = keywords_field(related_name="factsheet_pages")

    schema_type = "LearningResource"
    parent_page_types = ["factsheets.FactsheetIndexPage"]
    content_panels = [
        *Page.content_panels,
        *ContentPage.intro_panels,
        FieldPanel("abstract"),
        FieldPanel("body"),
        FieldPanel("recommendations"),
        FieldPanel("pdf"),
        *ContentPage.classification_panels,
    ]
    search_fields = [*ContentPage.search_fields, index.SearchField("abstract")]
    api_fields = [*ContentPage.api_fields, APIField("abstract"), APIField("recommendations")]

    class Meta:
        verbose_name = _("factsheet")
        verbose_name_plural = _("factsheets")

    def structured_data_extra(self, request) -> dict:
        return {"learningResourceType": "Factsheet"}


class FactsheetIndexPage(IndexPage):
    listing_model = FactsheetPage
    subpage_types = ["factsheets.FactsheetPage"]

    class Meta:
        verbose_name = _("factsheet index")
