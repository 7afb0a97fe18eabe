from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock

from .stream import BodyStreamBlock

CONTENT_RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
]


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        help_text=_("Defaults to the document's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_download_block.html"


class TableBlock(blocks.StructBlock):
    table = WagtailTableBlock(label=_("Table"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"


class ContentStreamBlock(BodyStreamBlock):
    """The body of every content page: the generic blocks plus downloads and tables."""

    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=CONTENT_RICH_TEXT_FEATURES)
    document = DocumentDownloadBlock(label=_("Document download"))
    table = TableBlock(label=_("Table"))


class RelatedPagesBlock(blocks.StreamBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
