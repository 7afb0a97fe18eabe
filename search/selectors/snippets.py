"""Snippets: a window of a result's text around the first matched term, the matches marked."""

import html
import re

from django.core.exceptions import FieldDoesNotExist
from django.utils.safestring import SafeString, mark_safe

SNIPPET_WORDS = 36


def page_text(page, summary: str) -> str:
    parts = [summary or "", *_indexed_body(page)]
    return " ".join(part for part in parts if part)


def _indexed_body(page) -> list[str]:
    """The body's text as the search backend indexed it (``get_searchable_content``).

    Each block says what of it is text, so a snippet shows what was matched and never a block's
    settings (a heading's level), ids or addresses, which the raw data mixes in.
    """
    try:
        body_field = page._meta.get_field("body")
    except FieldDoesNotExist:
        return []
    searchable = getattr(body_field, "get_searchable_content", None)
    body = getattr(page, "body", None)
    if searchable is None or body is None:
        return []
    return [text for text in searchable(body) if isinstance(text, str) and text.strip()]


_MARKDOWN = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_#>`]+")


def plain_markdown(text: str) -> str:
    return _MARKDOWN.sub(lambda match: match.group(1) or " ", text or "")


def _term_pattern(terms: list[str]):
    """Words that start like a query term: "Museen" marks "Museum" as the stemmer matched it."""
    stems = []
    for term in terms:
        for word in re.findall(r"\w+", term):
            length = len(word) if len(word) <= 4 else max(4, len(word) - 2)
            stems.append(re.escape(word[:length]))
    if not stems:
        return None
    alternatives = "|".join(sorted(set(stems), key=len, reverse=True))
    return re.compile(r"\b(?:" + alternatives + r")\w*", re.IGNORECASE)


def highlight(text: str, terms: list[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """A window of ``text`` around the first matched term, HTML-escaped, matches in <mark>."""
    text = " ".join((text or "").split())
    pattern = _term_pattern(terms)
    match = pattern.search(text) if pattern else None
    tokens = text.split(" ")
    if match:
        before = len(text[: match.start()].split())
        start = max(0, before - words // 3)
    else:
        start = 0
    window = " ".join(tokens[start : start + words])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + words < len(tokens) else ""
    if pattern is None:
        return mark_safe(html.escape(prefix + window + suffix))  # noqa: S308 - escaped
    out, last = [], 0
    for found in pattern.finditer(window):
        out.append(html.escape(window[last : found.start()]))
        out.append(f"<mark>{html.escape(found.group(0))}</mark>")
        last = found.end()
    out.append(html.escape(window[last:]))
    return mark_safe(html.escape(prefix) + "".join(out) + html.escape(suffix))  # noqa: S308
