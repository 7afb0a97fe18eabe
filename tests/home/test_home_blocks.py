"""The home page's curated hero and featured items, and the blocks it fills by itself."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cms.events.factories import EventIndexPageFactory, EventPageFactory, EventSessionFactory
from cms.news.factories import NewsIndexPageFactory, NewsPageFactory
from courses.factories import CourseIndexPageFactory, CoursePageFactory
from partnerbourse.factories import ListingFactory
from partnerbourse.models import ListingStatus


@pytest.fixture
def sections(home_page):
    return {
        "events": EventIndexPageFactory(parent=home_page, title="Events and webinars"),
        "news": NewsIndexPageFactory(parent=home_page, title="News"),
        "courses": CourseIndexPageFactory(parent=home_page, title="Courses"),
    }


def fill(sections, count: int) -> None:
    """``count`` more upcoming events, news, courses and partner offers."""
    for _ in range(count):
        EventSessionFactory(page=EventPageFactory(parent=sections["events"]))
        NewsPageFactory(parent=sections["news"], date=datetime.date(2026, 1, 1))
        CoursePageFactory(parent=sections["courses"])
        ListingFactory()


def home_html(client, path="/en/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def count_queries(client) -> int:
    client.get("/en/")  # renditions and cached site paths are made by the first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/").status_code == 200
    return len(queries)


def test_hero_fields_make_the_h1_and_the_button(client, home_page, sections):
    home_page.hero_heading = "Learn from each other"
    home_page.hero_intro = "A meeting place."
    home_page.hero_link_page = sections["news"]
    home_page.hero_link_label = "Read the news"
    home_page.save_revision().publish()
    html = home_html(client)
    assert '<h1 class="hero__heading">Learn from each other</h1>' in html
    assert html.count("<h1") == 1
    assert "A meeting place." in html
    assert f'href="{sections["news"].url}">Read the news</a>' in html


def test_featured_items_use_the_editors_wording_and_external_links(client, home_page, sections):
    home_page.featured = [
        ("page", {"page": sections["news"], "title": "What is new", "text": "Our news."}),
        ("page", {"page": sections["events"], "title": "", "text": ""}),
        ("link", {"url": "https://example.org/", "title": "Elsewhere", "text": "A friend."}),
    ]
    home_page.save_revision().publish()
    html = home_html(client)
    assert f'href="{sections["news"].url}">What is new</a>' in html
    assert "Our news." in html
    assert f'href="{sections["events"].url}">Events and webinars</a>' in html
    assert 'href="https://example.org/">Elsewhere</a>' in html


def test_automatic_blocks_show_events_news_courses_offers_and_section_counts(client, sections):
    fill(sections, 2)
    html = home_html(client)
    for heading in ("Upcoming events", "Latest news", "Courses", "Partner offers", "Sections"):
        assert f">{heading}</h2>" in html
    assert "2 items" in html


def test_empty_blocks_are_left_out(client, home_page):
    html = home_html(client)
    for heading in ("Featured", "Upcoming events", "Latest news", "Partner offers", "Sections"):
        assert f">{heading}</h2>" not in html


def test_past_events_drafts_and_hidden_offers_are_left_out(client, sections):
    past = EventPageFactory(parent=sections["events"], title="Long gone")
    EventSessionFactory(page=past, start_date=timezone.localdate() - datetime.timedelta(days=9))
    draft = NewsPageFactory(parent=sections["news"], title="Not yet", live=False)
    ListingFactory(title="Awaiting review", status=ListingStatus.PENDING)
    ListingFactory(
        title="Closed yesterday", closing_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    ListingFactory(title="Open offer")
    private = NewsPageFactory(parent=sections["news"], title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = home_html(client)
    assert "Open offer" in html
    for hidden in ("Long gone", draft.title, "Awaiting review", "Closed yesterday", "Members only"):
        assert hidden not in html
    # The private page is not counted in its section's tile either.
    assert "0 items" in html


def test_editor_chosen_courses_come_first_in_their_order(client, home_page, sections):
    first, second, _newest = (CoursePageFactory(parent=sections["courses"]) for _ in range(3))
    home_page.featured_courses = [("course", second), ("course", first)]
    home_page.save_revision().publish()
    html = home_html(client)
    block = html.split('id="home-courses"')[1].split("</section>")[0]
    assert block.index(second.title) < block.index(first.title)
    assert _newest.title not in block


def test_blocks_list_the_current_languages_pages_only(client, home_page, sections):
    from cms.core.services import object_translate

    NewsPageFactory(parent=sections["news"], title="English news")
    object_translate(instance=home_page, language_code="da", strings={})
    html = home_html(client, "/da/")
    assert "English news" not in html


def test_query_count_does_not_grow_with_items_or_sections(client, home_page, sections):
    home_page.featured = [("page", {"page": sections["news"], "title": "", "text": ""})]
    home_page.save_revision().publish()
    fill(sections, 1)
    with_one = count_queries(client)
    fill(sections, 4)
    EventIndexPageFactory(parent=home_page)
    more_news = [NewsIndexPageFactory(parent=home_page) for _ in range(3)]
    # Featured pages are loaded one query per page type (as everywhere cards are chosen), so
    # both sizes feature the same type.
    home_page.featured = [
        ("page", {"page": page, "title": "", "text": ""}) for page in [sections["news"], *more_news]
    ]
    home_page.save_revision().publish()
    with_many = count_queries(client)
    assert with_many == with_one
    assert with_one <= 40
