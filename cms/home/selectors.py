"""Reads of the home page: the curated hero and featured items, and the blocks it fills by
itself (upcoming events, latest news, courses, partner offers, section tiles).

Everything is read from the home page's own tree, so each language's home page lists that
language's pages. Each block costs a fixed number of queries whatever the number of items or
sections, and an empty block is an empty list, which the template leaves out.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from wagtail.models import Page, get_page_models

from cms.core.models import IndexPage
from cms.core.selectors import cards_for_pages
from cms.events.models import EventPage, EventSession
from cms.news.models import NewsPage
from courses.models import CoursePage
from courses.selectors.catalogue import course_durations
from partnerbourse.models import Listing
from partnerbourse.selectors.listings import localize_themes, with_card_data

BLOCK_SIZE = 3
OFFERS_SIZE = 3


def home_blocks(*, home, request) -> dict:
    """Everything the home page template shows beyond the page's own fields."""
    featured_ids = _chosen_page_ids(home.featured, "page", key="page")
    body_ids = [
        page.id
        for block in home.body
        if block.block_type == "featured_items"
        for page in block.value["pages"]
        if page is not None
    ]
    hero_ids = [home.hero_link_page_id] if home.hero_link_page_id else []
    # One lookup for every chosen page: each resolves to its live translation.
    cards = cards_for_pages(page_ids=hero_ids + featured_ids + body_ids)
    return {
        "hero_link_url": home_hero_link_url(home=home, cards=cards),
        "cards": cards,
        "featured_items": home_featured_items(home=home, cards=cards),
        "upcoming_events": home_upcoming_events(home=home),
        "latest_news": home_latest_news(home=home),
        "featured_courses": home_featured_courses(home=home),
        "partner_offers": home_partner_offers(),
        "section_tiles": home_section_tiles(home=home),
    }


def _chosen_page_ids(stream, block_type: str, *, key: str | None = None) -> list[int]:
    ids = []
    for block in stream:
        if block.block_type != block_type:
            continue
        page = block.value[key] if key else block.value
        if page is not None:
            ids.append(page.id)
    return ids


def home_hero_link_url(*, home, cards: dict) -> str:
    """The hero button's target: the chosen page (its live translation where there is one),
    else the external URL; empty when neither is set or the page is no longer live."""
    if home.hero_link_page_id:
        card = cards.get(home.hero_link_page_id)
        if card is not None:
            return card.url
    return home.hero_link_url


def home_featured_items(*, home, cards: dict) -> list[dict]:
    """The editor's featured pages and links, in their order, with the editor's wording where
    given; a page that is no longer live is left out."""
    items = []
    for block in home.featured:
        value = block.value
        if block.block_type == "link":
            items.append(
                {"page": None, "url": value["url"], "title": value["title"], "text": value["text"]}
            )
            continue
        chosen = value["page"]
        card = cards.get(chosen.id) if chosen is not None else None
        if card is None:
            continue
        items.append(
            {
                "page": card,
                "url": card.url,
                "title": value["title"] or card.display_title or card.title,
                "text": value["text"] or card.display_summary,
            }
        )
    return items


def _cards(queryset):
    return queryset.select_related("locale", "listing_image").prefetch_related(
        "listing_image__renditions"
    )


def home_upcoming_events(*, home, limit: int = BLOCK_SIZE) -> list[EventPage]:
    """The next events, soonest first, each with its next session's start (as the event
    index's cards show it: ``session_date``, ``session_time``, ``session_time_zone``)."""
    unfinished = (
        EventSession.objects.filter(page=OuterRef("page_ptr"))
        .annotate(last_day=Coalesce("end_date", "start_date"))
        .filter(last_day__gte=timezone.localdate())
        .order_by("start_date", F("start_time").asc(nulls_first=True), "pk")
    )
    events = (
        EventPage.objects.live()
        .public()
        .descendant_of(home)
        .filter(Exists(unfinished))
        .annotate(
            session_date=Subquery(unfinished.values("start_date")[:1]),
            session_time=Subquery(unfinished.values("start_time")[:1]),
            session_time_zone=Subquery(unfinished.values("time_zone")[:1]),
        )
        .order_by("session_date", F("session_time").asc(nulls_first=True), "pk")
    )
    # The card shows the next session (EventPage.card_session) from these, without a query.
    sessions = EventSession.objects.order_by("start_date", "start_time")
    events = events.prefetch_related(Prefetch("sessions", queryset=sessions))
    return list(_cards(events)[:limit])


def home_latest_news(*, home, limit: int = BLOCK_SIZE) -> list[NewsPage]:
    news = NewsPage.objects.live().public().descendant_of(home).order_by("-date", "-pk")
    return list(_cards(news)[:limit])


def home_featured_courses(*, home, limit: int = BLOCK_SIZE) -> list[CoursePage]:
    """The courses the editor chose, in the editor's order, else the newest courses; only
    those live in the home page's language. Each carries ``running_time_seconds`` for its
    card."""
    chosen = [block.value for block in home.featured_courses if block.value is not None]
    if chosen:
        keys = [page.translation_key for page in chosen]
        # Chosen once (often in English), shown as each language's own translation.
        found = CoursePage.objects.live().public().descendant_of(home)
        by_key = {
            course.translation_key: course
            for course in _cards(found.filter(translation_key__in=keys))
        }
        courses = [by_key[key] for key in dict.fromkeys(keys) if key in by_key]
    else:
        newest = CoursePage.objects.live().public().descendant_of(home).order_by("-date", "-pk")
        courses = list(_cards(newest)[:limit])
    durations = course_durations(courses=courses)
    for course in courses:
        course.running_time_seconds = durations.get(course.pk, 0)
    return courses


def home_partner_offers(*, limit: int = OFFERS_SIZE) -> list[Listing]:
    """The newest listings everyone may see on the partner board (``Listing.objects.visible``),
    in whichever language they are written: the board itself is shared by all languages."""
    offers = list(
        with_card_data(Listing.objects.visible().order_by("-published_at", "-pk"))[:limit]
    )
    localize_themes(offers)
    return offers


def _index_content_types() -> list[ContentType]:
    models = [model for model in get_page_models() if issubclass(model, IndexPage)]
    return list(ContentType.objects.get_for_models(*models).values())


def home_section_tiles(*, home) -> list[dict]:
    """One tile per section index below the home page, with its number of live, public items.

    The items of every section are counted in one grouped query (by their parent's tree path),
    so the tiles cost the same whatever the number of sections.
    """
    sections = list(
        home.get_children()
        .live()
        .public()
        .filter(content_type__in=_index_content_types())
        .order_by("path")
    )
    if not sections:
        return []
    parent_path_length = len(home.path) + Page.steplen
    counts = dict(
        Page.objects.live()
        .public()
        .filter(path__startswith=home.path, depth=home.depth + 2)
        .annotate(parent_path=Substr("path", 1, parent_path_length))
        .order_by()  # Page's default ordering (path) would split the groups
        .values("parent_path")
        .annotate(items=Count("pk"))
        .values_list("parent_path", "items")
    )
    return [{"page": section, "count": counts.get(section.path, 0)} for section in sections]
