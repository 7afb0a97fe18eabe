"""StreamField blocks shared by every page type."""

from .base import (
    CallToActionBlock,
    CaptionedImageBlock,
    FeaturedItemsBlock,
    GalleryBlock,
    HeadingBlock,
    HeroBlock,
    QuoteBlock,
    RemoteImageBlock,
)
from .content import ContentStreamBlock, DocumentDownloadBlock, RelatedPagesBlock, TableBlock
from .stream import BodyStreamBlock

__all__ = [
    "BodyStreamBlock",
    "CallToActionBlock",
    "CaptionedImageBlock",
    "ContentStreamBlock",
    "DocumentDownloadBlock",
    "FeaturedItemsBlock",
    "GalleryBlock",
    "HeadingBlock",
    "HeroBlock",
    "QuoteBlock",
    "RelatedPagesBlock",
    "RemoteImageBlock",
    "TableBlock",
]
