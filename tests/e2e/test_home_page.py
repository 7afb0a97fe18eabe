"""The home page in the browser: hero, featured items and the automatic blocks, at a desktop and
a phone width; card rows stay even when only some cards have a picture; no axe violations."""

import datetime

import pytest
import wagtail_factories

from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.news.factories import NewsIndexPageFactory, NewsPageFactory
from courses.factories import CourseIndexPageFactory, CoursePageFactory
from partnerbourse.factories import ListingFactory

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
HEADINGS = ["Featured", "Upcoming events", "Latest news", "Courses", "Partner offers", "Sections"]


@pytest.fixture
def filled_home(home_page):
    events = EventIndexPageFactory(parent=home_page, title="Events and webinars")
    news = NewsIndexPageFactory(parent=home_page, title="News")
    courses = CourseIndexPageFactory(parent=home_page, title="Courses")
    picture = wagtail_factories.ImageFactory(title="Gallery")
    for number in range(3):
        EventSessionFactory(page=EventPageFactory(parent=events, title=f"Webinar {number + 1}"))
        NewsPageFactory(
            parent=news,
            title=f"News item {number + 1}" + (" with a longer title to wrap" if number else ""),
            date=datetime.date(2026, 3, 1 + number),
            listing_image=picture if number == 1 else None,
        )
        ListingFactory(title=f"Partners wanted for an oral history project {number + 1}")
    CoursePageFactory(parent=courses, title="Caring for collections")
    home_page.hero_heading = "Learn from each other. Find your partners."
    home_page.hero_intro = "A meeting place for people who work in museums and archives."
    home_page.hero_link_page = news
    home_page.hero_link_label = "Read the news"
    home_page.featured = [
        ("page", {"page": events, "title": "", "text": "Webinars for museum teams."}),
        ("page", {"page": news, "title": "What is new", "text": ""}),
        ("link", {"url": "https://example.org/", "title": "A partner site", "text": ""}),
    ]
    home_page.save_revision().publish()
    return home_page


def card_rows(page, block_id: str) -> dict[float, set[float]]:
    """The heights of the cards of a block's grid, by the top of their row."""
    rows: dict[float, set[float]] = {}
    for card in page.locator(f"#{block_id} ~ .card-grid > .card").all():
        box = card.bounding_box()
        rows.setdefault(round(box["y"]), set()).add(round(box["height"]))
    return rows


@pytest.mark.parametrize("width", WIDTHS)
def test_home_page_blocks_at_desktop_and_phone_width(filled_home, page, screenshot, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    assert page.goto("/en/").status == 200
    assert page.locator("h1").all_inner_texts() == ["Learn from each other. Find your partners."]
    for heading in HEADINGS:
        assert page.get_by_role("heading", level=2, name=heading, exact=True).is_visible()
    assert page.get_by_role("link", name="Read the news").is_visible()
    # Cards of one row are equally tall, with or without a picture.
    for block_id in ("home-featured", "home-news", "home-events"):
        for heights in card_rows(page, block_id).values():
            assert len(heights) == 1, f"{block_id}: uneven row {heights}"
    # The news grid has a picture, so beside it the cards without one keep its place; in a
    # phone's single column there is no row to align, and no placeholder.
    placeholder = page.locator("#home-news ~ .card-grid .card__placeholder").first
    assert placeholder.is_visible() is (width == "desktop")
    # No horizontal scrolling at either width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"home-{width}")

    from tests.e2e.test_accessibility import AXE_JS, BLOCKING_IMPACTS, axe_violations

    if AXE_JS.exists():
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, [(v["id"], [n["target"] for n in v["nodes"]]) for v in blocking]
