from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from cms.core.models import ContentPage, IndexPage, keywords_field


class ResourceType(models.TextChoices):
    DELIVERABLE = "deliverable", _("Deliverable")
    HANDBOOK = "handbook", _("Handbook")
    DOCUMENTATION = "documentation", _("Documentation")
    OTHER = "other", _("Other")


class ResourcePage(ContentPage):
    """A document to download (deliverable, handbook, documentation) with its description."""

    resource_type = models.CharField(
        _("type of resource"),
        max_length=20,
        choices=ResourceType.choices,
        default=ResourceType.DOCUMENTATION,
    )
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_file_url = models.URLField(
        _("external file URL"),
        blank=True,
        help_text=_("Where the file lives elsewhere, if it is not uploaded here."),
    )
    keywords = keywords_field(related_name="resource_pages")
    card_kind_field = "resource_type"

    schema_type = "LearningResource"
    parent_page_types = ["resources.ResourceIndexPage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("resource_type"),
        *ContentPage.intro_panels,
        FieldPanel("file"),
        FieldPanel("external_file_url"),
        FieldPanel("body"),
        *ContentPage.classification_panels,
    ]
    search_fields = [*ContentPage.search_fields, index.FilterField("resource_type")]
    api_fields = [*ContentPage.api_fields, APIField("resource_type")]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")


class ResourceIndexPage(IndexPage):
    listing_model = ResourcePage
    category_field = "resource_type"
    category_label = _("Type of resource")
    subpage_types = ["resources.ResourcePage"]

    class Meta:
        verbose_name = _("resource index")
