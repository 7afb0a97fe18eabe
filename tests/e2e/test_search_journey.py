"""Journey 4: a visitor searches for something said in a recording and lands on that moment.

The course is built with the courses factories around the demo recordings and their captions
(`courses/demo_media`, `courses.demo.CAPTIONS`, written to match what is spoken); the captions
service turns them into indexed transcript cues, as publishing a module does. The visitor types
into the header's search box, follows the transcript hit and finds the recording at the cue.
"""

import re
from pathlib import Path

from django.core.files.base import ContentFile

import pytest
import wagtail_factories
from playwright.sync_api import expect

from courses.demo import CAPTIONS, webvtt
from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from courses.models import ModuleCaptions, TranscriptCue
from courses.services.transcripts import transcript_rebuild

DEMO_MEDIA = Path(__file__).resolve().parents[2] / "courses" / "demo_media"
QUERY = "jump to that moment"
SPOKEN = "Learners can click a line to jump to that moment."


def recorded_module(*, course, number: int, title: str, slug: str):
    """A module playing demo recording ``number`` with its English captions as a transcript."""
    recording = wagtail_factories.DocumentFactory(
        title=f"Recording: {title}",
        file=ContentFile(
            (DEMO_MEDIA / f"sample-recording-{number}.webm").read_bytes(),
            name=f"recording-{number}.webm",
        ),
    )
    captions = wagtail_factories.DocumentFactory(
        title=f"Captions: {title}",
        file=ContentFile(
            webvtt(CAPTIONS[f"module-{number}"]["en"]).encode(), name=f"captions-{number}.vtt"
        ),
    )
    module = ModulePageFactory(
        parent=course,
        title=title,
        slug=slug,
        video_url="",
        video_file=recording,
        duration_seconds=30,
    )
    ModuleCaptions.objects.create(page=module, language="en", file=captions)
    assert not transcript_rebuild(module=module).problems
    return module


@pytest.fixture
def modules(home_page):
    index = CourseIndexPageFactory(parent=home_page, title="Courses", slug="courses")
    course = CoursePageFactory(
        parent=index, title="Accessible recordings", slug="accessible-recordings"
    )
    return [
        recorded_module(course=course, number=1, title="Why accessible media matter", slug="why"),
        recorded_module(course=course, number=2, title="Captions in practice", slug="practice"),
    ]


def test_a_phrase_spoken_in_a_recording_opens_the_module_at_that_moment(modules, page, screenshot):
    module = modules[1]
    cue = TranscriptCue.objects.get(module=module, language="en", text=SPOKEN)
    seconds = int(cue.start_seconds)

    page.goto("/en/")
    search_box = page.get_by_role("search", name="Site search").get_by_role(
        "combobox", name="Search the site"
    )
    search_box.press_sequentially(QUERY)
    search_box.press("Enter")

    results = page.get_by_role("region", name=f"1 result for “{QUERY}”")
    expect(results).to_be_visible()
    hit = results.get_by_role("listitem").filter(has_text=module.title)
    expect(hit).to_contain_text(f"Transcript · in the transcript at 0:{seconds:02d}")
    expect(hit.locator("mark").filter(has_text="jump")).to_be_visible()
    screenshot(page, "search-results")

    hit.get_by_role("link", name=module.title).click()

    expect(page).to_have_url(f"{module.url}?t={seconds}")
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
    video = page.locator("video[data-player]")
    # The player starts at the cue: the media fragment and player.js both ask for it.
    page.wait_for_function(
        "([video, seconds]) => video.readyState >= 1 && Math.abs(video.currentTime - seconds) < 1",
        arg=[video.element_handle(), seconds],
    )
    assert video.evaluate("video => video.paused")  # no autoplay: the visitor presses play
    # The transcript marks the line being spoken, which is the one the visitor searched for.
    current_line = page.get_by_role("region", name="Transcript").locator("a[aria-current=true]")
    expect(current_line).to_have_count(1)
    expect(current_line).to_contain_text(SPOKEN)
    expect(current_line).to_have_attribute("href", f"?t={seconds}#player")
    screenshot(page, "module-at-the-moment")


def test_suggestions_name_their_type_and_say_when_all_languages_are_searched(
    home_page, page, screenshot
):
    """On /it/, where nothing is written in Italian, the search box suggests English pages and
    partner listings with their type, under a note that all languages were searched."""
    from django.utils import translation

    from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
    from partnerbourse.factories import ListingFactory
    from partnerbourse.models import ListingKind

    factsheets = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    labels = FactsheetPageFactory(parent=factsheets, title="Accessible exhibition labels")
    ListingFactory(title="Accessibility partners wanted", kind=ListingKind.PARTNER_OFFER)
    with translation.override("it"):
        factsheet = str(labels._meta.verbose_name)
        offer = str(ListingKind.PARTNER_OFFER.label)
        note = translation.gettext(
            "There is no content in %(language)s yet, so all languages were searched."
        ) % {"language": translation.get_language_info("it")["name_translated"]}

    page.goto("/it/")
    search_box = page.locator("#site-search-q")
    search_box.press_sequentially("acce")

    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    first = suggestions.get_by_role("option").nth(0)
    # Read as "title, type" (the browser may put a space before the comma).
    kind = f"{factsheet[0].upper()}{factsheet[1:]}"
    expect(first).to_have_accessible_name(re.compile(rf"^{labels.title}\s*,\s*{kind}$"))
    expect(first.locator(".search-suggest__title")).to_have_attribute("lang", "en")
    expect(suggestions.get_by_role("option").nth(1)).to_contain_text(offer)
    expect(page.locator(".search-suggest__note")).to_have_text(note)
    screenshot(page, "suggestions-in-all-languages")

    search_box.press("ArrowDown")
    search_box.press("Enter")
    expect(page).to_have_url(labels.url)
