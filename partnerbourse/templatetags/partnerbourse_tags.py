"""Template helpers of the partner board: safe rendering of listing descriptions, labels."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

import nh3
from markdown_it import MarkdownIt

from ..models import COUNTRY_NAMES, LANGUAGE_NAMES

register = template.Library()

# CommonMark without raw HTML, images or headings: a listing's text sits under the page's own
# headings, and images would load from anywhere (and break the content security policy).
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable(["image", "heading", "lheading"])
_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def render_board_text(text: str) -> str:
    """Markdown to sanitised HTML. E-mail addresses are removed: contact goes through the site."""
    text = _EMAIL.sub(lambda _m: "[" + _("e-mail address removed") + "]", text or "")
    html = _MARKDOWN.render(text)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


@register.filter
def board_markdown(text: str) -> str:
    return mark_safe(render_board_text(text))  # noqa: S308 - sanitised by nh3 above


@register.filter
def board_paragraphs(text: str) -> str:
    """Plain text (an organisation's description) as paragraphs, without addresses."""
    text = _EMAIL.sub(lambda _m: "[" + _("e-mail address removed") + "]", text or "")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return mark_safe(  # noqa: S308 - every paragraph is escaped
        "".join(f"<p>{escape(p)}</p>".replace("\n", "<br>") for p in paragraphs)
    )


@register.filter
def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


@register.filter
def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))
