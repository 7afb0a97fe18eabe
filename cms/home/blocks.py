"""The home page's editor-curated featured items: pages or external links, each with optional
wording that replaces the page's own listing title and summary."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class FeaturedPageBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    title = blocks.CharBlock(
        label=_("Title"), max_length=120, required=False, help_text=_("Empty: the page's title.")
    )
    text = blocks.TextBlock(
        label=_("Text"), required=False, help_text=_("Empty: the page's summary.")
    )

    class Meta:
        icon = "doc-full"


class FeaturedLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("URL"))
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)

    class Meta:
        icon = "link-external"


class FeaturedStreamBlock(blocks.StreamBlock):
    page = FeaturedPageBlock(label=_("Page"))
    link = FeaturedLinkBlock(label=_("External link"))


class FeaturedCourseStreamBlock(blocks.StreamBlock):
    course = blocks.PageChooserBlock(label=_("Course"), page_type="courses.CoursePage")
