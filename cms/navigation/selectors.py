"""Reads for the main menu, the footer and the HTML sitemap, in a fixed number of queries.

Every page a link points at is shown in the visitor's language where a live translation exists,
else in the site's default language (else as chosen), so that each language lists the same
sections. Sections an editor has not placed (an importer's new index, a page marked "show in
menus") join the group of their kind, so nothing the site offers is left out of the menu.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page, Site, get_page_models

from cms.core.models.index_page import IndexPage

from .models import GROUP_LABELS, VIEW_LINKS, NavigationSettings

# The group a section joins when no editor placed it, by page type ("app_label.model").
SECTION_KINDS = {
    "factsheets.factsheetindexpage": "learn",
    "bestpractices.bestpracticeindexpage": "learn",
    "syllabi.trainingsyllabusindexpage": "learn",
    "guides.guideindexpage": "learn",
    "courses.courseindexpage": "learn",
    "linkcollections.linkcollectionindexpage": "resources",
    "resources.resourceindexpage": "resources",
    "tools.toolindexpage": "resources",
    "events.eventindexpage": "community",
    "news.newsindexpage": "community",
    "standardpages.standardpage": "about",
}
# Site views outside the page tree join their group the same way when no editor placed them.
VIEW_KINDS = {"partnerbourse:board": "community"}


@dataclass
class MenuLink:
    title: str
    url: str
    page: Page | None = None
    language_code: str = ""
    is_index: bool = False
    is_current: bool = False
    children: list = field(default_factory=list)


@dataclass
class MenuGroup:
    kind: str
    label: str
    links: list[MenuLink] = field(default_factory=list)


@dataclass
class Navigation:
    groups: list[MenuGroup]
    footer: dict[str, MenuLink]


def navigation_for_request(*, request, current_page: Page | None = None) -> Navigation:
    """The menu and footer links for this request, computed once however often it is asked."""
    cached = getattr(request, "_navigation", None)
    if cached is not None:
        return cached
    navigation = _build_navigation(request=request, current_page=current_page)
    request._navigation = navigation
    return navigation


def sitemap_sections(*, request) -> list[MenuGroup]:
    """The menu's groups with each page link's live child pages, for the HTML sitemap."""
    groups = navigation_for_request(request=request).groups
    links = [link for group in groups for link in group.links if link.page is not None]
    if not links:
        return groups
    children = (
        Page.objects.live()
        .public()
        .filter(
            reduce(
                or_,
                (Q(path__startswith=link.page.path, depth=link.page.depth + 1) for link in links),
            )
        )
        .select_related("locale")
        .order_by("path")
    )
    by_parent_path: dict[str, list[MenuLink]] = {}
    for child in children:
        by_parent_path.setdefault(child.path[: -Page.steplen], []).append(
            MenuLink(
                title=child.title,
                url=child.get_url(request),
                page=child,
                language_code=child.locale.language_code,
            )
        )
    for link in links:
        link.children = by_parent_path.get(link.page.path, [])
    return groups


def _build_navigation(*, request, current_page: Page | None) -> Navigation:
    site = Site.find_for_request(request)
    if site is None:
        return Navigation(groups=[], footer={})
    # Read, never created, here: a page view must not write (and a first visit would cost
    # more queries than the next). Without a saved setting the menu has only its automatic part.
    nav_settings = NavigationSettings.objects.filter(site=site).first() or NavigationSettings(
        site=site
    )
    configured = _configured_groups(nav_settings)
    footer_ids = nav_settings.footer_page_ids()
    chosen_ids = [value for _kind, links in configured for kind, value in links if kind == "page"]
    pages = _pages_in_language(page_ids=[*chosen_ids, *footer_ids.values()])

    groups = []
    placed_keys = {page.translation_key for page in pages.values()}
    for kind, raw_links in configured:
        group = MenuGroup(kind=kind, label=str(GROUP_LABELS.get(kind, kind)))
        for link_kind, value in raw_links:
            link = _link(request=request, link_kind=link_kind, value=value, pages=pages)
            if link is not None:
                group.links.append(link)
        groups.append(group)
    added: dict[str, MenuGroup] = {}

    def group_of(kind: str) -> MenuGroup:
        group = next((g for g in groups if g.kind == kind), None) or added.get(kind)
        if group is None:
            group = added[kind] = MenuGroup(kind=kind, label=str(GROUP_LABELS[kind]))
        return group

    for section in _unplaced_sections(site=site, placed_keys=placed_keys):
        kind = SECTION_KINDS.get(_type_name(section), "more")
        group_of(kind).links.append(_page_link(request=request, page=section))
    placed_views = {value for _kind, links in configured for kind, value in links if kind == "view"}
    for view_name, kind in VIEW_KINDS.items():
        if view_name not in placed_views:
            group_of(kind).links.append(
                _link(request=request, link_kind="view", value=view_name, pages=pages)
            )
    # Groups no editor made follow the editor's, in the vocabulary's order.
    groups += [added[kind] for kind in GROUP_LABELS if kind in added]
    groups = [group for group in groups if group.links]
    _mark_current(groups=groups, request=request, current_page=current_page)

    footer = {
        role: _page_link(request=request, page=pages[page_id])
        for role, page_id in footer_ids.items()
        if page_id in pages
    }
    return Navigation(groups=groups, footer=footer)


def _configured_groups(nav_settings) -> list[tuple[str, list[tuple[str, object]]]]:
    """The editor's groups from the stored data, so no page is loaded one by one."""
    groups = []
    for block in nav_settings.menu.raw_data:
        value = block.get("value") or {}
        links = []
        for item in value.get("links") or []:
            # ListBlock items are stored as {"type": "item", "value": ...} (older data: bare).
            link = item.get("value", item) if isinstance(item, dict) else {}
            if link.get("page"):
                links.append(("page", link["page"]))
            elif link.get("view") in VIEW_LINKS:
                links.append(("view", link["view"]))
        groups.append((value.get("kind") or "more", links))
    return groups


