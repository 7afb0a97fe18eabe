"""The whole run: parse every file, write the items' pages in two passes, index, report.

The first pass creates or updates one page per item, each in a transaction of its own (a
savepoint within a batch of items), so that a failing item leaves nothing half-written and the
run carries on. The second, once every item has a page, fills in what points at other items
(relation fields, body links to old item URLs) for the items that pointed at one that had no
page yet. The search and reference indexes and the page cache are brought up to date once, at
the end.
"""

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction

from wagtail.models import Page

from cms.pagecache.services import page_cache_purges_deferred

from ..assets import AssetFetcher
from ..mapping import Mapping, Section
from ..selectors import imported_items_by_source_id
from .content import TermCache
from .indexing import page_indexes_deferred
from .pages import (
    CREATED,
    FAILED,
    OUTCOMES,
    UNCHANGED,
    UPDATED,
    ImportRun,
    home_page,
    indexes_prepare,
    item_import,
    item_link,
)
from .series import chapter_sort_key, chapters_order, series_infer
from .source import ItemError, SourceItem, item_parse, private_emails

# Items written per database transaction. One commit per item costs a disk flush each (most of
# a second run's time on SQLite); each item keeps a savepoint of its own within the batch.
BATCH_SIZE = 50


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
    # Pictures and files left on their server (shown or linked from there).
    assets_not_fetched: list[str] = field(default_factory=list)

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
            "assets_not_fetched": self.assets_not_fetched,
        }


@dataclass
class ImportReport:
    root: str
    mapping: str
    dry_run: bool
    items: list[ItemResult] = field(default_factory=list)
    seconds: float = 0.0
    # Folders the mapping does not name, with the mapping lines that would name them.
    unmapped_folders: dict[str, str] = field(default_factory=dict)
    chapters_moved: int = 0

    @property
    def failed(self) -> int:
        return sum(1 for item in self.items if item.outcome == FAILED)

    def by_folder(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for item in self.items:
            row = table.setdefault(item.folder, dict.fromkeys(OUTCOMES, 0))
            row[item.outcome] += 1
        return dict(sorted(table.items()))

    def as_dict(self) -> dict:
        totals = dict.fromkeys(OUTCOMES, 0)
        for item in self.items:
            totals[item.outcome] += 1
        return {
            "source": self.root,
            "mapping": self.mapping,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 2),
            "totals": totals,
            "folders": self.by_folder(),
            "unmapped_folders": self.unmapped_folders,
            "assets_not_fetched": sorted(
                {url for item in self.items for url in item.assets_not_fetched}
            ),
            "items": [item.as_dict() for item in self.items],
        }


def hub_import(
    *,
    root: Path,
    mapping: Mapping,
    dry_run: bool = False,
    fetch_assets: bool = False,
    asset_map: dict[str, str] | None = None,
    user=None,
    progress: Callable[[int, int, ItemResult], None] | None = None,
) -> ImportReport:
    """Import every ``<folder>/<name>.md`` under ``root``; see the module docstring."""
    started = time.monotonic()
    root = Path(root)
    report = ImportReport(root=str(root), mapping=mapping.name, dry_run=dry_run)
    parsed = _parse_all(root, mapping)
    items = [item for _result, item in parsed if item is not None]
    series_infer(items=items, mapping=mapping)
    report.items = [result for result, _item in parsed]  # in the order of the files
    parsed = _chapters_first_to_last(parsed)
    report.unmapped_folders = mapping_suggestions(items=items, mapping=mapping)
    redact: set[str] = set()
    for _result, item in parsed:
        if item is not None:
            redact |= private_emails(item=item, mapping=mapping)

    # Fetching writes files that a rollback would not remove: a dry run never fetches.
    fetcher = AssetFetcher(
        enabled=fetch_assets and not dry_run,
        asset_map=asset_map if not dry_run else None,
        collection_name=f"Imported: {root.resolve().name}",
    )
    sections = {item.section.name: item.section for item in items}
    sections.update(mapping.sections)
    page_models = {s.page_model for s in sections.values()}
    page_models |= {s.index_model for s in sections.values()}
    if any(s.series is not None for s in sections.values()):
        from cms.guides.models import GuidePage

        page_models.add(GuidePage)
    outer = transaction.atomic() if dry_run else nullcontext()
    with outer, page_cache_purges_deferred():
        with page_indexes_deferred(page_models=page_models):
            run = _write_all(
                parsed,
                mapping=mapping,
                fetcher=fetcher,
                redact=redact,
                user=user,
                progress=progress,
            )
        if run is not None and run.written and not dry_run:
            from ..tasks import imported_pages_index_task

            imported_pages_index_task.enqueue(page_ids=sorted(run.written))
        _describe_pages(parsed, run)
        report.chapters_moved = run.chapters_moved if run is not None else 0
        if dry_run:
            transaction.set_rollback(True)
    report.seconds = time.monotonic() - started
    return report


