"""Importing a folder of markdown items into pages: parse, convert, write, link.

``hub_import`` runs in two passes. The first creates or updates one page per item, each in its
own transaction, so that a failing item leaves nothing half-written and the run carries on. The
second, once every item has a page, fills in what points at other items (relation fields, body
links to old item URLs) for the items that pointed at one that had no page yet.

An item is identified by its stable id (``pageId``), never by its file name. Its file's content
hash decides whether a later run updates the page (a new revision, published if the page is
live) or leaves it alone. Pages are never deleted or unpublished.
"""

import datetime
import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from django.utils.translation import gettext

from wagtail.contrib.redirects.models import Redirect
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, Site, TranslatableMixin
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from cms.core.models import Audience, Licence, Theme

from .assets import AssetFetcher
from .frontmatter import FrontMatterError, parse_front_matter, split_document
from .mapping import Mapping, Section
from .markdown import EMAIL, Converter, LinkResolver, video_url
from .models import ImportedItem
from .selectors import imported_items_by_source_id, page_classes, section_index
from .text import clean_line, clean_text

# Part of every content hash: a new importer version re-imports everything once.
IMPORTER_VERSION = "1"

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
OUTCOMES = [CREATED, UPDATED, UNCHANGED, FAILED]
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+")
_BARE_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_RELATION = re.compile(r"^\s*(?P<id>[\w\-]+?)____(?P<title>.*)$", re.DOTALL)
_validate_url = URLValidator(schemes=["http", "https"])


class ItemError(Exception):
    """The item cannot be imported; the message says why."""


@dataclass
class SourceItem:
    """One parsed source file."""

    path: Path
    rel_path: str
    folder: str
    section: Section
    data: dict
    body: str
    source_id: str
    title: str
    date: datetime.date
    is_draft: bool
    content_hash: str
    notes: list[str] = field(default_factory=list)


@dataclass
class ItemResult:
    source_path: str
    folder: str
    source_id: str = ""
    outcome: str = ""
    page_id: int | None = None
    url: str = ""
    live: bool | None = None
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict:
        return {
            "source_path": self.source_path,
            "folder": self.folder,
            "pageId": self.source_id,
            "outcome": self.outcome,
            "page_id": self.page_id,
            "url": self.url,
            "live": self.live,
            "warnings": self.warnings,
            "error": self.error,
        }


