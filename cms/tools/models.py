from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.models import ContentPage, IndexPage, keywords_field


class ToolKind(models.TextChoices):
    APP = "app", _("Toolkit app")
    COMPONENT = "component", _("Toolkit component")


class ToolPage(ContentPage):
    """An app or reusable component of the digital toolkit, linked to other tools and webinars."""

    tool_kind = models.CharField(
        _("kind"), max_length=20, choices=ToolKind.choices, default=ToolKind.APP
    )
    app_url = models.URLField(_("app or demo URL"), blank=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_tools = StreamField(
        [("tool", blocks.PageChooserBlock(target_model="tools.ToolPage", label=_("Tool")))],
        blank=True,
        verbose_name=_("linked apps and components"),
    )
    linked_webinars = StreamField(
        [("webinar", blocks.PageChooserBlock(target_model="events.EventPage", label=_("Webinar")))],
        blank=True,
        verbose_name=_("linked webinars"),
    )
    keywords = keywords_field(related_name="tool_pages")
    card_kind_field = "tool_kind"

    schema_type = "SoftwareApplication"
    parent_page_types = ["tools.ToolIndexPage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("tool_kind"),
        *ContentPage.intro_panels,
        FieldPanel("app_url"),
        FieldPanel("body"),
        FieldPanel("pdf"),
        FieldPanel("linked_tools"),
        FieldPanel("linked_webinars"),
        *ContentPage.classification_panels,
    ]
    search_fields = [*ContentPage.search_fields, index.FilterField("tool_kind")]
    api_fields = [*ContentPage.api_fields, APIField("tool_kind"), APIField("app_url")]

    class Meta:
        verbose_name = _("toolkit item")
        verbose_name_plural = _("toolkit items")

    def get_context(self, request, *args, **kwargs):
        from cms.core.selectors import cards_for_pages

        context = super().get_context(request, *args, **kwargs)
        tool_ids = [block.value.id for block in self.linked_tools if block.value]
        webinar_ids = [block.value.id for block in self.linked_webinars if block.value]
        cards = cards_for_pages(page_ids=tool_ids + webinar_ids)
        context["linked_tool_cards"] = [cards[i] for i in tool_ids if i in cards]
        context["linked_webinar_cards"] = [cards[i] for i in webinar_ids if i in cards]
        return context


class ToolIndexPage(IndexPage):
    listing_model = ToolPage
    category_field = "tool_kind"
    category_label = _("Kind")
    subpage_types = ["tools.ToolPage"]

    class Meta:
        verbose_name = _("toolkit index")
