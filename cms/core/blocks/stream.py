from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from .base import (
    RICH_TEXT_FEATURES,
    CallToActionBlock,
    CaptionedImageBlock,
    GalleryBlock,
    HeadingBlock,
    QuoteBlock,
    RemoteImageBlock,
)


class BodyStreamBlock(blocks.StreamBlock):
    """The body of a generic page. Content pages extend it with their own blocks."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock(label=_("Image"))
    remote_image = RemoteImageBlock(label=_("Image from another site"))
    gallery = GalleryBlock(label=_("Gallery"))
    quote = QuoteBlock(label=_("Quote"))
    embed = EmbedBlock(label=_("Video or other embed"), template="blocks/embed_block.html")
    call_to_action = CallToActionBlock(label=_("Call to action"))