@dataclass
class ImportReport:
    root: str
    mapping: str
    dry_run: bool
    items: list[ItemResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return sum(1 for item in self.items if item.outcome == FAILED)

    def by_folder(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for item in self.items:
            row = table.setdefault(
                item.folder, dict.fromkeys([CREATED, UPDATED, UNCHANGED, FAILED], 0)
            )
            row[item.outcome] += 1
        return dict(sorted(table.items()))

    def as_dict(self) -> dict:
        totals = dict.fromkeys([CREATED, UPDATED, UNCHANGED, FAILED], 0)
        for item in self.items:
            totals[item.outcome] += 1
        return {
            "source": self.root,
            "mapping": self.mapping,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 2),
            "totals": totals,
            "folders": self.by_folder(),
            "items": [item.as_dict() for item in self.items],
        }


# Parsing ---------------------------------------------------------------------------------------


def item_parse(*, path: Path, root: Path, mapping: Mapping) -> SourceItem:
    """Read one file leniently; raise ItemError where its meaning is not clear."""
    rel_path = path.relative_to(root).as_posix()
    folder = path.relative_to(root).parts[0] if len(path.relative_to(root).parts) > 1 else ""
    section = mapping.sections.get(folder)
    if section is None:
        raise ItemError(f"the mapping has no section for the folder {folder!r}")
    raw = path.read_bytes()
    notes = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append("the file is not UTF-8; read as Windows-1252")
    try:
        front, body = split_document(clean_text(text))
        data, front_notes = parse_front_matter(front)
    except FrontMatterError as error:
        raise ItemError(f"front matter: {error}") from error
    notes += front_notes
    source_id = _single(data.get(mapping.id_key))
    if not source_id:
        raise ItemError(f"the front matter has no '{mapping.id_key}' (the item's stable id)")
    source_id = clean_line(str(source_id)).lower()
    title = clean_line(str(_single(data.get(mapping.title_key)) or ""))
    if not title:
        raise ItemError(f"the front matter has no '{mapping.title_key}'")
    if len(title) > 255:
        notes.append("the title was longer than 255 characters and was shortened")
        title = title[:254].rstrip() + "…"
    return SourceItem(
        path=path,
        rel_path=rel_path,
        folder=folder,
        section=section,
        data=data,
        body=body,
        source_id=source_id,
        title=title,
        date=_item_date(data.get(mapping.date_key), path.name, notes),
        is_draft=_is_draft(data, mapping),
        content_hash=hashlib.sha256(
            IMPORTER_VERSION.encode() + mapping.digest.encode() + raw
        ).hexdigest(),
        notes=notes,
    )


def _single(value):
    """A single value written as a one-element list is the value itself."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _item_date(value, file_name: str, notes: list[str]) -> datetime.date:
    value = _single(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            match = _DATE_PREFIX.match(value.strip())
            if match:
                return datetime.date(*map(int, match.groups()))
            notes.append(f"unreadable date {value!r}")
    match = _DATE_PREFIX.match(file_name)
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            pass
    notes.append("no date: today's date was used")
    return datetime.date.today()


def _is_draft(data: dict, mapping: Mapping) -> bool:
    for key, draft_values in mapping.draft.items():
        value = _single(data.get(key))
        if value is not None and str(value).strip().lower() in draft_values:
            return True
    return False


def private_emails(*, item: SourceItem, mapping: Mapping) -> set[str]:
    """E-mail addresses in the item's private keys: they must appear in no public text."""
    emails = set()
    for key in mapping.private:
        value = item.data.get(key)
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, str):
                emails |= {email.lower() for email in EMAIL.findall(part)}
    return emails


# Building the page's content -------------------------------------------------------------------


@dataclass
class PageContent:
    """What an item puts on its page, ready to apply."""

    values: dict = field(default_factory=dict)
    body: list = field(default_factory=list)
    streams: dict = field(default_factory=lambda: defaultdict(list))
    themes: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    keywords: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    details: list = field(default_factory=list)  # (label, html)
    unresolved: set = field(default_factory=set)


