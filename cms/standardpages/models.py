from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.core.blocks import BodyStreamBlock
from cms.core.models import BasePage, keywords_field


class StandardPage(BasePage):
    """A generic page for about, imprint, privacy and other one-off content."""

    body = StreamField(BodyStreamBlock(), blank=True)
    keywords = keywords_field(related_name="standard_pages")

    content_panels = [*BasePage.content_panels, FieldPanel("body"), FieldPanel("keywords")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
