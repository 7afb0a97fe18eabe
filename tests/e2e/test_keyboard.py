"""Keyboard-only use of the module player, its interactive transcript and a quiz.

No mouse: focus moves with Tab and Shift+Tab, and controls are worked with Enter, Space and the
arrow keys, as someone who cannot use a pointer does. Each step also checks that the focused
control shows where focus is.
"""

import pytest
from playwright.sync_api import expect

from cms.users.factories import UserFactory
from courses.models import QuizAttempt
from courses.services.enrolment import enrolment_create

from .content import build_course, build_section, log_in

# More than any page here needs to reach its last control, few enough to fail fast.
MAX_TABS = 80

FOCUSED = """() => {
    const element = document.activeElement;
    const label = element.closest("label");
    // A card's link rings the whole card: its focus style is drawn on the ::after layer.
    const styles = [getComputedStyle(element), getComputedStyle(element, "::after")];
    const width = style => style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
    return {
        tag: element.tagName,
        type: element.type || "",
        text: (label || element).textContent.replace(/\\s+/g, " ").trim(),
        legend: element.closest("fieldset")?.querySelector("legend")?.textContent || "",
        checked: !!element.checked,
        inTranscript: !!element.closest("[data-transcript]"),
        isBody: element === document.body,
        html: element.outerHTML.slice(0, 120),
        focusVisible: element.matches(":focus-visible"),
        outline: Math.max(...styles.map(width)),
        ring: styles.some(style => style.boxShadow !== "none"),
    };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, matches, *, key: str = "Tab") -> dict:
    """Press Tab (or ``key``) until the focused element satisfies ``matches``; that element."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError(f"{key} never reached the element; focus ended on {focused(page)}")


def assert_focus_visible(element: dict) -> None:
    assert element["focusVisible"], element
    # The site's focus style: a solid outline of at least 2 px (WCAG 2.2 focus appearance).
    assert element["outline"] >= 2 or element["ring"], element


@pytest.fixture
def learner_on(page, home_page):
    """Log an enrolled learner into the browser; returns (module, learner)."""

    def set_up(*, questions: bool = False):
        _index, course, module = build_course(home_page, questions=questions)
        learner = UserFactory()
        enrolment_create(user=learner, course=course)
        page.goto("/en/")
        log_in(page, learner)
        return module, learner

    return set_up


def test_every_control_shows_where_focus_is(page, home_page):
    """Tab through a section index (filters, cards, pagination, feeds, footer): each control
    that takes focus shows it, and focus reaches the end of the page and wraps round."""
    (index_url, _label), *_others = build_section(home_page, "factsheets")
    page.goto(index_url)

    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["isBody"] or (seen and element["html"] == seen[0]["html"]):
            break
        assert_focus_visible(element)
        seen.append(element)
    else:
        raise AssertionError(f"focus did not leave the page after {MAX_TABS} Tabs")
    assert seen[0]["text"] == "Skip to main content"
    assert any(element["tag"] in {"SELECT", "INPUT"} for element in seen)  # the filters


def video_state(page) -> dict:
    return page.locator("video").evaluate(
        "video => ({paused: video.paused, time: video.currentTime})"
    )


def test_the_player_plays_pauses_and_seeks_from_the_keyboard(page, learner_on):
    module, _learner = learner_on()
    page.goto(module.url)
    video = page.locator("video")
    # Metadata first, so the duration is known when the keys arrive.
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")

    element = tab_to(page, lambda element: element["tag"] == "VIDEO")
    assert_focus_visible(element)

    page.keyboard.press("Space")
    expect(video).to_have_js_property("paused", False)
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5")
    page.keyboard.press("Space")
    expect(video).to_have_js_property("paused", True)

    before = video_state(page)["time"]
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('video').currentTime >= {before + 4}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => document.querySelector('video').currentTime <= {before + 1}")
    assert focused(page)["tag"] == "VIDEO"


def test_transcript_lines_are_reached_with_tab_and_seek_with_enter(page, learner_on):
    module, _learner = learner_on()
    page.goto(module.url)
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    video = page.locator("video")

    first = tab_to(page, lambda element: element["inTranscript"])
    assert "Welcome to caring for collections." in first["text"]
    assert_focus_visible(first)
    line = tab_to(page, lambda element: "relative humidity" in element["text"])
    assert_focus_visible(line)
    page.keyboard.press("Enter")

    page.wait_for_function("() => document.querySelector('video').currentTime >= 12")
    expect(video).to_have_js_property("paused", False)
    # The line being spoken is marked, and focus stays on the line for the next key press.
    expect(
        page.locator("[data-transcript] a[aria-current]", has_text="relative humidity")
    ).to_be_visible()
    assert "relative humidity" in focused(page)["text"]
    assert "?t=12" in page.url

    # Back one line with Shift+Tab and play from there.
    earlier = tab_to(page, lambda element: "condition report" in element["text"], key="Shift+Tab")
    assert_focus_visible(earlier)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { const t = document.querySelector('video').currentTime; return t >= 6 && t < 12; }"
    )


def choose(page, question: str, answer: str) -> None:
    """Tab into the question's group and move with the arrow keys to the answer (radios)."""
    tab_to(page, lambda element: question in element["legend"])
    for _ in range(6):
        element = focused(page)
        if element["text"] == answer:
            if not element["checked"]:  # focus lands on the first radio without choosing it
                page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
    element = focused(page)
    assert element["text"] == answer and element["checked"], element
    assert_focus_visible(element)


def tick(page, question: str, answer: str) -> None:
    """Tab to the checkbox of the answer and tick it with Space."""
    element = tab_to(
        page, lambda element: question in element["legend"] and element["text"] == answer
    )
    assert_focus_visible(element)
    page.keyboard.press("Space")
    assert focused(page)["checked"]


def test_a_quiz_is_answered_and_submitted_from_the_keyboard(page, learner_on):
    module, learner = learner_on(questions=True)
    page.goto(f"/en/learning/quiz/{module.pk}/")

    start = tab_to(page, lambda element: element["text"] == "Start the quiz")
    assert_focus_visible(start)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Submit your answers")).to_be_visible()

    choose(page, "What does a condition report record?", "Right")
    tick(page, "Which are agents of deterioration?", "Light")
    tick(page, "Which are agents of deterioration?", "Pests")
    choose(page, "Silica gel raises relative humidity.", "False")
    answer = tab_to(page, lambda element: element["tag"] == "INPUT" and element["type"] == "text")
    assert_focus_visible(answer)
    page.keyboard.type("hygrometer")
    submit = tab_to(page, lambda element: element["text"] == "Submit your answers")
    assert_focus_visible(submit)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Passed")).to_be_visible()
    expect(page.get_by_text("Your score: 100 %")).to_be_visible()
    attempt = QuizAttempt.objects.get(user=learner, module=module)
    assert attempt.passed is True
    assert attempt.score_percent == 100