class _Builder:
    """Converts one parsed item into PageContent, collecting warnings."""

    def __init__(self, *, item, mapping, links, fetcher, redact, warnings, locale):
        self.item = item
        self.mapping = mapping
        self.section = item.section
        self.model = item.section.page_model
        self.links = links
        self.fetcher = fetcher
        self.warnings = warnings
        self.locale = locale
        self.content = PageContent()
        fetch_image = None
        if fetcher.enabled:

            def fetch_image(url, alt):
                return fetcher.image(url, title=alt or item.title, warnings=warnings)

        self.converter = Converter(
            links=links,
            warnings=warnings,
            image_fetcher=fetch_image,
            redact=redact,
            allow_tables="table" in self._stream_block_names("body"),
        )

    def _stream_block_names(self, name: str) -> set[str]:
        try:
            model_field = self.model._meta.get_field(name)
        except Exception:
            return set()
        return (
            set(model_field.stream_block.child_blocks)
            if isinstance(model_field, StreamField)
            else set()
        )

    def _has_field(self, name: str) -> bool:
        try:
            self.model._meta.get_field(name)
        except Exception:
            return False
        return True

    def build(self) -> PageContent:
        item, content = self.item, self.content
        conversion = self.converter.to_blocks(item.body)
        content.body = conversion.blocks
        if self.section.video_field and conversion.videos:
            content.values[self.section.video_field] = conversion.videos[0]
        handled = {self.mapping.id_key, self.mapping.title_key, self.mapping.date_key}
        handled |= set(self.mapping.ignore) | set(self.section.ignore)
        for key, value in item.data.items():
            if key in handled:
                continue
            rules = self.section.rules_for(key)
            if rules:
                for rule in rules:
                    self._apply_rule(rule, value)
            elif key in self.section.relations:
                self._relation(key, value)
            elif key in self.section.details:
                self._detail(self.section.details[key], value)
            elif key in self.mapping.private:
                continue  # personal data with no private field to hold it is not published
            elif value not in (None, "", []):
                self.warnings.append(f"unmapped key {key!r} kept in the details list")
                self._detail(key, value)
        for name, value in self.section.constants.items():
            content.values[name] = value
        if self.section.event_session:
            content.sessions = [{"start_date": item.date}]
        self._licence()
        content.unresolved = set(self.links.unresolved)
        return content

    # Each kind of target --------------------------------------------------------------------

    def _apply_rule(self, rule, value) -> None:
        if _is_empty(value):
            return
        target = rule.field
        handler = getattr(self, f"_to_{target}", None)
        if handler is not None:
            handler(value, rule)
            return
        model_field = self.model._meta.get_field(target)
        if isinstance(model_field, models.ForeignKey):
            self._foreign_key(model_field, value, rule)
        elif isinstance(model_field, RichTextField):
            self.content.values[target] = self.converter.to_rich_text(_joined(value))
        elif isinstance(model_field, models.URLField):
            self._url_field(target, value, rule)
        elif isinstance(model_field, models.DateField):
            self.content.values[target] = _item_date(value, "", self.warnings)
        elif isinstance(model_field, (models.CharField, models.TextField)):
            self._text_field(model_field, value, rule)
        else:
            self.warnings.append(f"{rule.key!r}: the field {target!r} cannot be filled; kept below")
            self._detail(rule.label or rule.key, value)

    def _text_field(self, model_field, value, rule) -> None:
        name = model_field.name
        if model_field.choices:
            raw = clean_line(str(_single(value)))
            mapped = self.section.values.get(name, {}).get(raw, raw)
            valid = {str(choice) for choice, _label in model_field.choices}
            if str(mapped) in valid:
                self.content.values[name] = mapped
            else:
                self.warnings.append(f"{rule.key!r}: {raw!r} is not a known {name}; kept below")
                self._detail(rule.label or rule.key, value)
            return
        text = self.converter.to_plain_text(_joined(value))
        limit = model_field.max_length
        if limit and len(text) > limit:
            self.warnings.append(f"{rule.key!r} was too long for {name}; full text kept below")
            self._detail(rule.label or rule.key, value)
            text = text[: limit - 1].rstrip() + "…"
        self.content.values[name] = text

    def _url_field(self, name: str, value, rule) -> bool:
        url = self._url(value)
        if url:
            self.content.values[name] = url
            return True
        self.warnings.append(f"{rule.key!r}: not a valid URL; kept below")
        self._detail(rule.label or rule.key, value)
        return False

    def _url(self, value) -> str | None:
        text = clean_line(str(_single(value) or ""))
        if not text:
            return None
        url = self.links.absolute(text.replace(" ", ""))
        if url.startswith("www."):
            url = f"https://{url}"
        try:
            _validate_url(url)
        except ValidationError:
            return None
        return url if len(url) <= 200 else None

    def _foreign_key(self, model_field, value, rule) -> None:
        related = model_field.related_model
        name = model_field.name
        label = rule.label or rule.key
        if related._meta.label == "wagtaildocs.Document":
            url = self._url(value)
            document_id = url and self.fetcher.document(
                url, title=self.item.title, warnings=self.warnings
            )
            if document_id:
                self.content.values[f"{name}_id"] = document_id
            elif url and rule.fallback:
                self.content.values[rule.fallback] = url
            else:
                self._detail(label, url or value, link=bool(url))
            return
        if related._meta.label == "wagtailimages.Image":
            self._to_listing_image(value, rule, field_name=name)
            return
        if any(f.name == "name" for f in related._meta.fields):
            term_name = clean_line(str(_single(value)))[:120]
            self.content.values[name] = _term(related, term_name, self.locale)
            return
        self.warnings.append(f"{rule.key!r}: cannot fill {name}; kept below")
        self._detail(label, value)

    def _to_summary(self, value, rule) -> None:
        text = self.converter.to_plain_text(_joined(value))
        if self._has_field("summary"):
            self.content.values["summary"] = text
        else:
            self.content.values["listing_summary"] = text[:400]

    def _to_themes(self, value, rule) -> None:
        for name in _as_list(value):
            name = clean_line(str(name))
            if name:
                self.content.themes.append(_term(Theme, name[:100], self.locale))

    def _to_audiences(self, value, rule) -> None:
        for code in _as_list(value):
            code = clean_line(str(code))
            if not code:
                continue
            name = self.mapping.audiences.get(code) or self.mapping.audiences.get(code.upper())
            if name is None:
                name = code.capitalize()
                self.warnings.append(f"unknown audience {code!r} created as {name!r}")
            self.content.audiences.append(_term(Audience, name[:100], self.locale))

    def _to_keywords(self, value, rule) -> None:
        seen = {k.lower() for k in self.content.keywords}
        for part in re.split(r"[,;\n]", _joined(value, separator=",")):
            keyword = clean_line(part).strip(".")[:100]
            if keyword and keyword.lower() not in seen:
                seen.add(keyword.lower())
                self.content.keywords.append(keyword)

    def _to_web_links(self, value, rule) -> None:
        text = clean_text(_joined(value, separator=" "))
        # A URL wrapped across lines by the CMS ("...hl=b\ s&gl=US") is one URL.
        text = re.sub(r"\\\s+", "", text)
        found = _URL.findall(text)
        if not found and _BARE_DOMAIN.match(text.strip()):
            found = [f"https://{text.strip()}"]
        if not found and text.strip():
            self.warnings.append(f"{rule.key!r}: no URL in {text.strip()[:80]!r}; kept below")
            self._detail(rule.key, value)
        for raw in found:
            url = self._url(raw.rstrip(".,;)"))
            if url:
                self.content.streams["web_links"].append(
                    {"type": "link", "value": {"url": url, "title": ""}}
                )
            else:
                self._detail(rule.key, raw)

    def _to_listing_image(self, value, rule, field_name="listing_image") -> None:
        url = self._url(value)
        if url is None:
            self._detail(rule.label or gettext("Image"), value)
            return
        image_id = self.fetcher.image(url, title=self.item.title, warnings=self.warnings)
        if image_id:
            self.content.values[f"{field_name}_id"] = image_id
        else:
            self._detail(rule.label or gettext("Image"), url, link=True)

    def _to_body_image(self, value, rule) -> None:
        url = self._url(value)
        image_id = url and self.fetcher.image(url, title=self.item.title, warnings=self.warnings)
        if image_id:
            self.content.body.append(
                {
                    "type": "image",
                    "value": {
                        "image": {
                            "image": image_id,
                            "alt_text": self.item.title,
                            "decorative": False,
                        },
                        "caption": "",
                    },
                }
            )
        else:
            self._detail(rule.label or gettext("Image"), url or value, link=bool(url))

    def _to_body_embed(self, value, rule) -> None:
        url = self._url(value)
        if url is None:
            self._detail(rule.label or rule.key, value)
            return
        self.content.body.append({"type": "embed", "value": video_url(url) or url})

    def _to_contact_name(self, value, rule) -> None:
        self.content.values["contact_name"] = clean_line(_joined(value, separator=", "))[:255]

    def _to_contact_email(self, value, rule) -> None:
        emails = EMAIL.findall(_joined(value, separator=" "))
        valid = []
        for email in emails:
            try:
                EmailValidator()(email)
                valid.append(email)
            except ValidationError:
                continue
        if valid:
            self.content.values["contact_email"] = valid[0]
        if len(valid) > 1:
            # The field holds one address; the others stay private beside the name.
            self.content.values["contact_name"] = clean_line(
                f"{self.content.values.get('contact_name', '')} "
                f"({gettext('also')}: {', '.join(valid[1:])})"
            )[:255]
        elif not valid and clean_line(_joined(value)):
            self.warnings.append(f"{rule.key!r}: no valid e-mail address (kept out of the page)")

    def _relation(self, key: str, value) -> None:
        # Filled by relations_apply(); parsing here only reports malformed entries.
        for entry in _as_list(value):
            if not _RELATION.match(str(entry)):
                self.warnings.append(f"{key!r}: unreadable relation {str(entry)[:80]!r}")

    def _licence(self) -> None:
        name = (
            clean_line(str(_single(self.item.data.get("license")) or ""))
            or self.mapping.licence_name
        )
        if not name:
            return
        url = self.mapping.licence_url if name == self.mapping.licence_name else ""
        licence = _licence(name[:100], url, self.locale)
        attribution = self.mapping.attribution[:255]
        if self._has_field("licence"):
            self.content.values["licence"] = licence
            if attribution:
                self.content.values["attribution"] = attribution
            return
        # The page type has no licence field: the credit goes at the end of the body.
        link = (
            f'<a href="{_esc(licence.url)}">{_esc(licence.name)}</a>'
            if licence.url
            else _esc(licence.name)
        )
        credit = f"{_esc(attribution)}. " if attribution else ""
        self.content.body.append(
            {"type": "paragraph", "value": f"<p>{credit}{_esc(gettext('Licence:'))} {link}</p>"}
        )

    def _detail(self, label: str, value, *, link: bool = False) -> None:
        if value in (None, "", []):
            return
        if link:
            url = str(value)
            self.content.details.append(("", f'<a href="{_esc(url)}">{_esc(label)}</a>'))
            return
        text = self.converter.to_rich_text(_joined(value))
        inner = re.sub(r"^<p>|</p>$", "", text) if text.count("<p>") == 1 else text
        self.content.details.append((label, inner))

    def finish(self) -> PageContent:
        content = self.content
        if content.details:
            items = "".join(
                f"<li><b>{_esc(label)}:</b> {html}</li>" if label else f"<li>{html}</li>"
                for label, html in content.details
            )
            content.body.append(
                {"type": "heading", "value": {"text": gettext("Details"), "level": "h2"}}
            )
            content.body.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
        return content


