"""Guides: manuals read in order. A guide's child pages are its chapters, in page tree order.

The order is the tree's own (editors drag chapters in the explorer; the importer moves them into
place), so there is no chapter number field to keep in step with it.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms.core.models import ContentPage, IndexPage, keywords_field


class GuidePage(ContentPage):
    """A guide: its body is the introduction, followed by the list of its chapters."""

    keywords = keywords_field(related_name="guide_pages")

    parent_page_types = ["home.HomePage", "guides.GuideIndexPage"]
    subpage_types = ["guides.GuideChapterPage"]
    content_panels = [
        *Page.content_panels,
        *ContentPage.intro_panels,
        FieldPanel("body", heading=_("Introduction")),
        *ContentPage.classification_panels,
    ]

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def get_context(self, request, *args, **kwargs):
        from .selectors import guide_chapters

        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = guide_chapters(guide=self, request=request)
        return context


class GuideChapterPage(ContentPage):
    """One chapter of a guide, with the guide's contents and links to the chapters either side."""

    keywords = keywords_field(related_name="guide_chapter_pages")

    parent_page_types = ["guides.GuidePage"]
    # The contents and the previous/next links cover one level: chapters have no sub-chapters.
    subpage_types = []

    class Meta:
        verbose_name = _("guide chapter")
        verbose_name_plural = _("guide chapters")

    def get_context(self, request, *args, **kwargs):
        from .selectors import chapter_navigation

        context = super().get_context(request, *args, **kwargs)
        context["guide_navigation"] = chapter_navigation(chapter=self, request=request)
        return context


class GuideIndexPage(IndexPage):
    """A section holding several guides, listed as cards."""

    listing_model = GuidePage
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guides.GuidePage"]

    class Meta:
        verbose_name = _("guide index")
