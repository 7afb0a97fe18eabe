"""An item's front matter and markdown, turned into what its page holds (``PageContent``).

Nothing here writes a page: ``ContentBuilder`` reads one parsed item and the mapping, converts
texts with ``..markdown``, and collects field values, StreamField blocks, taxonomy terms and
warnings. Terms are the only rows it may create (a theme or licence not seen before).
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.translation import gettext

from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin

from cms.core.models import Audience, Licence, Theme

from ..markdown import EMAIL, Converter, video_url
from ..text import clean_line, clean_text
from .source import RELATION, as_list, is_empty, item_date, joined, single

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+")
_BARE_DOMAIN = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_validate_url = URLValidator(schemes=["http", "https"])


class TermCache:
    """The taxonomy terms (themes, audiences, licences, vocabularies) of one run, by name.

    Each model's terms are read once per run, not once per item and term. A term is matched
    case-insensitively; a new one is created in the run's locale. Terms created by an item that
    then fails are rolled back with it: ``forget_new`` drops them from the cache too.
    """

    def __init__(self, *, locale):
        self.locale = locale
        self._terms: dict[tuple[type, str], models.Model] = {}
        self._loaded: set[type] = set()
        self._new: list[tuple[type, str]] = []

    def term(self, model, name: str, **defaults):
        self._load(model)
        key = (model, name.lower())
        if key not in self._terms:
            self._terms[key] = model.objects.create(name=name, **self._scope(model), **defaults)
            self._new.append(key)
        return self._terms[key]

    def keep_new(self) -> None:
        self._new = []

    def forget_new(self) -> None:
        for key in self._new:
            self._terms.pop(key, None)
        self._new = []

    def _scope(self, model) -> dict:
        return {"locale": self.locale} if issubclass(model, TranslatableMixin) else {}

    def _load(self, model) -> None:
        if model in self._loaded:
            return
        self._loaded.add(model)
        terms = model.objects.filter(**self._scope(model))
        # The first of several spellings wins, as a lookup's .first() would pick it.
        for term in terms if terms.ordered else terms.order_by("pk"):
            self._terms.setdefault((model, term.name.lower()), term)


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
    gallery: list = field(default_factory=list)
    # URLs of pictures and files left on their server: a run with --fetch-assets copies them.
    assets_not_fetched: list = field(default_factory=list)

    def asset_not_fetched(self, url: str) -> None:
        if url not in self.assets_not_fetched:
            self.assets_not_fetched.append(url)


class ContentBuilder:
    """Converts one parsed item into PageContent, collecting warnings."""

    def __init__(self, *, item, mapping, links, fetcher, redact, warnings, terms):
        self.item = item
        self.mapping = mapping
        self.section = item.section
        self.model = item.section.page_model
        self.links = links
        self.fetcher = fetcher
        self.warnings = warnings
        self.terms = terms
        self.content = PageContent()

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
        for url in conversion.images:
            content.asset_not_fetched(url)
        if self.section.video_field and conversion.videos:
            content.values[self.section.video_field] = conversion.videos[0]
            content.body = _without_video(content.body, conversion.videos[0])
        handled = {self.mapping.id_key, self.mapping.title_key, self.mapping.date_key}
        handled |= set(self.mapping.ignore) | set(self.section.ignore)
        handled |= set(self.section.event_dates.values())
        if self.section.series is not None and self.section.series.group_by:
            handled.add(self.section.series.group_by)
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
        content.sessions = self._sessions()
        self._licence()
        content.unresolved = set(self.links.unresolved)
        return content

    def _sessions(self) -> list[dict]:
        """The event's session, only where the source gives its dates (never the post date)."""
        keys = self.section.event_dates
        start = self.item.data.get(keys.get("start", ""))
        if not keys or is_empty(start):
            return []
        session = _date_and_time(start, "start", self.warnings)
        if session is None:
            return []
        end = self.item.data.get(keys.get("end", ""))
        if not is_empty(end):
            session.update(_date_and_time(end, "end", self.warnings) or {})
        return [session]

    # Each kind of target --------------------------------------------------------------------

    def _apply_rule(self, rule, value) -> None:
        if is_empty(value):
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
            self.content.values[target] = self.converter.to_rich_text(joined(value))
        elif isinstance(model_field, models.URLField):
            self._url_field(target, value, rule)
        elif isinstance(model_field, models.DateField):
            self.content.values[target] = item_date(value, "", self.warnings)
        elif isinstance(model_field, (models.CharField, models.TextField)):
            self._text_field(model_field, value, rule)
        else:
            self.warnings.append(f"{rule.key!r}: the field {target!r} cannot be filled; kept below")
            self._detail(rule.label or rule.key, value)

    def _text_field(self, model_field, value, rule) -> None:
        name = model_field.name
        if model_field.choices:
            raw = clean_line(str(single(value)))
            mapped = self.section.values.get(name, {}).get(raw, raw)
            valid = {str(choice) for choice, _label in model_field.choices}
            if str(mapped) in valid:
                self.content.values[name] = mapped
            else:
                self.warnings.append(f"{rule.key!r}: {raw!r} is not a known {name}; kept below")
                self._detail(rule.label or rule.key, value)
            return
        text = self.converter.to_plain_text(joined(value))
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
        text = clean_line(str(single(value) or ""))
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
                if rule.fallback:
                    self.content.values[rule.fallback] = ""
                return
            if url:
                self.content.asset_not_fetched(url)
            if url and rule.fallback:
                self.content.values[rule.fallback] = url
            else:
                self._detail(label, url or value, link=bool(url))
            return
        if related._meta.label == "wagtailimages.Image":
            self._to_listing_image(value, rule, field_name=name)
            return
        if any(f.name == "name" for f in related._meta.fields):
            term_name = clean_line(str(single(value)))[:120]
            self.content.values[name] = self.terms.term(related, term_name)
            return
        self.warnings.append(f"{rule.key!r}: cannot fill {name}; kept below")
        self._detail(label, value)

    def _to_summary(self, value, rule) -> None:
        text = self.converter.to_plain_text(joined(value))
        if self._has_field("summary"):
            self.content.values["summary"] = text
        else:
            self.content.values["listing_summary"] = text[:400]

    def _to_themes(self, value, rule) -> None:
        for name in as_list(value):
            name = clean_line(str(name))
            if name:
                self.content.themes.append(self.terms.term(Theme, name[:100]))

    def _to_audiences(self, value, rule) -> None:
        for code in as_list(value):
            code = clean_line(str(code))
            if not code:
                continue
            name = self.mapping.audiences.get(code) or self.mapping.audiences.get(code.upper())
            if name is None:
                name = code.capitalize()
                self.warnings.append(f"unknown audience {code!r} created as {name!r}")
            self.content.audiences.append(self.terms.term(Audience, name[:100]))

    def _to_keywords(self, value, rule) -> None:
        seen = {k.lower() for k in self.content.keywords}
        for part in re.split(r"[,;\n]", joined(value, separator=",")):
            keyword = clean_line(part).strip(".")[:100]
            if keyword and keyword.lower() not in seen:
                seen.add(keyword.lower())
                self.content.keywords.append(keyword)

    def _to_web_links(self, value, rule) -> None:
        text = clean_text(joined(value, separator=" "))
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
            self._detail(rule.label or rule.key, value)
            return
        if self.content.values.get(f"{field_name}_id") or self.content.values.get(
            f"{field_name}_url"
        ):
            return  # the first picture named for it wins (thumbnail before mainImage)
        image_id = self.fetcher.image(url, title=self.item.title, warnings=self.warnings)
        if image_id:
            self.content.values[f"{field_name}_id"] = image_id
            if field_name == "listing_image":
                self.content.values["listing_image_url"] = ""
        elif field_name == "listing_image":
            # Cards show the picture from its server until a later run copies it.
            self.content.values["listing_image_url"] = url
            self.content.asset_not_fetched(url)
        else:
            self._detail(rule.label or rule.key, url, link=True)

    def _to_gallery(self, value, rule) -> None:
        url = self._url(value)
        if url is None:
            self._detail(rule.label or rule.key, value)
            return
        self.content.gallery.append(self._picture(url, alt=self.item.title))

    def _to_body_document(self, value, rule) -> None:
        url = self._url(value)
        document_id = url and self.fetcher.document(
            url, title=self.item.title, warnings=self.warnings
        )
        if document_id:
            self.content.body.append(
                {"type": "document", "value": {"document": document_id, "title": rule.label}}
            )
            return
        if url:
            self.content.asset_not_fetched(url)
        self._detail(rule.label or rule.key, url or value, link=bool(url))

    def _picture(self, url: str, *, alt: str) -> dict:
        """An image block of the copied picture, else one that shows it from its server."""
        image_id = self.fetcher.image(url, title=alt, warnings=self.warnings)
        if image_id:
            image = {"image": image_id, "alt_text": alt, "decorative": False}
            return {"type": "image", "value": {"image": image, "caption": ""}}
        self.content.asset_not_fetched(url)
        return {"type": "remote_image", "value": {"url": url, "alt_text": alt, "caption": ""}}

    def _to_body_embed(self, value, rule) -> None:
        url = self._url(value)
        if url is None:
            self._detail(rule.label or rule.key, value)
            return
        self.content.body.append({"type": "embed", "value": video_url(url) or url})

    def _to_contact_name(self, value, rule) -> None:
        self.content.values["contact_name"] = clean_line(joined(value, separator=", "))[:255]

    def _to_contact_email(self, value, rule) -> None:
        emails = EMAIL.findall(joined(value, separator=" "))
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
        elif not valid and clean_line(joined(value)):
            self.warnings.append(f"{rule.key!r}: no valid e-mail address (kept out of the page)")

    def _relation(self, key: str, value) -> None:
        # Filled by relations_into(); parsing here only reports malformed entries.
        for entry in as_list(value):
            if not RELATION.match(str(entry)):
                self.warnings.append(f"{key!r}: unreadable relation {str(entry)[:80]!r}")

    def _licence(self) -> None:
        name = (
            clean_line(str(single(self.item.data.get("license")) or ""))
            or self.mapping.licence_name
        )
        if not name:
            return
        url = self.mapping.licence_url if name == self.mapping.licence_name else ""
        licence = self.terms.term(Licence, name[:100], url=url)
        attribution = self.mapping.attribution[:255]
        if self._has_field("licence"):
            self.content.values["licence"] = licence
            if attribution:
                self.content.values["attribution"] = attribution
            return
        # The page type has no licence field: the credit goes at the end of the body.
        link = (
            f'<a href="{escape(licence.url)}">{escape(licence.name)}</a>'
            if licence.url
            else escape(licence.name)
        )
        credit = f"{escape(attribution)}. " if attribution else ""
        self.content.body.append(
            {"type": "paragraph", "value": f"<p>{credit}{escape(gettext('Licence:'))} {link}</p>"}
        )

    def _detail(self, label: str, value, *, link: bool = False) -> None:
        if value in (None, "", []):
            return
        if link:
            url = str(value)
            self.content.details.append(("", f'<a href="{escape(url)}">{escape(label)}</a>'))
            return
        text = self.converter.to_rich_text(joined(value))
        inner = re.sub(r"^<p>|</p>$", "", text) if text.count("<p>") == 1 else text
        self.content.details.append((label, inner))

    def finish(self) -> PageContent:
        content = self.content
        if content.gallery:
            content.body.append({"type": "gallery", "value": content.gallery})
        if content.details:
            items = "".join(
                f"<li><b>{escape(label)}:</b> {html}</li>" if label else f"<li>{html}</li>"
                for label, html in content.details
            )
            content.body.append(
                {"type": "heading", "value": {"text": gettext("Details"), "level": "h2"}}
            )
            content.body.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
        return content


def _without_video(blocks: list[dict], url: str) -> list[dict]:
    """The body without the embed of the video that the page shows as its recording.

    A heading left with nothing under it ("Recording and slides:") goes too.
    """
    kept = [b for b in blocks if not (b["type"] == "embed" and video_url(b["value"]) == url)]
    if len(kept) == len(blocks):
        return blocks
    return [
        block
        for index, block in enumerate(kept)
        if block["type"] != "heading"
        or (index + 1 < len(kept) and kept[index + 1]["type"] != "heading")
    ]


def _date_and_time(value, which: str, warnings: list[str]) -> dict | None:
    """A session's date, and time where the value has one, from a front-matter value.

    A time with an offset ("…T15:00:00Z") is kept in UTC; one without is taken as written, in
    the session's default time zone.
    """
    value = single(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return {f"{which}_date": value}
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        text = clean_line(str(value or ""))
        try:
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            warnings.append(f"the event's {which} {text!r} is not a date; no session made")
            return None
        if len(text) <= 10:
            return {f"{which}_date": moment.date()}
    result = {}
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
        result["time_zone"] = "UTC"
    result.update({f"{which}_date": moment.date(), f"{which}_time": moment.time()})
    return result
