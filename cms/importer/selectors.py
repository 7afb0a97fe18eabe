"""Reads of the importer: what was imported before, and which pages the items became."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Page

from .models import ImportedItem


def imported_items_by_source_id() -> dict[str, ImportedItem]:
    """Every item imported before, by its source id, in one query."""
    return {item.source_id: item for item in ImportedItem.objects.all()}


def page_classes(*, page_ids) -> dict[int, type]:
    """The specific page class of each page id, in one query."""
    rows = Page.objects.filter(id__in=list(page_ids)).values_list("id", "content_type_id")
    return {
        page_id: ContentType.objects.get_for_id(type_id).model_class() for page_id, type_id in rows
    }


def section_index(*, parent: Page, slug: str) -> Page | None:
    """The section's index page: the home page's child with the mapping's slug, if any."""
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page is not None else None


def imported_items_with_warnings():
    """Imported items with references not resolved yet or pictures and files not copied,
    most recently imported first."""
    return (
        ImportedItem.objects.filter(~Q(unresolved_ids=[]) | ~Q(assets_not_fetched=[]))
        .select_related("page")
        .order_by("-last_imported_at", "pk")
    )