def _esc(text: str) -> str:
    import html

    return html.escape(str(text))


# What authors write in a field that has nothing to say.
_EMPTY_WORDS = {"n/a", "na", "-", "--", "none", "null", "tbd", "/"}


def _is_empty(value) -> bool:
    if value in (None, "", []):
        return True
    return isinstance(value, str) and value.strip().lower() in _EMPTY_WORDS


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _joined(value, *, separator: str = "\n\n") -> str:
    return separator.join(str(v) for v in _as_list(value) if v not in (None, ""))


def _term(model, name: str, locale):
    kwargs = {"locale": locale} if issubclass(model, TranslatableMixin) else {}
    term = model.objects.filter(name__iexact=name, **kwargs).first()
    return term or model.objects.create(name=name, **kwargs)


def _licence(name: str, url: str, locale) -> Licence:
    licence = Licence.objects.filter(name__iexact=name, locale=locale).first()
    if licence is None:
        licence = Licence.objects.create(name=name, url=url, locale=locale)
    return licence


# Writing ---------------------------------------------------------------------------------------


@dataclass
class _Run:
    """State shared by the items of one run."""

    mapping: Mapping
    fetcher: AssetFetcher
    home: Page
    locale: Locale
    links_pages: dict[str, int]
    pending: set[str]
    redact: set[str]
    user: object = None
    indexes: dict = field(default_factory=dict)
    slugs: dict = field(default_factory=dict)