def _parse_all(root: Path, mapping: Mapping) -> list[tuple[ItemResult, SourceItem | None]]:
    parsed: list[tuple[ItemResult, SourceItem | None]] = []
    seen_ids: dict[str, str] = {}
    for path in sorted(p for p in root.glob("*/**/*.md") if p.is_file()):
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
    return parsed


def _chapters_first_to_last(parsed: list) -> list:
    """The parsed files with each series' chapters in reading order, so that a first import
    creates them in order (the other files keep their places)."""
    places = [i for i, (_r, item) in enumerate(parsed) if item and item.section.series]
    chapters = sorted((parsed[i] for i in places), key=lambda entry: chapter_sort_key(entry[1]))
    ordered = list(parsed)
    for place, chapter in zip(places, chapters, strict=True):
        ordered[place] = chapter
    return ordered


def _write_all(parsed, *, mapping, fetcher, redact, user, progress) -> ImportRun | None:
    """Both passes; None when there is no home page to import under (every item failed)."""
    try:
        home = home_page()
    except ItemError as error:
        for result, item in parsed:
            if item is not None:
                result.outcome, result.error = FAILED, str(error)
        _report_progress(parsed, progress)
        return None
    existing = imported_items_by_source_id()
    links_pages = {sid: rec.page_id for sid, rec in existing.items() if rec.page_id}
    corpus_ids = {item.source_id for _r, item in parsed if item is not None}
    run = ImportRun(
        mapping=mapping,
        fetcher=fetcher,
        home=home,
        locale=home.locale,
        links_pages=links_pages,
        pending=corpus_ids - set(links_pages),
        redact=redact,
        terms=TermCache(locale=home.locale),
        user=user,
    )
    indexes_prepare(run=run, items=[item for _r, item in parsed if item is not None])
    second_pass: list[tuple[ItemResult, SourceItem]] = []
    created_ids: set[str] = set()
    numbered = enumerate(parsed, start=1)
    for batch in _batches(numbered, BATCH_SIZE):
        with transaction.atomic():
            for number, (result, item) in batch:
                if item is not None:
                    if _import_one(result, item, run=run, existing=existing.get(item.source_id)):
                        second_pass.append((result, item))
                    if result.outcome == CREATED:
                        created_ids.add(item.source_id)
                if progress is not None:
                    progress(number, len(parsed), result)
    with transaction.atomic():
        run.chapters_moved = chapters_order(run=run, items=[i for _r, i in parsed if i is not None])
    # Unchanged items that waited for an item created in this run.
    waiting = {sid for sid, rec in existing.items() if set(rec.unresolved_ids) & created_ids}
    for result, item in parsed:
        if item is not None and result.outcome == UNCHANGED and item.source_id in waiting:
            second_pass.append((result, item))
    run.pending = set()
    for batch in _batches(second_pass, BATCH_SIZE):
        with transaction.atomic():
            for result, item in batch:
                _link_one(result, item, run=run)
    return run


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _report_progress(parsed, progress) -> None:
    if progress is not None:
        for number, (result, _item) in enumerate(parsed, start=1):
            progress(number, len(parsed), result)


