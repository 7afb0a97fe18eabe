"""Markdown (with raw HTML) to Wagtail StreamField blocks, rich text and plain text.

The markdown is rendered to HTML with markdown-it, the HTML is sanitised with nh3, and the result
is walked element by element: headings become heading blocks, paragraphs and lists rich text in
Wagtail's storage format, tables table blocks, videos embed blocks and pictures image blocks
(a copy made by the image fetcher, or the picture left on its server). Nothing of the HTML reaches
the page unless it passed the sanitiser, and whatever is dropped (scripts, unknown iframes) is
named in a warning.

Pictures and videos cannot sit inside rich text, so they leave the tree as placeholders before
sanitising and come back as blocks of their own where the walk meets them.
"""

import html as html_lib
import re
import warnings as python_warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

from django.utils.translation import gettext

import nh3
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from markdown_it import MarkdownIt

from .text import clean_line, clean_text, shorten

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_ITEM_PATH = re.compile(rf"/(?P<section>[\w/\-]+?)/(?P<id>{UUID})/?$")
_VIDEO_TOKEN = re.compile(
    r"`\s*(?:youtube|youtu\.be|vimeo|facebook|dailymotion|video|videopress)\s*:"
    r"\s*(https?://[^\s`]+)\s*`",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"HHBLOCK(\d+)HH")
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Markdown that the parser left as text because it was malformed ("**" without a partner,
# "###" not at the start of a line); it is noise on a web page.
_LEFTOVER_MARKDOWN = re.compile(r"\*\*|(?:^|(?<=\s))#{2,6}(?=\s)")
# An address written out in running text. It starts at a word boundary (not inside a word, an
# e-mail address or another URL); characters that end a sentence are trimmed off afterwards.
_URL_CHARS = r"[^\s<>\"`\u201c\u201d\u00ab\u00bb]"
_BARE_URL = re.compile(
    rf"(?<![\w@/.\-])(?:https?://{_URL_CHARS}+|www\.[\w\-]+\.{_URL_CHARS}+)", re.IGNORECASE
)
_URL_TRAILING = ".,;:!?'\u2019\")]}*"
_SPACED_BREAK = re.compile(r"\s*<br/>\s*")
_BREAKS_AROUND = re.compile(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$")
_TAG = re.compile(r"<[^>]+>")
# Spaces left inside reopened or closed tags where a piece of a paragraph was cut off.
_SPACE_AFTER_OPENING = re.compile(r"^((?:<[a-z][^>]*>)*)\s+")
_SPACE_BEFORE_CLOSING = re.compile(r"\s+((?:</[a-z]+>)*)$")
_TAG_OR_PLACEHOLDER = re.compile(
    r"<(?P<close>/?)(?P<name>[a-zA-Z]\w*)[^>]*?(?P<empty>/?)>|HHBLOCK(?P<index>\d+)HH"
)

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
# Elements that cannot live inside a paragraph: a <p> or <b> around one is opened up.
_BLOCK_LEVEL = _HEADINGS | _BLOCK_CONTAINERS | {"p", "ul", "ol", "table", "blockquote", "pre", "hr"}
_HEADING_MAX = 200
_PICTURES = ("image", "remote_image")
# The sizes of CaptionedImageBlock's and RemoteImageBlock's fields.
_ALT_MAX = 255
_CAPTION_MAX = 300


def video_url(url: str) -> str | None:
    """The canonical page URL of a YouTube, Vimeo or Facebook video, from a page, share or
    player URL."""
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
    if host in ("facebook.com", "web.facebook.com"):
        if parts.path.rstrip("/") == "/plugins/video.php":
            # The player's address carries the video's own page in its "href" parameter.
            href = (parse_qs(parts.query).get("href") or [""])[0]
            return video_url(href) if "/plugins/" not in href else None
        if "/videos/" in parts.path or parts.path.startswith("/reel/"):
            return urlunsplit(("https", "www.facebook.com", parts.path, "", ""))
        if parts.path.rstrip("/") == "/watch" and "v=" in parts.query:
            return urlunsplit(("https", "www.facebook.com", "/watch/", parts.query, ""))
        return None
    if host == "fb.watch":
        return url.strip()
    return None


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _file_name(url: str) -> str:
    """The last part of a picture's path, for a link to it that has no other text.

    Uploadcare's addresses end in processing steps (``/-/crop/.../-/preview/``), not a name."""
    parts = urlsplit(url)
    name = unquote(parts.path.split("/-/")[0].rstrip("/").rsplit("/", 1)[-1])
    return name or parts.netloc or url


def _link_key(href: str) -> str:
    """An address compared without scheme, "www." or a trailing slash."""
    return re.sub(r"^(?:https?:)?//(?:www\.)?", "", href.strip(), flags=re.I).rstrip("/").lower()


def _trim_url(url: str) -> str:
    """A bare URL without the punctuation that ends the sentence around it."""
    url = url.split("HHBLOCK")[0]
    while url and url[-1] in _URL_TRAILING:
        closing = url[-1]
        opening = {")": "(", "]": "[", "}": "{"}.get(closing)
        if opening and url.count(opening) >= url.count(closing):
            break  # a bracket that belongs to the address, as in Wikipedia's
        url = url[:-1]
    href = url if "://" in url else f"http://{url}"
    netloc = urlsplit(href).netloc
    return url if "." in netloc or ":" in netloc else ""


def _split_at_placeholders(html: str) -> list[str | int]:
    """Rich text cut at its placeholders (given as their numbers), each piece well-formed: the
    tags open where a picture cuts a bold sentence are closed before it and opened after it."""
    pieces: list[str | int] = []
    stack: list[tuple[str, str]] = []  # (name, opening tag)
    current, last = "", 0
    for match in _TAG_OR_PLACEHOLDER.finditer(html):
        current += html[last : match.start()]
        last = match.end()
        if match.group("index") is not None:
            pieces.append(current + "".join(f"</{name}>" for name, _ in reversed(stack)))
            pieces.append(int(match.group("index")))
            current = "".join(tag for _, tag in stack)
            continue
        current += match.group(0)
        name = match.group("name").lower()
        if match.group("empty") or name == "br":
            continue
        if not match.group("close"):
            stack.append((name, match.group(0)))
        elif any(open_name == name for open_name, _ in stack):
            while stack.pop()[0] != name:
                pass
    pieces.append(current + html[last:])
    return pieces


def _trim_breaks(html: str) -> str:
    return _BREAKS_AROUND.sub("", html)


def _has_text(html: str) -> bool:
    return bool(html_lib.unescape(_TAG.sub("", html)).strip())


def _emphasis_share(tag: Tag) -> float:
    """How much of an element's text is in italics (<em> or <i>), from 0 to 1."""
    total = len("".join(tag.get_text().split()))
    if not total:
        return 0.0
    emphasised = 0
    for em in tag.find_all(["em", "i"]):
        if not _inside(em, tag, ("em", "i")):  # else counted with the outer one
            emphasised += len("".join(em.get_text().split()))
    return emphasised / total


def _inside(node: Tag, container: Tag, names: tuple[str, ...]) -> bool:
    """Whether ``node`` has an ancestor named one of ``names`` within ``container``."""
    for parent in node.parents:
        if parent is container:
            return False
        if parent.name in names:
            return True
    return False


def _neighbour_text(node: Tag, *, before: bool) -> str:
    """The text right before (or after) an inline element, looking past inline parents."""
    current = node
    while current is not None:
        sibling = current.previous_sibling if before else current.next_sibling
        while sibling is not None:
            text = str(sibling) if isinstance(sibling, NavigableString) else sibling.get_text()
            if text:
                return text
            sibling = sibling.previous_sibling if before else sibling.next_sibling
        current = current.parent
        if current is None or current.name not in _INLINE:
            return ""
    return ""


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
    # Pictures shown from their original server (not copied here): assets still to fetch.
    images: list[str] = field(default_factory=list)


class Converter:
    """Turns one item's markdown texts into blocks, rich text or plain text.

    ``image_fetcher`` (url, alt) returns a Wagtail image id or None; without it, or where it fails,
    pictures stay on their server (remote_image blocks). ``redact`` holds e-mail addresses that
    must not appear in public text.
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
        self._blocks: list[dict] = []
        self._rich: list[str] = []
        # Blocks found inside a list, a heading or a table, emitted after it.
        self._deferred: list[dict] = []
        # The picture block emitted last, while nothing has followed it: a caption may.
        self._after_picture: dict | None = None
        # Captions too long for the caption field, shown as a paragraph under their picture.
        self._long_captions: dict[int, str] = {}

    # Public entry points ----------------------------------------------------------------------

    def to_blocks(self, markdown: str) -> Conversion:
        conversion = Conversion()
        soup = self._soup(markdown, conversion=conversion, mode="blocks")
        self._blocks = conversion.blocks
        self._rich = []
        self._after_picture = None
        levels = sorted({int(tag.name[1]) for tag in soup.find_all(_HEADINGS)})
        self._heading_levels = {level: f"h{min(rank + 2, 4)}" for rank, level in enumerate(levels)}
        self._walk(soup)
        self._flush()
        return conversion

    def to_rich_text(self, markdown: str) -> str:
        """Rich text for a RichTextField: paragraphs and lists, headings as bold paragraphs.

        Pictures become links to them, videos links to the video: a rich text field holds
        neither."""
        soup = self._soup(markdown, conversion=Conversion(), mode="rich")
        parts = []
        for node in self._top_level_nodes(soup):
            if node.name in ("ul", "ol"):
                parts.append(self._rich_list(node))
                continue
            if node.name in _HEADINGS:
                inner = _trim_breaks(self._inline(node))
            else:
                inner = _trim_breaks(self._inline_children(node))
            if _has_text(inner):
                parts.append(f"<p>{inner}</p>")
        return "".join(parts)

    def to_plain_text(self, markdown: str) -> str:
        soup = self._soup(markdown, conversion=Conversion(), mode="plain")
        # Words of two blocks (or cells, or lines) must not run together.
        for tag in soup.find_all(["br", "li", "td", "th", "tr", "dt", "dd", *_BLOCK_LEVEL]):
            tag.insert_after(" ")
        return clean_line(self._text(soup))

    # Parsing and sanitising -------------------------------------------------------------------

    def _soup(self, markdown: str, *, conversion: Conversion, mode: str) -> BeautifulSoup:
        """The sanitised HTML of ``markdown``; ``mode`` is "blocks", "rich" or "plain", for
        what pictures and videos become: placeholders for blocks, links, or nothing."""
        markdown = clean_text(markdown or "")

        def video_token(match):
            url = video_url(match.group(1)) or match.group(1)
            return f"\n\n{self._video(url, conversion=conversion, mode=mode)}\n\n"

        markdown = _VIDEO_TOKEN.sub(video_token, markdown)
        soup = BeautifulSoup(_MARKDOWN.render(markdown), "html.parser")
        for tag in soup.find_all(_DROPPED_WITH_CONTENT):
            self.warnings.append(f"dropped a <{tag.name}> element")
            tag.decompose()
        for iframe in soup.find_all("iframe"):
            src = iframe.get("src", "").replace("\\_", "_")
            url = video_url(src) if src else None
            if url is None:
                host = urlsplit(src).netloc or src or "?"
                self.warnings.append(f"dropped an embedded frame from {host}")
                iframe.decompose()
            else:
                markup = self._video(url, conversion=conversion, mode=mode)
                iframe.replace_with(*BeautifulSoup(markup, "html.parser").contents)
        for img in soup.find_all("img"):
            self._replace_image(img, conversion=conversion, mode=mode)
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
        # Addresses shown with text somewhere in the body: an empty link to one is a duplicate.
        self._hrefs_with_text = {
            _link_key(a.get("href", "")) for a in soup.find_all("a") if a.get_text(strip=True)
        }
        for text in soup.find_all(string=_BARE_URL):
            if text.find_parent(["a", "code", "pre"]) is None:
                for match in _BARE_URL.finditer(str(text)):
                    self._hrefs_with_text.add(_link_key(_trim_url(match.group(0))))
        return soup

    def _placeholder(self, block: dict) -> str:
        self._placeholders.append(block)
        return f"HHBLOCK{len(self._placeholders) - 1}HH"

    def _video(self, url: str, *, conversion: Conversion, mode: str) -> str:
        """What stands for a video: a placeholder for its block, a link to it in rich text."""
        if url in conversion.videos or mode == "plain":
            return ""  # the same video again (a token and a player, say): shown once
        conversion.videos.append(url)
        if mode == "rich":
            escaped = html_lib.escape(url)
            return f'<a href="{escaped}">{escaped}</a>'
        return self._placeholder({"type": "embed", "value": url})

    def _replace_image(self, img: Tag, *, conversion: Conversion, mode: str) -> None:
        raw_src = (img.get("src") or "").strip()
        src = self.links.absolute(raw_src) if raw_src else ""
        alt = clean_line(img.get("alt") or "")
        title = clean_line(img.get("title") or "")
        link = img.find_parent("a")
        if mode == "plain":
            img.decompose()
            return
        if mode == "rich":
            # A rich text field cannot show the picture: a link to it, named by its text.
            label = alt or title or (_file_name(src) if src else "")
            if link is not None:
                img.replace_with("" if link.get_text(strip=True) else label)
            elif _is_web_url(src):
                anchor = BeautifulSoup("", "html.parser").new_tag("a", href=src)
                anchor.string = label
                img.replace_with(anchor)
            else:
                img.replace_with(label)
            return
        if not _is_web_url(src):
            self.warnings.append(f"dropped a picture without a usable address: {raw_src!r}")
            img.decompose()
            return
        alt_text = alt or title
        caption = title if title and title.casefold() != alt_text.casefold() else ""
        placeholder = self._placeholder(
            self._picture(src, alt=alt_text, caption=caption, conversion=conversion)
        )
        if link is None:
            img.replace_with(placeholder)
            return
        # A picture that was a link: the picture first, then the link on its own.
        img.decompose()
        link.insert_before(placeholder)
        if not link.get_text(strip=True):
            href = (link.get("href") or "").strip()
            if not href or href == "#":
                link.decompose()
            else:
                link.string = alt_text or self.links.absolute(href)

    def _picture(self, src: str, *, alt: str, caption: str, conversion: Conversion) -> dict:
        image_id = self.image_fetcher(src, alt) if self.image_fetcher is not None else None
        alt_text = shorten(alt, _ALT_MAX)
        if alt_text != alt and not caption:
            caption = alt  # a description too long for alt text stays readable in full
        if image_id is not None:
            # No alt text in the source (alt="") marked the picture as decorative there.
            image = {"image": image_id, "alt_text": alt_text, "decorative": not alt_text}
            block = {"type": "image", "value": {"image": image, "caption": ""}}
        else:
            conversion.images.append(src)
            value = {"url": src, "alt_text": alt_text, "caption": ""}
            block = {"type": "remote_image", "value": value}
        if len(caption) > _CAPTION_MAX:
            self._long_captions[id(block)] = caption
        else:
            block["value"]["caption"] = caption
        return block

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
        """Block-level nodes, with containers (div) opened and loose inline runs wrapped in <p>.

        A paragraph or an inline element around block-level content (``<p><h2>``, ``<b><ul>``)
        is opened too: a heading stays a heading wherever raw HTML put it."""
        run: list = []
        for node in list(container.children):
            if isinstance(node, NavigableString):
                if run or str(node).strip():  # a space between two links is kept
                    run.append(node)
                continue
            wraps_blocks = (
                node.name == "p" or (node.name in _INLINE and node.name != "a")
            ) and node.find(_BLOCK_LEVEL) is not None
            if node.name in _INLINE and not wraps_blocks:
                run.append(node)
                continue
            if run:
                yield self._wrap(run)
                run = []
            if node.name in _BLOCK_CONTAINERS or wraps_blocks:
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
            picture, self._after_picture = self._after_picture, None
            if picture is not None and self._caption(picture, node):
                continue
            name = node.name
            if name in _HEADINGS:
                self._heading(node)
            elif name in ("ul", "ol"):
                self._deferred = []
                self._add_rich(self._rich_list(node))
                self._emit_deferred()
            elif name == "table":
                self._table(node)
            elif name == "blockquote":
                self._quote(node)
            elif name == "pre":
                lines = [html_lib.escape(line) for line in node.get_text().strip().split("\n")]
                self._add_rich(f"<p>{'<br/>'.join(lines)}</p>")
            elif name == "hr":
                self._flush()
            else:
                self._paragraph(node)

    def _flush(self) -> None:
        if self._rich:
            self._blocks.append({"type": "paragraph", "value": "".join(self._rich)})
            self._rich = []

    def _add_rich(self, html: str) -> None:
        if html:
            self._rich.append(html)
            self._after_picture = None

    def _emit(self, block: dict) -> None:
        self._flush()
        self._blocks.append(block)
        self._after_picture = None
        if block["type"] in _PICTURES:
            long_caption = self._long_captions.pop(id(block), None)
            if long_caption:
                self._add_rich(f"<p><i>{html_lib.escape(long_caption, quote=False)}</i></p>")
            else:
                self._after_picture = block

    def _take_placeholders(self, text: str) -> str:
        """``text`` without its placeholders; their blocks wait in ``_deferred``."""
        for index in _PLACEHOLDER.findall(text):
            self._deferred.append(self._placeholders[int(index)])
        return _PLACEHOLDER.sub("", text)

    def _emit_deferred(self) -> None:
        deferred, self._deferred = self._deferred, []
        for block in deferred:
            self._emit(block)

    def _caption(self, picture: dict, node: Tag) -> bool:
        """Make ``node`` the caption of the picture right before it, if it reads as one.

        The hub writes captions as an italic quote under the picture (``> *Caption*``), or as an
        italic line. Quotes whose first paragraph is mostly italics are captions; the rest of such
        a quote (editors forgot to leave the ``>``) is ordinary content."""
        if node.name == "blockquote":
            first = next(
                (c for c in node.children if not isinstance(c, NavigableString) or c.strip()),
                None,
            )
            if not isinstance(first, Tag) or first.name != "p" or _emphasis_share(first) < 0.5:
                return False
            text = clean_line(self._text(first))
            if not text or _PLACEHOLDER.search(text):
                return False
            first.extract()
            self._set_caption(picture, text)
            self._walk(node)
            return True
        if node.name == "p" and _emphasis_share(node) == 1 and not node.find(["a", "b", "strong"]):
            text = clean_line(self._text(node))
            if not text or len(text) > _CAPTION_MAX or _PLACEHOLDER.search(text):
                return False
            self._set_caption(picture, text)
            return True
        return False

    def _set_caption(self, picture: dict, text: str) -> None:
        if len(text) <= _CAPTION_MAX:
            picture["value"]["caption"] = text
        else:
            self._add_rich(f"<p><i>{html_lib.escape(text, quote=False)}</i></p>")

    def _paragraph(self, node: Tag) -> None:
        for piece in _split_at_placeholders(_trim_breaks(self._inline_children(node))):
            if isinstance(piece, int):
                self._emit(self._placeholders[piece])
                continue
            piece = _SPACE_AFTER_OPENING.sub(r"\1", _trim_breaks(piece))
            piece = _SPACE_BEFORE_CLOSING.sub(r"\1", piece)
            if _has_text(piece):
                self._add_rich(f"<p>{piece}</p>")

    def _heading(self, node: Tag) -> None:
        text = clean_line(self._take_placeholders(self._text(node)))
        if text and len(text) > _HEADING_MAX:
            self._add_rich(f"<p><b>{html_lib.escape(text)}</b></p>")
        elif text:
            self._flush()
            level = self._heading_levels.get(int(node.name[1]), "h4")
            self._blocks.append({"type": "heading", "value": {"text": text, "level": level}})
        self._emit_deferred()

    def _quote(self, node: Tag) -> None:
        # The outermost paragraphs and items only: a loose list's <li><p> is one line, not two.
        paragraphs = [
            self._text(p) for p in node.find_all(["p", "li"]) if not _inside(p, node, ("p", "li"))
        ] or [self._text(node)]
        lines = [clean_line(self._take_placeholders(p)) for p in paragraphs]
        self._emit_deferred()  # pictures quoted: before the words
        text = "\n".join(line for line in lines if line)
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
            self._emit_deferred()
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
                self._add_rich(f"<p><b>{html_lib.escape(caption_text)}</b></p>")
            self._add_rich(f"<ul>{''.join(items)}</ul>")
            self._emit_deferred()
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
        self._emit_deferred()

    def _cell_text(self, cell: Tag) -> str:
        for link in cell.find_all("a"):
            href = link.get("href", "")
            text = link.get_text(" ", strip=True)
            if href and href != text and not href.startswith("#"):
                link.replace_with(f"{text} ({self.links.absolute(href)})" if text else href)
        return clean_line(self._take_placeholders(self._text(cell)))

    # Rich text serialisation ------------------------------------------------------------------

    def _rich_list(self, node: Tag) -> str:
        items = [self._list_item(li) for li in node.find_all("li", recursive=False)]
        items = [f"<li>{item}</li>" for item in items if item]
        return f"<{node.name}>{''.join(items)}</{node.name}>" if items else ""

    def _list_item(self, li: Tag) -> str:
        """One list item's content. A loose list's item (``<li><p>``) holds its text, not a line
        break before it; paragraphs of one item are separated by line breaks."""
        segments: list[tuple[str, str]] = []
        run: list = []
        for child in [*li.children, None]:
            if child is not None and not (isinstance(child, Tag) and child.name in _BLOCK_LEVEL):
                run.append(child)
                continue
            text = _trim_breaks("".join(self._inline(node) for node in run))
            run = []
            if _has_text(text):
                segments.append(("text", text))
            if child is None:
                break
            if child.name in ("ul", "ol"):
                segments.append(("list", self._rich_list(child)))
                continue
            inline = self._inline(child) if child.name in _HEADINGS else None
            text = _trim_breaks(inline or self._inline_children(child))
            if _has_text(text):
                segments.append(("text", text))
        content = ""
        for index, (kind, html) in enumerate(segments):
            if kind == "text" and index and segments[index - 1][0] == "text":
                content += "<br/>"
            content += html
        content = _trim_breaks(_SPACED_BREAK.sub("<br/>", self._take_placeholders(content)))
        return content if _has_text(content) else ""

    def _inline_children(self, node: Tag) -> str:
        return "".join(self._inline(child) for child in node.children)

    def _inline(self, node) -> str:
        if isinstance(node, NavigableString):
            text = _LEFTOVER_MARKDOWN.sub("", str(node))
            if node.find_parent(["a", "code", "pre"]) is None:
                return self._linkify(text)
            return html_lib.escape(text, quote=False)
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
        if name in ("p", "div", "li", "dd", "blockquote", "pre", "tr"):
            return f"{inner}<br/>" if inner.strip() else ""
        if name in ("td", "th"):
            return f"{inner} " if inner.strip() else ""
        if name in ("ul", "ol"):
            return " ".join(self._inline(li) for li in node.find_all("li", recursive=False))
        return inner

    def _linkify(self, text: str) -> str:
        """Escaped text with the addresses written out in it (https://..., www....) linked."""
        parts, last = [], 0
        for match in _BARE_URL.finditer(text):
            url = _trim_url(match.group(0))
            if not url:
                continue
            start = match.start()
            parts.append(html_lib.escape(text[last:start], quote=False))
            attrs = self.links.rewrite(url if "://" in url else f"http://{url}")
            parts.append(self._anchor(attrs, html_lib.escape(url, quote=False)))
            last = start + len(url)
        parts.append(html_lib.escape(text[last:], quote=False))
        return "".join(parts)

    def _link(self, node: Tag, inner: str) -> str:
        href = node.get("href", "")
        attrs = self.links.rewrite(href) if href else None
        if attrs is None:
            return inner
        if _has_text(inner):
            return self._anchor(attrs, inner)
        if _link_key(href) in self._hrefs_with_text:
            return ""  # an empty duplicate of a link that is shown with its text elsewhere
        # An empty link shows its address, as a word of its own.
        anchor = self._anchor(attrs, html_lib.escape(attrs.get("href", href), quote=False))
        before = _neighbour_text(node, before=True)
        after = _neighbour_text(node, before=False)
        space_before = " " if before and not before[-1].isspace() else ""
        space_after = " " if after and after[0].isalnum() else ""
        return f"{space_before}{anchor}{space_after}"

    @staticmethod
    def _anchor(attrs: dict[str, str] | None, inner: str) -> str:
        if attrs is None:
            return inner
        rendered = " ".join(f'{key}="{html_lib.escape(value)}"' for key, value in attrs.items())
        return f"<a {rendered}>{inner}</a>"

    @staticmethod
    def _text(node) -> str:
        return _LEFTOVER_MARKDOWN.sub("", node.get_text())