def _home_page() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ItemError("there is no default site: create one (and its home page) first")
    return site.root_page.specific


def _prepare_indexes(run: _Run, sections: list[Section]) -> None:
    """Find or create each section's index page; a failure is kept as the section's error."""
    for section in sections:
        if section.index_slug in run.indexes:
            continue
        try:
            with transaction.atomic():
                run.indexes[section.index_slug] = _index_for(run, section)
        except Exception as error:
            run.indexes[section.index_slug] = f"the section's index page: {error}"


def _index_for(run: _Run, section: Section) -> Page:
    index = section_index(parent=run.home, slug=section.index_slug)
    if index is None:
        index = section.index_model(title=section.index_title, slug=section.index_slug)
        run.home.add_child(instance=index)
        index.save_revision(user=run.user).publish(user=run.user)
        run.home.refresh_from_db()
    elif not isinstance(index, section.index_model):
        raise ItemError(
            f"the page /{section.index_slug}/ under the home page is a "
            f"{type(index).__name__}, not a {section.index_model.__name__}"
        )
    return index


def _unique_slug(run: _Run, parent: Page, title: str, source_id: str) -> str:
    if parent.pk not in run.slugs:
        run.slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
    taken = run.slugs[parent.pk]
    base = (slugify(title, allow_unicode=True)[:80].strip("-")) or source_id[:36]
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _apply(page: Page, item: SourceItem, content: PageContent) -> None:
    page.title = item.title
    page.draft_title = item.title
    if hasattr(page, "date"):
        page.date = item.date
    for name, value in content.values.items():
        setattr(page, name, value)
    page.body = content.body
    for name, blocks in content.streams.items():
        setattr(page, name, blocks)
    if hasattr(page, "themes"):
        page.themes = content.themes
        page.audiences = content.audiences
    if hasattr(page, "keywords"):
        page.keywords.set(content.keywords)
    if content.sessions and hasattr(page, "sessions"):
        from cms.events.models import EventSession

        page.sessions = [EventSession(**kwargs) for kwargs in content.sessions]


