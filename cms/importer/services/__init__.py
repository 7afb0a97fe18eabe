"""Importing a folder of markdown items into pages: parse, convert, write, link.

An item is identified by its stable id (``pageId``), never by its file name. Its file's content
hash decides whether a later run updates the page (a new revision, published if the page is
live) or leaves it alone. Pages are never deleted or unpublished.

- ``source``: reading one file (front matter, id, date, draft state, hash);
- ``content``: an item's front matter and markdown turned into what its page holds;
- ``relations``: relation strings turned into links between the imported pages;
- ``pages``: writing one item's page, its redirect and its record;
- ``series``: manuals as guides (inferring a series, putting chapters in reading order);
- ``indexing``: the search and reference indexes, once per run;
- ``run``: the whole run (``hub_import``) and its report.
"""

from .pages import CREATED, FAILED, OUTCOMES, UNCHANGED, UPDATED, item_import, item_link
from .run import ImportReport, ItemResult, hub_import
from .source import IMPORTER_VERSION, ItemError, SourceItem, item_parse, private_emails

__all__ = [
    "CREATED",
    "FAILED",
    "IMPORTER_VERSION",
    "OUTCOMES",
    "UNCHANGED",
    "UPDATED",
    "ImportReport",
    "ItemError",
    "ItemResult",
    "SourceItem",
    "hub_import",
    "item_import",
    "item_link",
    "item_parse",
    "private_emails",
]