def _pages_in_language(*, page_ids: list[int]) -> dict[int, Page]:
    """The live page to show for each chosen id: in the current language where one exists,
    else in the default language, else the chosen page itself. One query."""
    if not page_ids:
        return {}
    current = translation.get_language()
    default = settings.LANGUAGE_CODE
    chosen_keys = Page.objects.filter(id__in=page_ids).values("translation_key")
    candidates = (
        Page.objects.live()
        .public()
        .filter(
            Q(id__in=page_ids)
            | Q(
                translation_key__in=Subquery(chosen_keys),
                locale__language_code__in=[current, default],
            )
        )
        .select_related("locale")
    )
    by_key: dict = {}
    for page in candidates:
        by_key.setdefault(page.translation_key, []).append(page)
    key_of_id = {page.id: page.translation_key for pages in by_key.values() for page in pages}
    # A chosen page that is no longer live still leads to its live translations.
    missing = [page_id for page_id in page_ids if page_id not in key_of_id]
    if missing:
        key_of_id.update(Page.objects.filter(id__in=missing).values_list("id", "translation_key"))
    best = {}
    for page_id in page_ids:
        pages = by_key.get(key_of_id.get(page_id), [])
        ranked = sorted(pages, key=lambda p: _language_rank(p, current, default, page_id))
        if ranked:
            best[page_id] = ranked[0]
    return best


def _language_rank(page: Page, current: str, default: str, chosen_id: int) -> int:
    code = page.locale.language_code
    if code == current:
        return 0
    if code == default:
        return 1
    return 2 if page.id == chosen_id else 3


def _unplaced_sections(*, site, placed_keys: set) -> list[Page]:
    """Section indexes and "show in menus" pages under the home page of any language that no
    editor placed, each in the best language, in tree order of the default language."""
    homes = list(site.root_page.get_translations(inclusive=True).values_list("path", "depth"))
    candidates = (
        Page.objects.live()
        .public()
        .filter(reduce(or_, (Q(path__startswith=path, depth=depth + 1) for path, depth in homes)))
        .filter(Q(show_in_menus=True) | Q(content_type_id__in=_index_content_type_ids()))
        .exclude(translation_key__in=placed_keys)
        .select_related("locale")
        .order_by("path")
    )
    current, default = translation.get_language(), settings.LANGUAGE_CODE
    by_key: dict = {}
    for page in candidates:
        by_key.setdefault(page.translation_key, []).append(page)
    chosen = []
    for pages in by_key.values():
        # Tree order of the default language (where there is one) keeps the menu's order the
        # same in every language.
        anchor = next((p for p in pages if p.locale.language_code == default), pages[0])
        best = min(pages, key=lambda p: _language_rank(p, current, default, anchor.id))
        chosen.append((anchor.locale.language_code != default, anchor.path, best))
    return [page for *_order, page in sorted(chosen, key=lambda item: item[:2])]


def _index_content_type_ids() -> list[int]:
    models = [model for model in get_page_models() if issubclass(model, IndexPage)]
    return [ct.id for ct in ContentType.objects.get_for_models(*models).values()]


def _type_name(page: Page) -> str:
    content_type = ContentType.objects.get_for_id(page.content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _link(*, request, link_kind: str, value, pages: dict[int, Page]) -> MenuLink | None:
    if link_kind == "view":
        return MenuLink(title=str(VIEW_LINKS[value]), url=reverse(value))
    page = pages.get(value)
    return _page_link(request=request, page=page) if page is not None else None


def _page_link(*, request, page: Page) -> MenuLink:
    return MenuLink(
        title=page.title,
        url=page.get_url(request),
        page=page,
        language_code=page.locale.language_code,
        is_index=page.content_type_id in _index_content_type_ids(),
    )


def _mark_current(*, groups: list[MenuGroup], request, current_page: Page | None) -> None:
    for group in groups:
        for link in group.links:
            if link.page is not None and current_page is not None:
                link.is_current = current_page.path.startswith(link.page.path)
            elif link.page is None:
                link.is_current = request.path.startswith(link.url)
