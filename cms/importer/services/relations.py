"""Relation fields: "<pageId>____<title>" strings in the front matter, made page links.

A relation can only be linked once the item it points at has a page; until then its id is
returned as pending, and the run's second pass links it.
"""

from wagtail.models import Page

from ..selectors import page_classes
from ..text import clean_line, clean_text
from .content import PageContent
from .source import RELATION, SourceItem, as_list


def relations_into(
    content: PageContent, *, item: SourceItem, run, warnings: list[str] | None
) -> set[str]:
    """Put the item's relations into the content's streams; returns ids without a page yet.

    With ``warnings`` (the second pass) a relation to an item that has no page is reported.
    """
    pending: set[str] = set()
    wanted: list[tuple[str, str, str, str]] = []
    for key, field_name in item.section.relations.items():
        for entry in as_list(item.data.get(key)):
            match = RELATION.match(clean_text(str(entry)))
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