def _import_one(result: ItemResult, item: SourceItem, *, run: ImportRun, existing) -> bool:
    """Import one item, recording the outcome; True if it waits for the second pass.

    An unchanged item is imported again only to copy the assets an earlier run left remote.
    """
    unchanged = (
        existing is not None and existing.page_id and existing.content_hash == item.content_hash
    )
    if unchanged and not (existing.assets_not_fetched and run.fetcher.active):
        result.outcome = UNCHANGED
        result.assets_not_fetched = list(existing.assets_not_fetched)
        return False
    try:
        result.outcome, _page, waits = item_import(
            item=item, run=run, existing=existing, result=result
        )
    except Exception as error:
        run.terms.forget_new()
        result.outcome = FAILED
        result.error = (
            str(error) if isinstance(error, ItemError) else f"{type(error).__name__}: {error}"
        )
        run.pending.discard(item.source_id)
        return False
    run.terms.keep_new()
    return waits


def _link_one(result: ItemResult, item: SourceItem, *, run: ImportRun) -> None:
    try:
        changed = item_link(item=item, run=run, warnings=result.warnings)
    except Exception as error:
        run.terms.forget_new()
        result.warnings.append(f"links could not be updated: {error}")
        return
    run.terms.keep_new()
    if changed and result.outcome == UNCHANGED:
        result.outcome = UPDATED


def _describe_pages(parsed, run: ImportRun | None) -> None:
    """The page id, URL and live state of every item that has a page, for the report."""
    if run is None:
        return
    page_ids = {
        item.source_id: run.links_pages.get(item.source_id)
        for result, item in parsed
        if item is not None and result.outcome in (CREATED, UPDATED, UNCHANGED)
    }
    pages = Page.objects.in_bulk([pk for pk in page_ids.values() if pk is not None])
    for result, item in parsed:
        page = pages.get(page_ids.get(item.source_id)) if item is not None else None
        if page is None:
            continue
        result.page_id = page.pk
        result.live = page.live
        try:
            result.url = page.get_url() or ""
        except Exception:
            result.url = ""


def mapping_suggestions(*, items: list[SourceItem], mapping: Mapping) -> dict[str, str]:
    """For each folder the mapping does not name, the mapping lines that would name it.

    The lines describe what this run did with the folder (a section its items' `type` named, or
    a generic one), so adding them changes nothing; keys no rule maps are listed as comments
    for the person completing the mapping.
    """
    keys: dict[str, set[str]] = {}
    sections: dict[str, Section] = {}
    for item in items:
        if item.folder not in mapping.sections:
            sections.setdefault(item.folder, item.section)
            keys.setdefault(item.folder, set()).update(item.data)
    handled = {mapping.id_key, mapping.title_key, mapping.date_key, *mapping.ignore}
    suggestions = {}
    for folder, section in sorted(sections.items()):
        lines = [
            f"  {folder}:",
            f"    page_type: {section.page_model._meta.label}",
            f"    index: {{page_type: {section.index_model._meta.label}, "
            f"title: {section.index_title}, slug: {section.index_slug}}}",
            f"    old_path: {folder}",
        ]
        if section.series is not None:
            group = section.series.group_by
            lines.append(f"    series: {{group_by: {group}}}" if group else "    series: true")
        rules = [rule for rule in section.fields if rule.key in keys[folder]]
        unmapped = sorted(
            keys[folder] - handled - {rule.key for rule in section.fields} - set(section.ignore)
        )
        lines.append("    fields:" if rules or unmapped else "    fields: {}")
        for rule in rules:
            lines.append(f"      {rule.key}: {rule.field}")
        lines.extend(f"      # {key}: ?" for key in unmapped)
        suggestions[folder] = "\n".join(lines)
    return suggestions
