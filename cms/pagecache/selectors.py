"""Which pages show a page, and so must leave the cache when it changes."""

from django.contrib.contenttypes.models import ContentType

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, ReferenceIndex

from cms.guides.models import GuideChapterPage

# Root (1), home pages (2) and their children (3): the menu on every page lists the latter.
MENU_DEPTH = 3


def pages_showing_page(*, page: Page) -> list[Page]:
    """The page, its translations, their parents (section indexes, home pages) and every live
    page that chooses one of them (related items, featured items, calls to action, toolkit
    links), found through Wagtail's reference index.

    Translations come along because a translation's page shows links to the others (language
    switcher) and cards show the translation in the visitor's language. A guide chapter's
    siblings come too: each shows the guide's contents and links to the chapters either side.
    """
    translations = list(Page.objects.filter(translation_key=page.translation_key))
    parent_paths = {p.path[: -Page.steplen] for p in translations if p.depth > 1}
    chapter_type = ContentType.objects.get_for_model(GuideChapterPage)
    sibling_parents = {
        p.path[: -Page.steplen] for p in translations if p.content_type_id == chapter_type.pk
    }
    page_type = ContentType.objects.get_for_model(Page)
    referencing_ids = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=page_type,
        to_object_id__in=[str(p.pk) for p in translations],
    ).values_list("object_id", flat=True)
    others = Page.objects.live().filter(path__in=parent_paths) | Page.objects.live().filter(
        pk__in=[int(pk) for pk in referencing_ids]
    )
    for parent_path in sibling_parents:
        others = others | Page.objects.live().filter(
            path__startswith=parent_path, depth=len(parent_path) // Page.steplen + 1
        )
    pages = {p.pk: p for p in translations}
    for other in others:
        pages.setdefault(other.pk, other)
    return list(pages.values())


def cached_paths_of(*, page: Page) -> list[str]:
    """The paths below a page's URL that the cache may hold: Wagtail's ``get_cached_paths``
    plus every route of a routable page that takes no argument (feeds, calendars, PDFs)."""
    specific = page.specific_deferred
    paths = set(specific.get_cached_paths())
    if isinstance(specific, RoutablePageMixin):
        for pattern in specific.get_subpage_urls():
            if pattern.name and not pattern.pattern.regex.groups:
                paths.add(specific.reverse_subpage(pattern.name))
    return sorted(paths)


def page_changes_every_page(*, page: Page) -> bool:
    """Home pages and the menu level show on every page (menu, language links)."""
    return page.depth <= MENU_DEPTH
