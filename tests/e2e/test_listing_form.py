"""The listing form in a browser: it fits on about two screens at 1280 px, the long country and
language lists filter as you type and show the choices as removable chips, and a form with
errors comes back with a summary whose links lead to the fields."""

import pytest
from playwright.sync_api import expect

from cms.core.models import Theme
from partnerbourse.factories import OrganisationFactory

from .test_partner_journey import log_in, member_of

VIEWPORT_HEIGHT = 900
# Two screens, plus a little for fonts that render taller on some machines.
MAX_HEIGHT = 2 * VIEWPORT_HEIGHT + 40


@pytest.fixture
def poster(home_page):
    for name in ("Digitisation", "Intangible heritage", "Museum education", "Conservation"):
        Theme.objects.create(name=name, locale=home_page.locale)
    museum = OrganisationFactory(name="Harbour Life Museum", country="DK", verified=True)
    return member_of(museum, email="pia.poster@harbour-museum.example", name="Pia Poulsen"), museum


def test_the_listing_form_is_short_filterable_and_explains_its_errors(page, poster, screenshot):
    user, museum = poster
    page.set_viewport_size({"width": 1280, "height": VIEWPORT_HEIGHT})
    log_in(page, user)
    page.goto(f"/en/partners/my/organisations/{museum.pk}/listings/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("New listing")

    screenshot(page, "listing form 1280")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= MAX_HEIGHT, f"the form is {height} px tall at 1280 px"

    # The filter box narrows the wanted countries to Switzerland; a chip shows the choice.
    wanted = page.get_by_role("group", name="Countries wanted")
    wanted.get_by_role("searchbox", name="Filter the list").fill("switz")
    expect(wanted.get_by_role("status")).to_have_text("1 of 46 shown")
    expect(wanted.get_by_role("checkbox", name="Austria")).to_be_hidden()
    wanted.get_by_role("checkbox", name="Switzerland").check()
    chip = wanted.get_by_role("button", name="Remove Switzerland")
    expect(chip).to_be_visible()
    # Enter in the filter box must not submit the half-filled form.
    wanted.get_by_role("searchbox", name="Filter the list").press("Enter")
    expect(page).to_have_url(f"/en/partners/my/organisations/{museum.pk}/listings/new/")
    wanted.get_by_role("searchbox", name="Filter the list").fill("")
    wanted.get_by_role("checkbox", name="Austria").check()
    wanted.get_by_role("button", name="Remove Austria").click()
    expect(wanted.get_by_role("checkbox", name="Austria")).not_to_be_checked()
    expect(wanted.get_by_role("button", name="Remove Austria")).to_have_count(0)

    # Without title and dates the form comes back with a summary linking to the fields.
    page.get_by_label("Description").fill("We digitise glass plate negatives of harbour life.")
    page.get_by_role("button", name="Publish").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following:")
    summary.get_by_role("link", name="Title: This field is required.").click()
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    expect(page.get_by_label("Title", exact=True)).to_have_attribute("aria-invalid", "true")
    # Everything entered is kept.
    expect(page.get_by_label("Description")).to_have_value(
        "We digitise glass plate negatives of harbour life."
    )
    expect(wanted.get_by_role("checkbox", name="Switzerland")).to_be_checked()
    expect(wanted.get_by_role("button", name="Remove Switzerland")).to_be_visible()
    screenshot(page, "listing form with errors 1280")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "listing form with errors 390")
