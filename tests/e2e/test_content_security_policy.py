"""The Content-Security-Policy as chromium enforces it: the admin works under its policy, its
preview panel shows the page (the site's own frame-ancestors 'none' once blocked it), and public
pages run their scripts.

Chromium reports every refused script, style, frame, form or eval on the console of the page
that did it (a framed preview's too), whether or not the page's own code caught the error; each
test fails on any such report.
"""

from django.conf import settings
from django.test import Client

from wagtail.images.tests.utils import get_test_image_file

import pytest
from playwright.sync_api import expect
from wagtail_localize.models import Translation, TranslationSource

from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.users.factories import UserFactory
from courses.services.enrolment import enrolment_create
from partnerbourse.factories import ListingFactory

from .content import body, build_course

# What chromium writes when a policy, or X-Frame-Options, refuses something.
REFUSALS = ("Content Security Policy", "X-Frame-Options", "Refused to")


class PolicyReports:
    """The console reports of refusals, from every frame of every tab of the page's context (a
    preview opened in a new tab is watched from its first message)."""

    def __init__(self, page):
        self.page = page
        self.reports: list[str] = []
        page.context.on("console", self._console)

    def _console(self, message) -> None:
        if any(marker in message.text for marker in REFUSALS):
            where = message.page.url if message.page else "?"
            self.reports.append(f"{where}: {message.text.strip()}")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None, url
        assert response.status == 200, f"{url} answered {response.status}"
        self.page.wait_for_load_state("networkidle")

    def assert_none(self) -> None:
        assert not self.reports, "Refused by the policy:\n" + "\n".join(self.reports)


@pytest.fixture
def reports(page):
    return PolicyReports(page)


def log_in(page, user) -> None:
    """A session for ``user`` on the whole site, the admin included (the page must already be on
    the site, whose address the cookie is set for)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    origin = page.url.split("/", 3)[:3]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": "/".join(origin) + "/"}]
    )


@pytest.fixture
def factsheet(home_page):
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    return FactsheetPageFactory(
        parent=index,
        title="Caring for textiles on display",
        summary="Light, dust and handling.",
        body=body(),
    )


@pytest.fixture
def administrator(page, home_page):
    page.goto("/en/")
    log_in(page, UserFactory(superuser=True))


# The preview panel


def test_the_page_editors_preview_panel_shows_the_page(
    factsheet, administrator, page, reports, screenshot
):
    # Wagtail compares the form with a snapshot taken 2 s after its change watcher connects (it
    # connects twice on this screen): an edit typed before the last snapshot would become part of
    # it and never count as a change. Count both so the test can wait for the last.
    page.add_init_script(
        """
        window.unsavedWatchers = 0;
        window.unsavedSnapshots = 0;
        document.addEventListener("w-unsaved:ready", () => { window.unsavedWatchers += 1; });
        document.addEventListener("w-unsaved:watch-edits", () => { window.unsavedSnapshots += 1; });
        """
    )
    reports.visit(f"/admin/pages/{factsheet.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()

    # Wagtail loads each update in a second frame (w-preview__proxy) and swaps it in once loaded.
    preview = page.frame_locator("iframe[title='Preview']:not(.w-preview__proxy)")
    expect(preview.get_by_role("heading", level=1)).to_have_text(factsheet.title)
    expect(preview.get_by_role("heading", name="Why it matters")).to_be_visible()
    # It follows the editor's changes.
    page.wait_for_function(
        "() => window.unsavedWatchers > 0 && window.unsavedSnapshots >= window.unsavedWatchers"
    )
    page.locator("#id_title").fill("Caring for textiles in storage")
    # The panel re-renders after a pause in typing and a round trip: slow on a busy machine.
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Caring for textiles in storage", timeout=30_000
    )
    screenshot(page, "preview-panel")

    # "Preview in new tab" opens the same preview on its own.
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Preview in new tab").click()
    tab = new_tab.value
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        "Caring for textiles in storage", timeout=30_000
    )
    tab.wait_for_load_state("networkidle")

    reports.assert_none()


# The admin's main screens


def test_the_admins_main_screens_raise_no_policy_report(
    factsheet, administrator, page, reports, screenshot
):
    for url in (
        "/admin/",
        f"/admin/pages/{factsheet.get_parent().pk}/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/workflows/list/",
        "/admin/partner-board/pending/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/links/",
        "/admin/reports/courses/",
        "/admin/localize/reports/translations/",
    ):
        reports.visit(url)

    # Uploads: the multiple upload screens, with a file of each kind.
    reports.visit("/admin/images/multiple/add/")
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "gallery.png",
                "mimeType": "image/png",
                "buffer": get_test_image_file().file.getvalue(),
            }
        ]
    )
    expect(page.get_by_text("Upload successful. Please update this image")).to_be_visible()
    reports.visit("/admin/documents/multiple/add/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Handling notes.\n"}]
    )
    expect(page.get_by_text("Upload successful. Please update this document")).to_be_visible()
    screenshot(page, "document-upload")

    # The page editor: StreamField, the rich text and table blocks, the date widget.
    reports.visit(f"/admin/pages/{factsheet.pk}/edit/")
    body_field = page.locator("[data-contentpath='body']")
    body_field.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Table").click()
    expect(body_field.locator(".handsontable").first).to_be_visible()
    body_field.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Paragraph").click()
    date_field = page.get_by_role("textbox", name="Date*")
    date_field.click()
    screenshot(page, "page-editor")
    # Leaving the field closes its calendar, which would otherwise cover the tabs.
    date_field.press("Tab")
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)

    # The image chooser, in its modal: the image just uploaded becomes the listing image.
    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("button", name="Choose an image").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name="gallery").click()
    expect(chooser).to_be_hidden()
    expect(page.locator("[data-contentpath='listing_image']")).to_contain_text("gallery")
    screenshot(page, "image-chosen")

    reports.assert_none()


def test_wagtail_localizes_editor_raises_no_policy_report(
    factsheet, administrator, page, reports, locales, screenshot
):
    source, _created = TranslationSource.get_or_create_from_instance(factsheet)
    danish = factsheet.copy_for_translation(locales["da"], copy_parents=True)
    Translation.objects.create(source=source, target_locale=locales["da"])

    reports.visit(f"/admin/pages/{danish.pk}/edit/")
    expect(page.get_by_role("heading", name="English to Danish translation")).to_be_visible()
    screenshot(page, "translation-editor")
    # Its preview opens in a tab of its own.
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Preview").click()
    tab = new_tab.value
    expect(tab.get_by_role("heading", level=1)).to_have_text(factsheet.title)
    expect(tab.locator("html")).to_have_attribute("lang", "da")
    tab.wait_for_load_state("networkidle")
    screenshot(tab, "translation-preview")

    reports.assert_none()


# The public site


def test_public_pages_run_their_scripts_under_the_policy(home_page, factsheet, page, reports):
    _index, course, module = build_course(home_page)
    ListingFactory(title="Partners wanted for textile storage")
    learner = UserFactory()
    enrolment_create(user=learner, course=course)

    for url in ("/en/", factsheet.url, "/en/search/?q=textile", "/en/partners/", course.url):
        reports.visit(url)
    # The search box's suggestions (search-suggest.js) ask the site as one types.
    page.get_by_role("combobox", name="Search the site").fill("text")
    page.wait_for_load_state("networkidle")
    log_in(page, learner)
    reports.visit(module.url)
    page.locator("video").evaluate("video => { video.muted = true; video.currentTime = 7; }")
    expect(page.locator("[data-transcript] a[aria-current]")).to_have_count(1)

    reports.assert_none()