def item_import(
    *, item: SourceItem, run: _Run, existing: ImportedItem | None, warnings: list[str]
) -> tuple[str, Page, bool]:
    """Create or update the item's page, in one transaction.

    Returns the outcome, the page and whether it refers to items that have no page yet.
    """
    with transaction.atomic():
        links = LinkResolver(
            base_url=run.mapping.base_url, pages=run.links_pages, pending=run.pending
        )
        builder = _Builder(
            item=item,
            mapping=run.mapping,
            links=links,
            fetcher=run.fetcher,
            redact=run.redact,
            warnings=warnings,
            locale=run.locale,
        )
        content = builder.build()
        content = builder.finish()
        relations_pending = _relations_into(content, item=item, run=run, warnings=warnings)
        page = existing.page.specific if existing is not None and existing.page_id else None
        if page is not None and not isinstance(page, item.section.page_model):
            raise ItemError(
                f"the item's page #{page.pk} is a {type(page).__name__}, "
                f"no longer a {item.section.page_model.__name__}: move or delete it first"
            )
        if page is None:
            parent = run.indexes.get(item.section.index_slug)
            if not isinstance(parent, Page):
                raise ItemError(parent or "the section's index page is missing")
            page = item.section.page_model(
                slug=_unique_slug(run, parent, item.title, item.source_id),
                live=not item.is_draft,
                locale=run.locale,
            )
            _apply(page, item, content)
            parent.add_child(instance=page)
            revision = page.save_revision(user=run.user)
            if not item.is_draft:
                revision.publish(user=run.user)
            outcome = CREATED
        else:
            page = page.get_latest_revision_as_object()
            _apply(page, item, content)
            revision = page.save_revision(user=run.user, changed=True)
            if page.live and not item.is_draft:
                revision.publish(user=run.user)
            elif page.live:
                warnings.append("the item is now a draft: the live page keeps its earlier content")
            outcome = UPDATED
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(f"/{item.section.old_path}/{item.source_id}"),
            site=None,
            defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True},
        )
        unresolved = sorted((content.unresolved | relations_pending) & run.pending)
        ImportedItem.objects.update_or_create(
            source_id=item.source_id,
            defaults={
                "section": item.section.name,
                "source_path": item.rel_path,
                "page": page,
                "content_hash": item.content_hash,
                "unresolved_ids": unresolved,
            },
        )
    run.links_pages[item.source_id] = page.pk
    run.pending.discard(item.source_id)
    return outcome, page, bool(unresolved)


