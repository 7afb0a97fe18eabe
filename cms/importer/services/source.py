"""Reading one source file: front matter and body, its stable id, date, draft state and hash."""

import datetime
import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..frontmatter import FrontMatterError, parse_front_matter, split_document
from ..mapping import Mapping, Section
from ..markdown import EMAIL
from ..text import clean_line, clean_text

# Part of every content hash: a new importer version re-imports everything once.
IMPORTER_VERSION = "2"

_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# A relation to another item: "<pageId>____<title>" (the title may wrap across lines).
RELATION = re.compile(r"^\s*(?P<id>[\w\-]+?)____(?P<title>.*)$", re.DOTALL)
# What authors write in a field that has nothing to say.
_EMPTY_WORDS = {"n/a", "na", "-", "--", "none", "null", "tbd", "/"}


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
    # The date as written ("2023-07-18T12:39:00.754Z"): orders items posted on the same day.
    date_text: str = ""


def item_parse(*, path: Path, root: Path, mapping: Mapping) -> SourceItem:
    """Read one file leniently; raise ItemError where its meaning is not clear."""
    rel_path = path.relative_to(root).as_posix()
    folder = path.relative_to(root).parts[0] if len(path.relative_to(root).parts) > 1 else ""
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
    source_id = clean_line(str(single(data.get(mapping.id_key)) or "")).lower()
    if not source_id:
        # Stable as long as the file keeps its place; the item stays importable without one.
        source_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"heritage-hub-import:{rel_path}"))
        notes.append(f"no '{mapping.id_key}': the item's id is made from its path ({source_id})")
    title = clean_line(str(single(data.get(mapping.title_key)) or ""))
    if not title:
        title = _title_from(body=body, file_name=path.stem)
        notes.append(f"no '{mapping.title_key}': titled {title!r}")
    if len(title) > 255:
        notes.append("the title was longer than 255 characters and was shortened")
        title = title[:254].rstrip() + "…"
    type_name = single(data.get("type"))
    section = mapping.section_for(folder=folder, type_name=str(type_name or ""))
    return SourceItem(
        path=path,
        rel_path=rel_path,
        folder=folder,
        section=section,
        data=data,
        body=body,
        source_id=source_id,
        title=title,
        date=item_date(data.get(mapping.date_key), path.name, notes),
        is_draft=_is_draft(data, mapping),
        content_hash=hashlib.sha256(
            IMPORTER_VERSION.encode() + mapping.digest.encode() + raw
        ).hexdigest(),
        notes=notes,
        date_text=clean_line(str(single(data.get(mapping.date_key)) or "")),
    )


def _title_from(*, body: str, file_name: str) -> str:
    """The first heading of the body, else the file name without its date prefix."""
    heading = re.search(r"^#{1,6}\s+(.+)$", body, re.MULTILINE)
    if heading:
        return clean_line(heading.group(1).strip("# "))[:255]
    name = _DATE_PREFIX.sub("", file_name).strip("-_ ") or file_name
    return clean_line(name.replace("-", " ").replace("_", " ")).capitalize()[:255]


def private_emails(*, item: SourceItem, mapping: Mapping) -> set[str]:
    """E-mail addresses in the item's private keys: they must appear in no public text."""
    emails = set()
    for key in mapping.private:
        value = item.data.get(key)
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, str):
                emails |= {email.lower() for email in EMAIL.findall(part)}
    return emails


def item_date(value, file_name: str, notes: list[str]) -> datetime.date:
    """The date a front-matter value means, else the file name's date prefix, else today."""
    value = single(value)
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
        value = single(data.get(key))
        if value is not None and str(value).strip().lower() in draft_values:
            return True
    return False


# Front-matter values, as authors write them ----------------------------------------------------


def single(value):
    """A single value written as a one-element list is the value itself."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def joined(value, *, separator: str = "\n\n") -> str:
    return separator.join(str(v) for v in as_list(value) if v not in (None, ""))


def is_empty(value) -> bool:
    if value in (None, "", []):
        return True
    return isinstance(value, str) and value.strip().lower() in _EMPTY_WORDS
