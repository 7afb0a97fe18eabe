"""Writing one item's page: find or create its section index, create or update the page with a
revision (published unless the item is a draft), its old-path redirect and its ImportedItem.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Site

from ..assets import AssetFetcher
from ..mapping import Mapping, Section
from ..markdown import LinkResolver
from ..models import ImportedItem
from ..selectors import section_index
from ..text import clean_line
from .content import ContentBuilder, PageContent, TermCache
from .relations import relations_into
from .source import ItemError, SourceItem, single

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
OUTCOMES = [CREATED, UPDATED, UNCHANGED, FAILED]


@dataclass
class ImportRun:
    """State shared by the items of one run."""

    mapping: Mapping
    fetcher: AssetFetcher
    home: Page
    locale: Locale
    links_pages: dict[str, int]
    pending: set[str]
    redact: set[str]
    terms: TermCache
    user: object = None
    indexes: dict = field(default_factory=dict)
    slugs: dict = field(default_factory=dict)
    # Pages written in this run, for the search and reference indexes at its end.
    written: set[int] = field(default_factory=set)
    chapters_moved: int = 0


def home_page() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ItemError("there is no default site: create one (and its home page) first")
    return site.root_page.specific


def indexes_prepare(*, run: ImportRun, items: list[SourceItem]) -> None:
    """Find or create each section's index page, and each guide of a series grouped in guides.

    A failure is kept as the index's error, for each of its items to report.
    """
    for item in items:
        section = item.section
        if section.index_slug not in run.indexes:
            try:
                with transaction.atomic():
                    run.indexes[section.index_slug] = _index_for(run, section)
            except Exception as error:
                run.indexes[section.index_slug] = f"the section's index page: {error}"
        parent_key = parent_key_for(item)
        if parent_key in run.indexes:
            continue
        index = run.indexes[section.index_slug]
        if not isinstance(index, Page):
            run.indexes[parent_key] = index
            continue
        try:
            with transaction.atomic():
                run.indexes[parent_key] = _guide_for(run, index, series_group(item))
        except Exception as error:
            run.indexes[parent_key] = f"the guide {series_group(item)!r}: {error}"


def series_group(item: SourceItem) -> str:
    """The name of the guide a chapter belongs to, in a series grouped by a key."""
    key = item.section.series.group_by
    return clean_line(str(single(item.data.get(key)) or "")) or gettext("Other")


def parent_key_for(item: SourceItem) -> str:
    """Where the item's page goes: its section's index, or its guide within that index."""
    series = item.section.series
    if series is None or not series.group_by:
        return item.section.index_slug
    return f"{item.section.index_slug}/{slugify(series_group(item), allow_unicode=True)}"


def _guide_for(run: ImportRun, index: Page, group: str) -> Page:
    from cms.guides.models import GuidePage

    slug = slugify(group, allow_unicode=True)[:80] or "guide"
    guide = section_index(parent=index, slug=slug)
    if guide is None:
        guide = GuidePage(title=group[:255], slug=slug, locale=run.locale)
        index.add_child(instance=guide)
        guide.save_revision(user=run.user).publish(user=run.user)
        run.written.add(guide.pk)
    elif not isinstance(guide, GuidePage):
        raise ItemError(f"the page {guide.url_path} is a {type(guide).__name__}, not a guide")
    return guide


def _index_for(run: ImportRun, section: Section) -> Page:
    index = section_index(parent=run.home, slug=section.index_slug)
    if index is None:
        index = section.index_model(title=section.index_title, slug=section.index_slug)
        run.home.add_child(instance=index)
        index.save_revision(user=run.user).publish(user=run.user)
        run.home.refresh_from_db()
        run.written.add(index.pk)
    elif not isinstance(index, section.index_model):
        raise ItemError(
            f"the page /{section.index_slug}/ under the home page is a "
            f"{type(index).__name__}, not a {section.index_model.__name__}"
        )
    return index


def _unique_slug(run: ImportRun, parent: Page, title: str, source_id: str) -> str:
    if parent.pk not in run.slugs:
        run.slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
    taken = run.slugs[parent.pk]
    base = (slugify(title, allow_unicode=True)[:80].strip("-")) or source_id[:36]
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _content_apply(page: Page, item: SourceItem, content: PageContent) -> None:
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
    if hasattr(page, "sessions"):
        from cms.events.models import EventSession

        # Only what the source says: no session where it gives no event dates.
        page.sessions = [EventSession(**kwargs) for kwargs in content.sessions]


def _builder(*, item: SourceItem, run: ImportRun, links: LinkResolver, warnings) -> ContentBuilder:
    return ContentBuilder(
        item=item,
        mapping=run.mapping,
        links=links,
        fetcher=run.fetcher,
        redact=run.redact,
        warnings=warnings,
        terms=run.terms,
    )


def item_import(
    *, item: SourceItem, run: ImportRun, existing: ImportedItem | None, result
) -> tuple[str, Page, bool]:
    """Create or update the item's page, in one transaction; ``result`` (an ItemResult)
    collects the warnings and the assets left on their server.

    Returns the outcome, the page and whether it refers to items that have no page yet.
    """
    warnings = result.warnings
    with transaction.atomic():
        links = LinkResolver(
            base_url=run.mapping.base_url, pages=run.links_pages, pending=run.pending
        )
        builder = _builder(item=item, run=run, links=links, warnings=warnings)
        builder.build()
        content = builder.finish()
        relations_pending = relations_into(content, item=item, run=run, warnings=warnings)
        page = existing.page.specific if existing is not None and existing.page_id else None
        replaced = None
        if page is not None and not isinstance(page, item.section.page_model):
            # The mapping now gives the item another type: a new page takes its place.
            replaced, page = page, None
        if page is None:
            parent = run.indexes.get(parent_key_for(item))
            if not isinstance(parent, Page):
                raise ItemError(parent or "the section's index page is missing")
            page = item.section.page_model(
                slug=_unique_slug(run, parent, item.title, item.source_id),
                live=not item.is_draft,
                locale=run.locale,
            )
            _content_apply(page, item, content)
            parent.add_child(instance=page)
            # add_child() validated this very content a moment ago.
            revision = page.save_revision(user=run.user, clean=False)
            if not item.is_draft:
                revision.publish(user=run.user)
            outcome = CREATED if replaced is None else UPDATED
            if replaced is not None:
                _page_replace(replaced, by=page, run=run, warnings=warnings)
        else:
            page = page.get_latest_revision_as_object()
            before = _comparable(page, content)
            _content_apply(page, item, content)
            if existing.content_hash == item.content_hash and _comparable(page, content) == before:
                # Imported again only to copy its assets, and none could be: nothing to save.
                outcome = UNCHANGED
            else:
                revision = page.save_revision(user=run.user, changed=True)
                if page.live and not item.is_draft:
                    revision.publish(user=run.user)
                elif page.live:
                    warnings.append(
                        "the item is now a draft: the live page keeps its earlier content"
                    )
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
                "assets_not_fetched": content.assets_not_fetched,
            },
        )
    result.assets_not_fetched = list(content.assets_not_fetched)
    run.links_pages[item.source_id] = page.pk
    run.pending.discard(item.source_id)
    run.written.add(page.pk)
    return outcome, page, bool(unresolved)


def _page_replace(old: Page, *, by: Page, run: ImportRun, warnings: list[str]) -> None:
    """Unpublish the item's earlier page of another type; its address leads to the new one."""
    old_path = old.get_url_parts()
    if old.live:
        old.unpublish(user=run.user, log_action=True)
    if old_path is not None:
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old_path[2]),
            site=None,
            defaults={"redirect_page": by, "redirect_link": "", "is_permanent": True},
        )
    warnings.append(
        f"the item's page #{old.pk} was a {type(old).__name__}: a {type(by).__name__} replaces "
        f"it (the old page is unpublished and its address redirects to the new one)"
    )


