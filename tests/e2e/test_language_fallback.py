"""Switching language on a page not yet translated: the same page, in English, with a notice in
the chosen language; never the chosen language's home page."""

import pytest

from cms.core.services import object_translate
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory


@pytest.fixture
def untranslated_factsheet(home_page):
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    page = FactsheetPageFactory(
        parent=index,
        title="Lighting fragile objects",
        slug="lighting",
        summary="How much light paper, textiles and photographs can take.",
    )
    object_translate(instance=home_page, language_code="da", strings={})
    object_translate(
        instance=index,
        language_code="da",
        strings={"Factsheets": "Faktaark", "factsheets": "faktaark"},
    )
    return page


@pytest.mark.parametrize("width", [1280, 390])
def test_switching_language_on_an_untranslated_page_shows_the_notice(
    untranslated_factsheet, page, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/en/factsheets/lighting/")

    switcher = page.locator("nav.language-switcher")
    if not switcher.is_visible():
        # Narrow screens may fold the switcher behind a button.
        page.get_by_role("button", name="Language").first.click()
    switcher.get_by_role("link", name="Dansk").click()

    page.wait_for_url("**/da/factsheets/lighting/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("main").get_attribute("lang") == "en"
    notice = page.locator(".translation-notice")
    assert notice.is_visible()
    assert notice.get_attribute("lang") == "da"
    assert notice.inner_text() == "Endnu ikke tilgængelig på Dansk — vises på English"
    assert page.get_by_role("heading", level=1).inner_text() == "Lighting fragile objects"
    screenshot(page, f"fallback-da-{width}")
