"""Journey 1: a contributor writes a factsheet, an editor approves, publishes and translates it.

Two people in two browser contexts (separate cookies), each logged in through the site's own login
form, drive the Wagtail admin as they would by hand: the "Editorial review" workflow from the
data migration (Contributors submit, Editors approve), then wagtail-localize's "Translate this
page" action and its translation editor. The public page's language switcher then goes between
the English and the Danish factsheet.
"""

from django.contrib.auth.models import Group

from wagtail.models import Locale, WorkflowState

import pytest
from playwright.sync_api import expect

from cms.core.services import object_translate
from cms.factsheets.factories import FactsheetIndexPageFactory
from cms.factsheets.models import FactsheetPage
from cms.users.factories import DEFAULT_PASSWORD, UserFactory

TITLE = "Caring for textiles on display"
SUMMARY = "Light, dust and handling: what keeps textiles in good condition in the galleries."
DANISH = {
    "Title": "Pleje af udstillede tekstiler",
    "Summary": "Lys, støv og håndtering: det, der holder tekstiler i god stand i udstillingen.",
}
DANISH_SLUG = "pleje-af-udstillede-tekstiler"


@pytest.fixture
def factsheet_index(home_page):
    """The factsheets section in English and Danish: a translation needs its parent translated."""
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    object_translate(instance=home_page, language_code="da", strings={})
    object_translate(
        instance=index,
        language_code="da",
        strings={"Factsheets": "Faktaark", "factsheets": "faktaark"},
    )
    return index


def member_of(group_name: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in_to_the_admin(page, user) -> None:
    """Through the site's own login form, which sends people on to the admin."""
    page.goto("/en/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/admin/")


def translate_field(page, field: str, text: str) -> None:
    """Fill one string in wagtail-localize's translation editor and save it."""
    item = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=field, exact=True)
    )
    item.get_by_role("button", name="Translate").click()
    # wagtail-localize's text box has no accessible name; it is the only one in the field's item.
    item.get_by_role("textbox").fill(text)
    item.get_by_role("button", name="Save").click()
    expect(item.get_by_role("button", name="Edit")).to_be_visible()


def test_a_factsheet_is_written_reviewed_published_and_translated(
    factsheet_index, new_page, screenshot
):
    contributor = member_of("Contributors", email="cora@example.org")
    editor = member_of("Editors", email="edda@example.org")

    # The contributor writes the factsheet and submits it for review; she cannot publish.
    writer = new_page()
    log_in_to_the_admin(writer, contributor)
    writer.goto(f"/admin/pages/{factsheet_index.pk}/")
    writer.get_by_role("link", name="Add child page").click()
    writer.get_by_role("textbox", name="Title*").fill(TITLE)
    writer.get_by_role("textbox", name="Summary").fill(SUMMARY)
    writer.get_by_role("button", name="More actions").click()
    expect(writer.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    screenshot(writer, "contributor-writes")
    writer.get_by_role("button", name="Submit to Editorial review").click()
    expect(writer.get_by_role("status")).to_contain_text(
        f"Page '{TITLE}' created and submitted for moderation."
    )
    screenshot(writer, "contributor-submitted")

    factsheet = FactsheetPage.objects.get(title=TITLE)
    assert not factsheet.live
    assert factsheet.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert factsheet.current_workflow_state.workflow.name == "Editorial review"

    # Another person, an editor, finds it awaiting her review, approves and publishes it.
    reviewer = new_page()
    log_in_to_the_admin(reviewer, editor)
    awaiting = reviewer.get_by_role("region", name="Pages awaiting my review")
    expect(awaiting.get_by_role("listitem").filter(has_text=TITLE)).to_be_visible()
    screenshot(reviewer, "editor-dashboard")
    awaiting.get_by_role("link", name=TITLE).click()
    reviewer.get_by_role("button", name="More actions").click()
    reviewer.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(reviewer.get_by_role("status")).to_contain_text(f"Page '{TITLE}' has been updated.")
    row = reviewer.get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_role("link", name="Current page status: live")).to_be_visible()

    factsheet.refresh_from_db()
    assert factsheet.live
    assert not factsheet.has_unpublished_changes
    state = factsheet.workflow_states.get()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.task_states.get().finished_by == editor

    # She translates it into Danish with wagtail-localize and publishes the translation.
    row.get_by_role("button", name=f"More options for '{TITLE}'").click()
    row.get_by_role("link", name="Translate this page").click()
    reviewer.get_by_role("checkbox", name="Danish").check()
    reviewer.get_by_role("button", name="Submit").click()
    expect(reviewer.get_by_role("heading", name="English to Danish translation")).to_be_visible()
    danish = factsheet.get_translation(Locale.objects.get(language_code="da"))
    # Not live before it is translated: no English text under /da/ meanwhile.
    assert not danish.live
    for field, text in DANISH.items():
        translate_field(reviewer, field, text)
    screenshot(reviewer, "editor-translates")
    reviewer.get_by_role("tab", name="Promote").click()
    translate_field(reviewer, "Slug", DANISH_SLUG)
    reviewer.get_by_role("button", name="Publish in Danish").click()
    expect(reviewer.get_by_role("status")).to_contain_text(
        f"Published '{DANISH['Title']}' in Danish."
    )

    danish.refresh_from_db()
    assert danish.live
    assert danish.title == DANISH["Title"]
    assert danish.summary == DANISH["Summary"]
    assert not danish.has_unpublished_changes

    # On the public site the language switcher goes between the two.
    visitor = new_page()
    visitor.goto("/en/factsheets/caring-for-textiles-on-display/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    switcher = visitor.get_by_role("navigation", name="Language")
    screenshot(visitor, "english-page")
    switcher.get_by_role("link", name="dansk").click()
    expect(visitor).to_have_url(f"/da/faktaark/{DANISH_SLUG}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(DANISH["Title"])
    expect(visitor.locator("html")).to_have_attribute("lang", "da")
    screenshot(visitor, "danish-page")
    visitor.get_by_role("navigation", name="Sprog").get_by_role("link", name="English").click()
    expect(visitor).to_have_url("/en/factsheets/caring-for-textiles-on-display/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
