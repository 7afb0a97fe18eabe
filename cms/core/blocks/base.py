from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Levels 2 to 4 only: the page title is the one h1."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"

    def get_searchable_content(self, value):
        # The level is layout: indexed, "Level 2" would match searches for "level" and show up
        # in result snippets. A method, not search_index=False, so no migration is needed.
        return self.child_blocks["text"].get_searchable_content(value["text"])


class CaptionedImageBlock(blocks.StructBlock):
    # Wagtail's ImageBlock asks for alt text (or an explicit "decorative" tick) on every use.
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"


class RemoteImageBlock(blocks.StructBlock):
    """A picture that stays on another server: what an import leaves where it could not copy one.

    It renders as an image, never as a link labelled "Image"; an import run with
    ``--fetch-assets`` later replaces it with a CaptionedImageBlock of the downloaded copy.
    """

    url = blocks.URLBlock(label=_("Image URL"), max_length=1000)
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=255,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "blocks/remote_image_block.html"


class GalleryBlock(blocks.StreamBlock):
    """Several pictures shown together, such as a product's photos; copied or still remote."""

    image = CaptionedImageBlock(label=_("Image"))
    remote_image = RemoteImageBlock(label=_("Image from another site"))

    class Meta:
        icon = "image"
        min_num = 1
        template = "blocks/gallery_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to another site: exactly one of the two, with its text.

    With ``required=False`` the whole link may be left empty.
    """

    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External URL"), required=False)
    label = blocks.CharBlock(label=_("Link text"), max_length=100, required=False)

    class Meta:
        icon = "link"
        required = True

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("url"))
        errors = {}
        if has_page and has_url:
            errors["url"] = ValidationError(_("Choose a page or enter a URL, not both."))
        elif not (has_page or has_url) and (self.meta.required or value.get("label")):
            errors["url"] = ValidationError(_("Choose a page or enter a URL."))
        elif (has_page or has_url) and not value.get("label"):
            errors["label"] = ValidationError(_("Enter the text of the link."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    link = LinkBlock(label=_("Link"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    # Decorative: the heading carries the meaning, so the image needs no alt text.
    image = ImageChooserBlock(label=_("Background image"), required=False)
    link = LinkBlock(label=_("Button"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/hero_block.html"


class FeaturedItemsBlock(blocks.StructBlock):
    """Hand-picked pages shown as cards. The page context resolves them in one query."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    pages = blocks.ListBlock(blocks.PageChooserBlock(label=_("Page")), label=_("Pages"))

    class Meta:
        icon = "list-ul"
        template = "blocks/featured_items_block.html"
