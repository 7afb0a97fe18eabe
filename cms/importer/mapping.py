"""Mappings: which source folder becomes which page type, and which key which field.

The format is documented in ``mappings/hub.yaml``, the built-in mapping. A mapping is checked
against the models when it is loaded, so a typo fails the run at once with a clear message
instead of failing every item.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import slugify

from wagtail.models import Page

import yaml

BUILT_IN_DIR = Path(__file__).resolve().parent / "mappings"

# Targets the importer handles itself rather than by the model field's kind.
SPECIAL_TARGETS = {
    "summary",
    "gallery",
    "body_document",
    "themes",
    "audiences",
    "keywords",
    "web_links",
    "listing_image",
    "body_embed",
    "contact_name",
    "contact_email",
}


class MappingError(ValueError):
    """The mapping cannot be used: unknown page type, field or file."""


@dataclass(frozen=True)
class FieldRule:
    key: str
    field: str
    fallback: str = ""
    label: str = ""


@dataclass(frozen=True)
class Series:
    """Items that are the chapters of a manual: one guide per group, chapters in order.

    ``group_by`` names the key whose value groups chapters into guides (none: the section is
    one guide). Chapters are ordered by the number that starts their title ("4. …", "5-7. …"),
    then by date.
    """

    group_by: str = ""


@dataclass
class Section:
    name: str
    page_model: type
    index_model: type
    index_title: str
    index_slug: str
    old_path: str
    fields: list[FieldRule] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)
    relations: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    event_dates: dict = field(default_factory=dict)
    video_field: str = ""
    series: Series | None = None
    types: list[str] = field(default_factory=list)
    # True for a section the mapping does not name (a folder it has never seen).
    generic: bool = False

    def rules_for(self, key: str) -> list[FieldRule]:
        return [rule for rule in self.fields if rule.key == key]


@dataclass
class Mapping:
    name: str
    digest: str
    id_key: str
    title_key: str
    date_key: str
    licence_name: str
    licence_url: str
    attribution: str
    base_url: str
    draft: dict
    private: list[str]
    ignore: list[str]
    audiences: dict
    sections: dict[str, Section]
    other_folders: dict = field(default_factory=dict)
    asset_hosts: list[str] = field(default_factory=list)
    # Sections made for folders the mapping lacks, by (folder, as a series), once per run.
    generic_sections: dict = field(default_factory=dict, repr=False)

    def section_for(self, *, folder: str, type_name: str = "") -> Section:
        """The section of a folder; for a folder the mapping lacks, the section its items'
        ``type`` names, else a generic section named after the folder (see ``other_folders``).
        """
        if folder in self.sections:
            return self.sections[folder]
        type_name = type_name.strip().lower()
        if type_name:
            for section in self.sections.values():
                if type_name == section.name.lower() or type_name in section.types:
                    return section
        return self.generic_section_for(folder=folder)

    def generic_section_for(self, *, folder: str, as_series: bool = False) -> Section:
        key = (folder, as_series)
        if key not in self.generic_sections:
            self.generic_sections[key] = generic_section(
                folder=folder, spec=self.other_folders, as_series=as_series
            )
        return self.generic_sections[key]


def mapping_load(*, name_or_path: str = "hub") -> Mapping:
    """Load a built-in mapping by name, or a mapping file by path, and check it."""
    path = Path(name_or_path)
    if not path.suffix and (BUILT_IN_DIR / f"{name_or_path}.yaml").is_file():
        path = BUILT_IN_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        built_in = ", ".join(sorted(p.stem for p in BUILT_IN_DIR.glob("*.yaml")))
        raise MappingError(f"no mapping file {name_or_path!r} (built-in mappings: {built_in})")
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise MappingError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("sections"), dict):
        raise MappingError(f"{path}: a mapping needs a 'sections' table")
    licence = data.get("licence") or {}
    sections = {
        str(name): _section(str(name), spec or {}) for name, spec in data["sections"].items()
    }
    return Mapping(
        name=str(data.get("name") or path.stem),
        digest=hashlib.sha256(raw).hexdigest(),
        id_key=data.get("id_key", "pageId"),
        title_key=data.get("title_key", "title"),
        date_key=data.get("date_key", "date"),
        licence_name=str(licence.get("name") or ""),
        licence_url=str(licence.get("url") or ""),
        attribution=str(data.get("attribution") or ""),
        base_url=str((data.get("old_site") or {}).get("base_url") or "").rstrip("/"),
        draft={str(k): [str(v).lower() for v in vs] for k, vs in (data.get("draft") or {}).items()},
        private=[str(k) for k in data.get("private") or []],
        ignore=[str(k) for k in data.get("ignore") or []],
        audiences={str(k): str(v) for k, v in (data.get("audiences") or {}).items()},
        sections=sections,
        other_folders=_other_folders(data.get("other_folders") or {}),
        asset_hosts=[str(h).lower() for h in (data.get("assets") or {}).get("hosts") or []],
    )


# Folders a mapping does not name become generic articles, each in a section of its own.
DEFAULT_OTHER_FOLDERS = {
    "page_type": "articles.ArticlePage",
    "index": {"page_type": "articles.ArticleIndexPage"},
    "series_page_type": "guides.GuideChapterPage",
    "series_index": {"page_type": "guides.GuidePage"},
    # The keys most collections of the hub format share.
    "fields": {
        "desc": "summary",
        "description": "summary",
        "abstract": "summary",
        "theme": "themes",
        "target-audience": "audiences",
        "thumbnail": "listing_image",
    },
}


def _other_folders(spec: dict) -> dict:
    merged = {**DEFAULT_OTHER_FOLDERS, **spec}
    # Checked now, with a made-up folder name, so that a typo fails the run at once.
    generic_section(folder="example", spec=merged)
    generic_section(folder="example", spec=merged, as_series=True)
    return merged


def generic_section(*, folder: str, spec: dict, as_series: bool = False) -> Section:
    """The section for a folder the mapping does not name: articles (or, for numbered
    chapters, a guide) under an index named after the folder."""
    title = folder.replace("_", " ").replace("-", " ").strip().capitalize() or folder
    slug = slugify(folder, allow_unicode=True) or "imported"
    index = spec["series_index"] if as_series else spec["index"]
    section = _section(
        folder,
        {
            "page_type": spec["series_page_type"] if as_series else spec["page_type"],
            "index": {**index, "title": title, "slug": slug},
            "old_path": folder,
            "fields": spec.get("fields") or {},
            **({"series": {}} if as_series else {}),
        },
    )
    section.generic = True
    return section


def _model(label: str, *, where: str) -> type:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise MappingError(f"{where}: unknown page type {label!r}") from error
    if not issubclass(model, Page):
        raise MappingError(f"{where}: {label!r} is not a page type")
    return model


def _check_field(model: type, name: str, *, where: str) -> None:
    if name in SPECIAL_TARGETS and name not in ("summary", "listing_image"):
        return
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist as error:
        raise MappingError(f"{where}: {model.__name__} has no field {name!r}") from error


def _section(name: str, spec: dict) -> Section:
    where = f"section {name!r}"
    if "page_type" not in spec or "index" not in spec:
        raise MappingError(f"{where}: 'page_type' and 'index' are required")
    page_model = _model(spec["page_type"], where=where)
    index = spec["index"]
    index_model = _model(index.get("page_type", ""), where=f"{where} index")
    rules = []
    for key, target in (spec.get("fields") or {}).items():
        if isinstance(target, str):
            target = {"field": target}
        rule = FieldRule(
            key=str(key),
            field=str(target.get("field", "")),
            fallback=str(target.get("fallback") or ""),
            label=str(target.get("label") or ""),
        )
        _check_field(page_model, rule.field, where=f"{where}, key {key!r}")
        if rule.fallback:
            _check_field(page_model, rule.fallback, where=f"{where}, key {key!r}")
        rules.append(rule)
    for field_name in {**(spec.get("constants") or {}), **(spec.get("values") or {})}:
        _check_field(page_model, field_name, where=f"{where}, constants")
    series = spec.get("series")
    if series is True or isinstance(series, dict):
        series = Series(
            group_by=str((series if isinstance(series, dict) else {}).get("group_by") or "")
        )
        # One guide holds the chapters, or a guide index holds one guide per group.
        wanted = "guides.GuideIndexPage" if series.group_by else "guides.GuidePage"
        if index_model._meta.label != wanted:
            raise MappingError(f"{where}: a series' index must be a {wanted}")
        if page_model._meta.label != "guides.GuideChapterPage":
            raise MappingError(f"{where}: a series' page_type must be guides.GuideChapterPage")
    elif series not in (None, False):
        raise MappingError(f"{where}: 'series' takes {{group_by: KEY}} or true")
    else:
        series = None
    event_dates = {str(k): str(v) for k, v in (spec.get("event_dates") or {}).items()}
    if set(event_dates) - {"start", "end"}:
        raise MappingError(f"{where}: 'event_dates' takes the keys 'start' and 'end'")
    if event_dates and not hasattr(page_model, "sessions"):
        raise MappingError(f"{where}: {page_model.__name__} has no sessions for 'event_dates'")
    for key, field_name in (spec.get("relations") or {}).items():
        _check_field(page_model, field_name, where=f"{where}, relation {key!r}")
    if spec.get("video_field"):
        _check_field(page_model, spec["video_field"], where=f"{where}, video_field")
    return Section(
        name=name,
        page_model=page_model,
        index_model=index_model,
        index_title=str(index.get("title") or name),
        index_slug=str(index.get("slug") or name),
        old_path=str(spec.get("old_path") or name).strip("/"),
        fields=rules,
        values=spec.get("values") or {},
        constants=spec.get("constants") or {},
        relations={str(k): str(v) for k, v in (spec.get("relations") or {}).items()},
        details={str(k): str(v) for k, v in (spec.get("details") or {}).items()},
        ignore=[str(key) for key in spec.get("ignore") or []],
        event_dates=event_dates,
        video_field=str(spec.get("video_field") or ""),
        series=series,
        types=[str(t).lower() for t in spec.get("types") or []],
    )
