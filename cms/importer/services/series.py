"""Series: the chapters of a manual, imported as guides with their chapters in reading order.

A mapping declares a series (``series: {group_by: KEY}`` or ``series: true``); for a folder the
mapping does not name, a series is inferred when every title in it is numbered ("4. …") and
nothing else gives an order. Chapters are ordered by their title's number, then by date: the
order in which they were written when they have no number ("Overview" before "Credits").
"""

import math

from wagtail.models import Page

from cms.guides.rules import title_number, titles_numbered

from ..mapping import Mapping
from .pages import ImportRun, parent_key_for
from .source import SourceItem


def chapter_sort_key(item: SourceItem) -> tuple:
    number = title_number(item.title)
    return (math.inf if number is None else number, item.date, item.date_text, item.title.lower())


def series_infer(*, items: list[SourceItem], mapping: Mapping) -> None:
    """Give the items of each folder the mapping lacks a guide, where all their titles are
    numbered (at least two of them)."""
    by_folder: dict[str, list[SourceItem]] = {}
    for item in items:
        if item.section.generic and item.section.name == item.folder:
            by_folder.setdefault(item.folder, []).append(item)
    for folder, folder_items in by_folder.items():
        if len(folder_items) < 2:
            continue
        if titles_numbered(item.title for item in folder_items):
            section = mapping.generic_section_for(folder=folder, as_series=True)
            for item in folder_items:
                item.section = section
                item.notes.append(f"numbered chapters: the folder {folder!r} became a guide")


def chapters_order(*, run: ImportRun, items: list[SourceItem]) -> int:
    """Put each guide's imported chapters under it, in reading order; returns pages moved.

    Pages are moved only where the order is wrong, so a second run moves nothing. Chapters an
    editor added by hand keep their place after the imported ones.
    """
    wanted: dict[str, list[int]] = {}
    for item in sorted(
        (item for item in items if item.section.series is not None), key=chapter_sort_key
    ):
        page_id = run.links_pages.get(item.source_id)
        guide = run.indexes.get(parent_key_for(item))
        if page_id is not None and isinstance(guide, Page):
            wanted.setdefault(parent_key_for(item), []).append(page_id)
    moved = 0
    for key, page_ids in wanted.items():
        guide = run.indexes[key]
        children = list(guide.get_children().values_list("pk", flat=True))
        if [pk for pk in children if pk in set(page_ids)] == page_ids:
            continue
        for page in sorted(
            Page.objects.filter(pk__in=page_ids), key=lambda p: page_ids.index(p.pk)
        ):
            page.move(Page.objects.get(pk=guide.pk), pos="last-child", user=run.user)
            run.written.add(page.pk)
            moved += 1
    return moved