def item_link(*, item: SourceItem, run: ImportRun, warnings: list[str]) -> bool:
    """Second pass: rebuild an item whose links or relations pointed at items without a page.

    Saves a new revision (published if the page is live) only where something changed.
    """
    with transaction.atomic():
        imported = ImportedItem.objects.select_related("page").get(source_id=item.source_id)
        page = imported.page.specific.get_latest_revision_as_object()
        links = LinkResolver(base_url=run.mapping.base_url, pages=run.links_pages)
        # Its warnings were reported in the first pass already.
        builder = _builder(item=item, run=run, links=links, warnings=[])
        builder.build()
        content = builder.finish()
        link_warnings: list[str] = []
        relations_into(content, item=item, run=run, warnings=link_warnings)
        for message in links.warnings + link_warnings:
            if message not in warnings:
                warnings.append(message)
        before = _comparable(page, content)
        _content_apply(page, item, content)
        imported.unresolved_ids = sorted(links.unresolved - set(run.links_pages))
        imported.save(update_fields=["unresolved_ids", "last_imported_at"])
        if _comparable(page, content) == before:
            return False
        revision = page.save_revision(user=run.user, changed=True)
        if page.live and not item.is_draft:
            revision.publish(user=run.user)
    run.written.add(page.pk)
    return True


def _comparable(page, content: PageContent) -> tuple:
    """What an import writes that can differ between two imports of the same file: the
    streams (links, pictures copied since) and the fields the content sets."""
    streams = [
        name
        for name in ("body", "linked_tools", "linked_webinars", "related_pages")
        if hasattr(page, name)
    ]
    values = tuple(str(getattr(page, name, None)) for name in sorted(content.values))
    # Compared as data, not text: PostgreSQL's jsonb gives the keys back in another order.
    return (*(_without_ids(getattr(page, n).get_prep_value()) for n in streams), *values)


def _without_ids(value):
    # Block ids are new on every conversion; they say nothing about the content.
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value
