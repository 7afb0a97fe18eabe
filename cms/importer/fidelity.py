"""The fidelity check of ``import_markdown --check``: render every imported page and look for
what a faithful import never leaves on a page.

Each page is rendered as a visitor (or, for a draft, a previewing editor) would see its latest
content, and only its ``<main>`` is read, so that the site's own header and footer never count.
"""

import re
from dataclasses import dataclass

from wagtail.models import Page

from .models import ImportedItem

# What each leftover looks like in the rendered HTML of <main>.
LEFTOVERS = {
    "raw markdown": re.compile(
        r"\*\*|!\[|\]\(|`\s*(?:youtube|vimeo|video)\s*:|(?:^|>)\s*#{2,6}\s", re.MULTILINE
    ),
    'a link labelled "Image"': re.compile(r"<a\b[^>]*>\s*Image\s*</a>", re.IGNORECASE),
    "a list item starting with a line break": re.compile(r"<li\b[^>]*>\s*<br\s*/?>"),
    "a URL glued to a word": re.compile(r"\w(?:<a\b[^>]*>)?https?://"),
    "a template token": re.compile(r"\{\{|\}\}|\{%|%\}"),
}
_MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL)
# Attribute values hold URLs and markup-like text legitimately; only text is checked.
_ATTRIBUTES = re.compile(r"""\s[\w:-]+=(?:"[^"]*"|'[^']*')""")
_EXCERPT = 40


@dataclass(frozen=True)
class Finding:
    source_path: str
    url: str
    problem: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.source_path} ({self.url}): {self.problem}: …{self.excerpt}…"


def imported_pages_findings() -> tuple[int, list[Finding]]:
    """Render every imported page; returns how many were checked and what was found."""
    items = ImportedItem.objects.filter(page__isnull=False).order_by("section", "source_path")
    pages = Page.objects.in_bulk([item.page_id for item in items])
    checked, findings = 0, []
    for item in items:
        page = pages.get(item.page_id)
        if page is None:
            continue
        html = _rendered(page)
        checked += 1
        url = page.url or f"/admin/pages/{page.pk}/"
        findings.extend(_leftovers(html, source_path=item.source_path, url=url))
    return checked, findings


def _rendered(page: Page) -> str:
    # The latest revision through the preview machinery: the full middleware stack and the
    # page's own template, for drafts and private pages alike.
    latest = page.specific.get_latest_revision_as_object()
    response = latest.make_preview_request()
    if hasattr(response, "render"):
        response.render()
    return response.content.decode("utf-8", errors="replace")


def _leftovers(html: str, *, source_path: str, url: str) -> list[Finding]:
    match = _MAIN.search(html)
    if match is None:
        return [Finding(source_path, url, "no <main> in the page", html[:_EXCERPT])]
    main = _ATTRIBUTES.sub("", match.group(0).replace("<a>", "<a >"))
    findings = []
    for problem, pattern in LEFTOVERS.items():
        found = pattern.search(main)
        if found:
            start = max(found.start() - _EXCERPT, 0)
            excerpt = main[start : found.end() + _EXCERPT].replace("\n", " ")
            findings.append(Finding(source_path, url, problem, excerpt))
    return findings
