"""The browser set-up itself: a page served by the live server renders in chromium."""


def test_home_page_renders_in_the_browser(home_page, page, screenshot):
    response = page.goto("/en/")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main").count() == 1
    assert screenshot(page, "home").stat().st_size > 0
