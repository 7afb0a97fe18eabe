import json

from django import template

from cms.core.selectors import language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def get_language_links(context):
    """Links for the language switcher and hreflang alternates, computed once per page."""
    request = context.get("request")
    if request is None:
        return []
    return language_links(request=request, page=context.get("page"))


@register.filter
def card_for(cards: dict, page):
    """The prefetched page behind a chooser value, or None when it is no longer live."""
    if page is None:
        return None
    return cards.get(page.id)


@register.simple_tag
def elided_page_range(page_obj, on_each_side: int = 1, on_ends: int = 1) -> list[int | None]:
    """Page numbers around the current page and at both ends, with None where some are left out.

    Long lists would otherwise print a link for every page; None (not the paginator's
    translated ellipsis) marks a gap so that templates can test for it with ``is None``.
    """
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    ]


@register.filter
def ld_json(data) -> str:
    """A JSON-LD <script> block, escaped like json_script so that text cannot close the tag."""
    from django.core.serializers.json import DjangoJSONEncoder
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    escapes = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def bdi(value) -> str:
    """A name someone typed, isolated in ``<bdi>``: a right-to-left name, or a bidi override
    stored before they were stripped (U+202E), cannot reorder the text around it. For names
    passed into ``blocktranslate``, where markup cannot be written around the variable."""
    from django.utils.html import format_html

    return format_html("<bdi>{}</bdi>", value)


@register.filter
def plain_name(value) -> str:
    """A name someone typed, for where no element can isolate it (``<title>``, attributes):
    without bidi controls or invisible characters."""
    from cms.core.text import display_text

    return display_text(value)
