"""Markdown (with raw HTML) to Wagtail StreamField blocks, rich text and plain text.

The markdown is rendered to HTML with markdown-it, the HTML is sanitised with nh3, and the result
is walked element by element: headings become heading blocks, paragraphs and lists rich text in
Wagtail's storage format, tables table blocks, videos embed blocks. Nothing of the HTML reaches the
page unless it passed the sanitiser, and whatever is dropped (scripts, unknown iframes) is named in
a warning.
"""

import html as html_lib
import re
import warnings as python_warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from django.utils.translation import gettext

import nh3
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from markdown_it import MarkdownIt

from .text import clean_line, clean_text

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_ITEM_PATH = re.compile(rf"/(?P<section>[\w/\-]+?)/(?P<id>{UUID})/?$")
_VIDEO_TOKEN = re.compile(
    r"`\s*(?:youtube|youtu\.be|vimeo|dailymotion|video|videopress)\s*:\s*(https?://[^\s`]+)\s*`",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"HHBLOCK(\d+)HH")
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Markdown that the parser left as text because it was malformed ("**" without a partner,
# "###" not at the start of a line); it is noise on a web page.
_LEFTOVER_MARKDOWN = re.compile(r"\*\*|(?:^|(?<=\s))#{2,6}(?=\s)")

# Fragments such as "https://x.org/a" are HTML here, not a file name to open.
python_warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_DROPPED_WITH_CONTENT = [
    "script",
    "style",
    "noscript",
    "object",
    "embed",
    "form",
    "button",
    "select",
    "textarea",
    "template",
    "svg",
    "math",
]
_ALLOWED_TAGS = {
    *("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "b", "strong"),
    *("i", "em", "u", "s", "del", "code", "pre", "blockquote", "hr", "div", "span", "sub"),
    *("sup", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "dl", "dt", "dd"),
    *("section", "article", "figure", "figcaption", "small", "mark", "center", "font"),
}
_BLOCK_CONTAINERS = {"div", "section", "article", "figure", "center", "dl"}
_INLINE = {"a", "b", "strong", "i", "em", "u", "s", "del", "code", "sub", "sup", "small"}
_INLINE |= {"mark", "br", "figcaption", "dt", "dd", "span", "font"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HEADING_MAX = 200


def video_url(url: str) -> str | None:
    """The canonical page URL of a YouTube or Vimeo video, from a page, share or player URL."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host in ("youtube.com", "youtube-nocookie.com"):
        match = re.match(r"/(?:embed|shorts|live|v)/([\w-]{6,})", parts.path)
        if match:
            return f"https://www.youtube.com/watch?v={match.group(1)}"
        video = re.search(r"(?:^|&)v=([\w-]{6,})", parts.query)
        if video:
            return f"https://www.youtube.com/watch?v={video.group(1)}"
        if parts.path.startswith("/playlist"):
            return url.strip()
        return None
    if host == "youtu.be":
        video_id = parts.path.strip("/").split("/")[0]
        return f"https://www.youtube.com/watch?v={video_id}" if video_id else None
    if host in ("vimeo.com", "player.vimeo.com"):
        match = re.search(r"/(\d+)", parts.path)
        return f"https://vimeo.com/{match.group(1)}" if match else None
    return None


@dataclass
class LinkResolver:
    """Rewrites links: old item URLs to page links, relative URLs to the old site's address.

    ``pages`` maps source ids to page ids of items that already have a page; ``pending`` holds
    ids of items in the same run that do not have one yet (resolved in the second pass).
    """

    base_url: str = ""
    pages: dict[str, int] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    unresolved: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def item_id(self, href: str) -> str | None:
        match = _ITEM_PATH.search(urlsplit(href).path)
        return match.group("id").lower() if match else None

    def absolute(self, href: str) -> str:
        href = href.strip()
        if href.lower().startswith("mailto:"):
            return "mailto:" + unquote(href[7:]).strip()
        if self.base_url and not urlsplit(href).scheme and not href.startswith("#"):
            return urljoin(self.base_url + "/", href)
        return href

    def rewrite(self, href: str) -> dict[str, str] | None:
        """The attributes of the rewritten link, or None to drop the link and keep its text."""
        href = (href or "").strip()
        if not href or href == "#":
            return None
        item_id = self.item_id(href)
        if item_id is not None:
            if item_id in self.pages:
                return {"linktype": "page", "id": str(self.pages[item_id])}
            self.unresolved.add(item_id)
            if item_id not in self.pending:
                self.warnings.append(f"link to an item that is not in the import: {href}")
        return {"href": self.absolute(href)}


@dataclass
class Conversion:
    blocks: list[dict] = field(default_factory=list)
    videos: list[str] = field(default_factory=list)


class Converter:
    """Turns one item's markdown texts into blocks, rich text or plain text.

    ``image_fetcher`` (url, alt) returns a Wagtail image id or None; without it, or where it fails,
    images become links. ``redact`` holds e-mail addresses that must not appear in public text.
    """

    def __init__(
        self,
        *,
        links: LinkResolver,
        warnings: list[str],
        image_fetcher: Callable[[str, str], int | None] | None = None,
        redact: set[str] = frozenset(),
        allow_tables: bool = True,
    ):
        self.links = links
        self.warnings = warnings
        self.image_fetcher = image_fetcher
        self.redact = {email.lower() for email in redact}
        self.allow_tables = allow_tables
        self._placeholders: list[dict] = []
        self._hrefs_with_text: set[str] = set()

    # Public entry points ----------------------------------------------------------------------

    def to_blocks(self, markdown: str) -> Conversion:
        conversion = Conversion()
        soup = self._soup(markdown, conversion=conversion)
        self._blocks = conversion.blocks
        self._rich: list[str] = []
        levels = sorted({int(tag.name[1]) for tag in soup.find_all(_HEADINGS)})
        self._heading_levels = {level: f"h{min(rank + 2, 4)}" for rank, level in enumerate(levels)}
        self._walk(soup)
        self._flush()
        return conversion

    def to_rich_text(self, markdown: str) -> str:
        """Rich text for a RichTextField: paragraphs and lists, headings as bold paragraphs."""
        soup = self._soup(markdown, conversion=Conversion())
        parts = []
        for node in self._top_level_nodes(soup):
            if isinstance(node, str):
                continue
            if node.name in ("ul", "ol"):
                parts.append(self._rich_list(node))
            else:
                inner = self._inline_children(node).strip()
                if inner:
                    parts.append(f"<p>{inner}</p>")
        return "".join(parts)

    def to_plain_text(self, markdown: str) -> str:
        soup = self._soup(markdown, conversion=Conversion())
        for br in soup.find_all("br"):
            br.replace_with(" ")
        text = " ".join(
            self._text(node) for node in soup.find_all(["p", "li", *_HEADINGS, "td", "th"])
        )
        if not text.strip():
            text = self._text(soup)
        return _PLACEHOLDER.sub("", clean_line(text))

    # Parsing and sanitising -------------------------------------------------------------------

    def _soup(self, markdown: str, *, conversion: Conversion) -> BeautifulSoup:
        markdown = clean_text(markdown or "")

        def video(match):
            url = video_url(match.group(1)) or match.group(1)
            conversion.videos.append(url)
            return f"\n\n{self._placeholder({'type': 'embed', 'value': url})}\n\n"

        markdown = _VIDEO_TOKEN.sub(video, markdown)
        soup = BeautifulSoup(_MARKDOWN.render(markdown), "html.parser")
        for tag in soup.find_all(_DROPPED_WITH_CONTENT):
            self.warnings.append(f"dropped a <{tag.name}> element")
            tag.decompose()
        for iframe in soup.find_all("iframe"):
            src = iframe.get("src", "").replace("\\_", "_")
            url = video_url(src) if src else None
            if url:
                conversion.videos.append(url)
                iframe.replace_with(self._placeholder({"type": "embed", "value": url}))
            else:
                host = urlsplit(src).netloc or src or "?"
                self.warnings.append(f"dropped an embedded frame from {host}")
                iframe.decompose()
        for img in soup.find_all("img"):
            self._replace_image(img)
        cleaned = nh3.clean(
            str(soup),
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}},
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel=None,
            strip_comments=True,
        )
        soup = BeautifulSoup(cleaned, "html.parser")
        self._redact(soup)
        self._hrefs_with_text = {
            a.get("href", "").strip() for a in soup.find_all("a") if a.get_text(strip=True)
        }
        return soup

    def _placeholder(self, block: dict) -> str:
        self._placeholders.append(block)
        return f"HHBLOCK{len(self._placeholders) - 1}HH"

    def _replace_image(self, img: Tag) -> None:
        src = self.links.absolute(img.get("src", ""))
        alt = clean_line(img.get("alt", "") or img.get("title", ""))
        caption = clean_line(img.get("title", ""))
        image_id = None
        if src and self.image_fetcher is not None and img.parent.name != "a":
            image_id = self.image_fetcher(src, alt)
        if image_id is not None:
            value = {
                "image": {"image": image_id, "alt_text": alt, "decorative": False},
                "caption": caption if caption != alt else "",
            }
            img.replace_with(self._placeholder({"type": "image", "value": value}))
            return
        label = alt or gettext("Image")
        if not src or img.parent.name == "a":
            img.replace_with(label)
            return
        # A remote image that is not copied here stays reachable as a link, never a broken image.
        link = BeautifulSoup("", "html.parser").new_tag("a", href=src)
        link.string = label
        img.replace_with(link)

    def _redact(self, soup: BeautifulSoup) -> None:
        if not self.redact:
            return
        pattern = re.compile("|".join(re.escape(e) for e in sorted(self.redact)), re.IGNORECASE)
        for link in soup.find_all("a"):
            if pattern.search(unquote(link.get("href", ""))):
                del link["href"]
        for text in soup.find_all(string=pattern):
            text.replace_with(pattern.sub(gettext("(e-mail address removed)"), str(text)))

    # Walking the tree -------------------------------------------------------------------------

    def _top_level_nodes(self, container):
        """Block-level nodes, with containers (div) opened and loose inline runs wrapped in <p>."""
        run: list = []
        for node in list(container.children):
            if isinstance(node, NavigableString):
                if str(node).strip():
                    run.append(node)
                continue
            if node.name in _INLINE:
                run.append(node)
                continue
            if run:
                yield self._wrap(run)
                run = []
            if node.name in _BLOCK_CONTAINERS:
                yield from self._top_level_nodes(node)
            else:
                yield node
        if run:
            yield self._wrap(run)

    def _wrap(self, nodes: list) -> Tag:
        paragraph = BeautifulSoup("", "html.parser").new_tag("p")
        for node in nodes:
            paragraph.append(node.extract() if hasattr(node, "extract") else node)
        return paragraph

    def _walk(self, container) -> None:
        for node in self._top_level_nodes(container):
            name = node.name
            if name in _HEADINGS:
                self._heading(node)
            elif name in ("ul", "ol"):
                self._rich.append(self._rich_list(node))
            elif name == "table":
                self._table(node)
            elif name == "blockquote":
                self._quote(node)
            elif name == "pre":
                lines = [html_lib.escape(line) for line in node.get_text().strip().split("\n")]
                self._rich.append(f"<p>{'<br/>'.join(lines)}</p>")
            elif name == "hr":
                self._flush()
            else:
                self._paragraph(node)

    def _flush(self) -> None:
        if self._rich:
            self._blocks.append({"type": "paragraph", "value": "".join(self._rich)})
            self._rich = []

    def _paragraph(self, node: Tag) -> None:
        inner = self._inline_children(node).strip()
        for index, part in enumerate(_PLACEHOLDER.split(inner)):
            if index % 2:
                self._flush()
                self._blocks.append(self._placeholders[int(part)])
                continue
            part = re.sub(r"^(\s*<br/>)+|(<br/>\s*)+$", "", part.strip()).strip()
            if part:
                # Re-parse so that a placeholder inside <b> leaves no unclosed tag.
                self._rich.append(f"<p>{BeautifulSoup(part, 'html.parser').decode()}</p>")

    def _heading(self, node: Tag) -> None:
        text = clean_line(self._text(node))
        text = _PLACEHOLDER.sub("", text).strip()
        if not text:
            return
        if len(text) > _HEADING_MAX:
            self._rich.append(f"<p><b>{html_lib.escape(text)}</b></p>")
            return
        self._flush()
        level = self._heading_levels.get(int(node.name[1]), "h4")
        self._blocks.append({"type": "heading", "value": {"text": text, "level": level}})

    def _quote(self, node: Tag) -> None:
        paragraphs = [self._text(p) for p in node.find_all(["p", "li"])] or [self._text(node)]
        text = "\n".join(clean_line(p) for p in paragraphs if clean_line(p))
        if not text:
            return
        self._flush()
        self._blocks.append({"type": "quote", "value": {"quote": text, "attribution": ""}})

    def _table(self, node: Tag) -> None:
        rows = []
        for tr in node.find_all("tr"):
            rows.append([self._cell_text(cell) for cell in tr.find_all(["th", "td"])])
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        first = node.find("tr")
        has_header = bool(node.find("thead")) or (
            first is not None and first.find("td") is None and first.find("th") is not None
        )
        caption = node.find("caption")
        caption_text = clean_line(caption.get_text(" ")) if caption else ""
        if not self.allow_tables:
            # The page type has no table block: one list item per row keeps the content.
            header = rows[0] if has_header else None
            items = []
            for row in rows[1:] if header else rows:
                cells = [
                    f"{header[i]}: {cell}" if header and header[i] else cell
                    for i, cell in enumerate(row)
                    if cell
                ]
                items.append(f"<li>{html_lib.escape('; '.join(cells))}</li>")
            if caption_text:
                self._rich.append(f"<p><b>{html_lib.escape(caption_text)}</b></p>")
            self._rich.append(f"<ul>{''.join(items)}</ul>")
            return
        self._flush()
        table = {
            "data": rows,
            "first_row_is_table_header": has_header,
            "first_col_is_header": False,
            "table_caption": "",
            "cell": [],
            "mergeCells": [],
        }
        self._blocks.append(
            {"type": "table", "value": {"table": table, "caption": caption_text[:300]}}
        )

    def _cell_text(self, cell: Tag) -> str:
        for link in cell.find_all("a"):
            href = link.get("href", "")
            text = link.get_text(" ", strip=True)
            if href and href != text and not href.startswith("#"):
                link.replace_with(f"{text} ({self.links.absolute(href)})" if text else href)
        return self._text(cell)

    # Rich text serialisation ------------------------------------------------------------------

    def _rich_list(self, node: Tag) -> str:
        items = []
        for li in node.find_all("li", recursive=False):
            parts = []
            for child in li.children:
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    parts.append(self._rich_list(child))
                elif isinstance(child, Tag) and child.name in ("p", *_HEADINGS):
                    inner = self._inline_children(child).strip()
                    if inner:
                        parts.append(("<br/>" if parts else "") + inner)
                else:
                    parts.append(self._inline(child))
            content = _PLACEHOLDER.sub("", "".join(parts)).strip()
            if content:
                items.append(f"<li>{content}</li>")
        return f"<{node.name}>{''.join(items)}</{node.name}>" if items else ""

    def _inline_children(self, node: Tag) -> str:
        return "".join(self._inline(child) for child in node.children)

    def _inline(self, node) -> str:
        if isinstance(node, NavigableString):
            return html_lib.escape(_LEFTOVER_MARKDOWN.sub("", str(node)), quote=False)
        name = node.name
        inner = self._inline_children(node)
        if name == "br":
            return "<br/>"
        if name in ("b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "dt"):
            return f"<b>{inner}</b>" if inner.strip() else inner
        if name in ("i", "em"):
            return f"<i>{inner}</i>" if inner.strip() else inner
        if name == "a":
            return self._link(node, inner)
        if name in ("p", "div", "li", "dd", "blockquote", "pre"):
            return f"{inner}<br/>" if inner.strip() else ""
        if name in ("ul", "ol"):
            return " ".join(self._inline(li) for li in node.find_all("li", recursive=False))
        return inner

    def _link(self, node: Tag, inner: str) -> str:
        href = node.get("href", "")
        attrs = self.links.rewrite(href) if href else None
        if attrs is None:
            return inner
        if not inner.strip():
            if href.strip() in self._hrefs_with_text:
                return ""  # an empty duplicate of a link that is shown with its text elsewhere
            inner = html_lib.escape(attrs.get("href", href), quote=False)
        rendered = " ".join(f'{key}="{html_lib.escape(value)}"' for key, value in attrs.items())
        return f"<a {rendered}>{inner}</a>"

    @staticmethod
    def _text(node) -> str:
        return _LEFTOVER_MARKDOWN.sub("", node.get_text())