def _relations_into(content, *, item, run, warnings) -> set[str]:
    """Put the item's relations into the content's streams; returns ids without a page yet.

    With ``warnings`` (the second pass) a relation to an item that has no page is reported.
    """
    pending: set[str] = set()
    wanted: list[tuple[str, str, str, str]] = []
    for key, field_name in item.section.relations.items():
        for entry in _as_list(item.data.get(key)):
            match = _RELATION.match(clean_text(str(entry)))
            if match:
                source_id = match.group("id").strip().lower()
                wanted.append((key, field_name, source_id, clean_line(match.group("title"))))
    if not wanted:
        return pending
    classes = page_classes(
        page_ids=[run.links_pages[s] for _k, _f, s, _t in wanted if s in run.links_pages]
    )
    model = item.section.page_model
    seen: set[tuple[str, int]] = set()
    for key, field_name, source_id, title in wanted:
        page_id = run.links_pages.get(source_id)
        if page_id is None:
            if source_id in run.pending:
                pending.add(source_id)
            elif warnings is not None:
                warnings.append(f"{key}: no item {source_id} ({title!r}); relation left out")
            continue
        stream_field = model._meta.get_field(field_name)
        block_name, block = next(iter(stream_field.stream_block.child_blocks.items()))
        targets = tuple(getattr(block, "target_models", None) or [Page])
        target_field, target_block = field_name, block_name
        if not issubclass(classes.get(page_id, Page), targets):
            if not hasattr(model, "related_pages"):
                if warnings is not None:
                    warnings.append(f"{key}: {title!r} is not a {targets[0].__name__}; left out")
                continue
            target_field, target_block = "related_pages", "page"
        if (target_field, page_id) in seen:
            continue
        seen.add((target_field, page_id))
        content.streams[target_field].append({"type": target_block, "value": page_id})
    for name in set(item.section.relations.values()):
        content.streams.setdefault(name, [])
    return pending


def item_link(*, item: SourceItem, run: _Run, warnings: list[str]) -> bool:
    """Second pass: rebuild an item whose links or relations pointed at items without a page.

    Saves a new revision (published if the page is live) only where something changed.
    """
    with transaction.atomic():
        imported = ImportedItem.objects.select_related("page").get(source_id=item.source_id)
        page = imported.page.specific.get_latest_revision_as_object()
        links = LinkResolver(base_url=run.mapping.base_url, pages=run.links_pages)
        builder = _Builder(
            item=item,
            mapping=run.mapping,
            links=links,
            fetcher=run.fetcher,
            redact=run.redact,
            warnings=[],  # reported in the first pass already
            locale=run.locale,
        )
        builder.build()
        content = builder.finish()
        link_warnings: list[str] = []
        _relations_into(content, item=item, run=run, warnings=link_warnings)
        for message in links.warnings + link_warnings:
            if message not in warnings:
                warnings.append(message)
        before = _comparable(page)
        _apply(page, item, content)
        imported.unresolved_ids = sorted(links.unresolved - set(run.links_pages))
        imported.save(update_fields=["unresolved_ids", "last_imported_at"])
        if _comparable(page) == before:
            return False
        revision = page.save_revision(user=run.user, changed=True)
        if page.live and not item.is_draft:
            revision.publish(user=run.user)
        return True


def _comparable(page) -> tuple:
    streams = [
        name
        for name in ("body", "linked_tools", "linked_webinars", "related_pages")
        if hasattr(page, name)
    ]
    return tuple(str(getattr(page, name).get_prep_value()) for name in streams)


# The whole run ---------------------------------------------------------------------------------


