from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from cms.core.blocks import CallToActionBlock, FeaturedItemsBlock, HeroBlock
from cms.core.blocks.base import RICH_TEXT_FEATURES
from cms.core.models import BasePage
from cms.core.selectors import cards_for_pages


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock(label=_("Hero"))
    intro = blocks.RichTextBlock(label=_("Introduction"), features=RICH_TEXT_FEATURES)
    featured_items = FeaturedItemsBlock(label=_("Featured items"))
    call_to_action = CallToActionBlock(label=_("Call to action"))


class HomePage(BasePage):
    """The root page of each language's tree."""

    body = StreamField(HomeStreamBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured_ids = [
            page.id
            for block in self.body
            if block.block_type == "featured_items"
            for page in block.value["pages"]
            if page is not None
        ]
        context["cards"] = cards_for_pages(page_ids=featured_ids)
        return context
