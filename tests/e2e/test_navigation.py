"""The main menu in a browser: every section index within two steps at desktop and phone width,
the phone's menu button by keyboard, a compact phone header, and the menu without JavaScript."""

import pytest
from playwright.sync_api import expect

from cms.guides.factories import GuideIndexPageFactory
from cms.standardpages.factories import StandardPageFactory
from courses.factories import CourseIndexPageFactory

from .content import SECTIONS
from .test_accessibility import AXE_JS, AxeAudit

GROUP_OF = {
    "factsheets": "Learn",
    "bestpractices": "Learn",
    "syllabi": "Learn",
    "linkcollections": "Resources",
    "resources": "Resources",
    "tools": "Resources",
    "events": "Community",
    "news": "Community",
    "articles": "More",
}


def build_sections(home_page) -> list[tuple[str, str, str]]:
    """One index per section type, as (group, title, url)."""
    built = []
    for name, (index_factory, _page_factory) in SECTIONS.items():
        index = index_factory(parent=home_page, title=f"{name.title()} index", slug=name)
        built.append((GROUP_OF[name], index.title, index.url))
    courses = CourseIndexPageFactory(parent=home_page, title="Courses", slug="courses")
    guides = GuideIndexPageFactory(parent=home_page, title="Guides", slug="guides")
    StandardPageFactory(parent=home_page, title="About", slug="about", show_in_menus=True)
    return [*built, ("Learn", courses.title, courses.url), ("Learn", guides.title, guides.url)]


def menu(page):
    return page.get_by_role("navigation", name="Main")


def test_every_section_is_two_clicks_away_on_a_desktop(home_page, page, screenshot):
    sections = build_sections(home_page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/en/")
    screenshot(page, "desktop-home")

    for number, (group, title, url) in enumerate(sections):
        page.goto("/en/")
        toggle = menu(page).get_by_role("button", name=group)
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        if number == 0:
            screenshot(page, "desktop-group-open")
        menu(page).get_by_role("link", name=title, exact=True).click()
        page.wait_for_url(f"**{url}")


def test_the_phone_header_is_compact_and_the_menu_button_works_by_keyboard(
    home_page, page, screenshot
):
    sections = build_sections(home_page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/")

    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 180, header
    screenshot(page, "phone-closed")
    expect(menu(page)).to_be_hidden()

    button = page.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-menu")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu(page)).to_be_visible()
    screenshot(page, "phone-open")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(menu(page)).to_be_hidden()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("type", "search")

    for _group, title, url in sections:
        page.goto("/en/")
        page.get_by_role("button", name="Menu").click()
        menu(page).get_by_role("link", name=title, exact=True).click()
        page.wait_for_url(f"**{url}")


def test_without_javascript_the_menu_is_a_plain_visible_list(
    home_page, browser, live_server, site_db, screenshot
):
    sections = build_sections(home_page)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/en/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        for _group, title, _url in sections:
            expect(menu(page).get_by_role("link", name=title, exact=True)).to_be_visible()
        screenshot(page, "phone-without-javascript")
    finally:
        context.close()


@pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core is missing (needs npm)")
@pytest.mark.parametrize("width", [1280, 390])
def test_the_menu_and_sitemap_are_accessible(home_page, page, screenshot, width):
    build_sections(home_page)
    audit = AxeAudit(page)
    page.set_viewport_size({"width": width, "height": 844})
    audit.visit("/en/", f"home, menu closed, {width}px")
    if width < 600:
        page.get_by_role("button", name="Menu").click()
    else:
        menu(page).get_by_role("button", name="Learn").click()
    audit.check(f"home, menu open, {width}px")
    audit.visit("/en/sitemap/", f"sitemap, {width}px")
    screenshot(page, f"sitemap-{width}")
    audit.assert_clean()