def hub_import(
    *,
    root: Path,
    mapping: Mapping,
    dry_run: bool = False,
    fetch_assets: bool = False,
    user=None,
    progress: Callable[[int, int, ItemResult], None] | None = None,
) -> ImportReport:
    """Import every ``<folder>/<name>.md`` under ``root``; see the module docstring."""
    started = time.monotonic()
    root = Path(root)
    report = ImportReport(root=str(root), mapping=mapping.name, dry_run=dry_run)
    files = sorted(p for p in root.glob("*/**/*.md") if p.is_file())
    parsed: list[tuple[ItemResult, SourceItem | None]] = []
    seen_ids: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(root)
        result = ItemResult(source_path=rel.as_posix(), folder=rel.parts[0])
        try:
            item = item_parse(path=path, root=root, mapping=mapping)
        except (ItemError, OSError) as error:
            result.outcome, result.error = FAILED, str(error)
            parsed.append((result, None))
            continue
        result.source_id = item.source_id
        result.warnings.extend(item.notes)
        if item.source_id in seen_ids:
            result.outcome = FAILED
            result.error = f"the same {mapping.id_key} as {seen_ids[item.source_id]}"
            parsed.append((result, None))
            continue
        seen_ids[item.source_id] = result.source_path
        parsed.append((result, item))

    redact: set[str] = set()
    for _result, item in parsed:
        if item is not None:
            redact |= private_emails(item=item, mapping=mapping)

    # Fetching writes files that a rollback would not remove: a dry run never fetches.
    fetcher = AssetFetcher(enabled=fetch_assets and not dry_run)
    outer = transaction.atomic() if dry_run else nullcontext()
    with outer:
        locale = Locale.get_default()
        home = None
        try:
            home = _home_page()
            locale = home.locale
        except ItemError as error:
            for result, item in parsed:
                if item is not None:
                    result.outcome, result.error = FAILED, str(error)
        existing = imported_items_by_source_id()
        links_pages = {sid: rec.page_id for sid, rec in existing.items() if rec.page_id}
        corpus_ids = {item.source_id for _r, item in parsed if item is not None}
        run = _Run(
            mapping=mapping,
            fetcher=fetcher,
            home=home,
            locale=locale,
            links_pages=links_pages,
            pending=corpus_ids - set(links_pages),
            redact=redact,
            user=user,
        )
        if home is not None:
            _prepare_indexes(run, [item.section for _r, item in parsed if item is not None])
        second_pass: list[tuple[ItemResult, SourceItem]] = []
        created_ids: set[str] = set()
        total = len(parsed)
        for number, (result, item) in enumerate(parsed, start=1):
            if item is not None and home is not None:
                waits = _import_one(result, item, run=run, existing=existing.get(item.source_id))
                if result.outcome == CREATED:
                    created_ids.add(item.source_id)
                if waits:
                    second_pass.append((result, item))
            if progress is not None:
                progress(number, total, result)
        # Unchanged items that waited for an item created in this run.
        waiting = {sid for sid, rec in existing.items() if set(rec.unresolved_ids) & created_ids}
        for result, item in parsed:
            if item is not None and result.outcome == UNCHANGED and item.source_id in waiting:
                second_pass.append((result, item))
        run.pending = set()
        for result, item in second_pass:
            try:
                with _search_index_deferred([item.section.page_model]):
                    changed = item_link(item=item, run=run, warnings=result.warnings)
                if changed:
                    _search_index(Page.objects.get(pk=run.links_pages[item.source_id]))
            except Exception as error:
                result.warnings.append(f"links could not be updated: {error}")
                continue
            if changed and result.outcome == UNCHANGED:
                result.outcome = UPDATED
        for result, item in parsed:
            if item is not None and result.outcome in (CREATED, UPDATED, UNCHANGED):
                _describe_page(result, run.links_pages.get(item.source_id))
        if dry_run:
            transaction.set_rollback(True)
    report.items = [result for result, _item in parsed]
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def _search_index_deferred(page_models):
    """Index each page once after its import, not on each of the three saves an import makes.

    Saving a page (add, revision, publish) updates the search and reference indexes every time;
    that was two thirds of an import's run time.
    """
    disconnected = [
        model
        for model in set(page_models)
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def _search_index(page: Page) -> None:
    page = page.specific
    label = (page._meta.app_label, page._meta.model_name, str(page.pk))
    insert_or_update_object_task.enqueue(*label)
    update_reference_index_task.enqueue(*label)


def _import_one(result: ItemResult, item: SourceItem, *, run: _Run, existing) -> bool:
    """Import one item, recording the outcome; True if it waits for the second pass."""
    if existing is not None and existing.page_id and existing.content_hash == item.content_hash:
        result.outcome = UNCHANGED
        return False
    try:
        with _search_index_deferred([item.section.page_model]):
            result.outcome, page, waits = item_import(
                item=item, run=run, existing=existing, warnings=result.warnings
            )
        _search_index(page)
    except Exception as error:
        result.outcome = FAILED
        result.error = (
            str(error) if isinstance(error, ItemError) else f"{type(error).__name__}: {error}"
        )
        run.pending.discard(item.source_id)
        return False
    return waits


def _describe_page(result: ItemResult, page_id: int | None) -> None:
    if page_id is None:
        return
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    result.page_id = page.pk
    result.live = page.live
    try:
        result.url = page.get_url() or ""
    except Exception:
        result.url = ""
