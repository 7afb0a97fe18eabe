from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField

from cms.core.blocks import CallToActionBlock, FeaturedItemsBlock, HeroBlock
from cms.core.blocks.base import RICH_TEXT_FEATURES
from cms.core.models import BasePage

from .blocks import FeaturedCourseStreamBlock, FeaturedStreamBlock


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock(label=_("Hero"))
    intro = blocks.RichTextBlock(label=_("Introduction"), features=RICH_TEXT_FEATURES)
    featured_items = FeaturedItemsBlock(label=_("Featured items"))
    call_to_action = CallToActionBlock(label=_("Call to action"))


class HomePage(BasePage):
    """The root page of each language's tree: a curated hero and featured items, then blocks
    filled automatically (cms.home.selectors), then free content."""

    hero_heading = models.CharField(_("heading"), max_length=120, blank=True)
    hero_intro = models.TextField(_("introduction"), blank=True)
    # Decorative: the heading carries the meaning, so the image needs no alt text.
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("button: page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_url = models.URLField(_("button: external URL"), blank=True)
    hero_link_label = models.CharField(
        _("button: label"),
        max_length=60,
        blank=True,
        help_text=_("The button shows when it has a label and a page or URL."),
    )
    featured = StreamField(FeaturedStreamBlock(), blank=True, verbose_name=_("featured items"))
    featured_courses = StreamField(
        FeaturedCourseStreamBlock(),
        blank=True,
        verbose_name=_("featured courses"),
        help_text=_("Empty: the newest courses."),
    )
    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("more content"))

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_page"),
                FieldPanel("hero_link_url"),
                FieldPanel("hero_link_label"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("featured"),
        FieldPanel("featured_courses"),
        HelpPanel(
            content=_(
                "Below the featured items the page lists upcoming events, the latest news, "
                "courses, partner offers and one tile per section by itself; a list without "
                "items is left out."
            ),
            heading=_("Automatic blocks"),
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_blocks

        context = super().get_context(request, *args, **kwargs)
        context.update(home_blocks(home=self, request=request))
        return context
