"""Journey 2: a visitor signs up, confirms the address, enrols, watches a recording in the real
player, fails a quiz and passes it, downloads the certificate and checks it through its QR code.

The recording is one of the demo course's WebM files, served by the site with byte ranges;
progress is reported by ``static/js/player.js`` itself. The test only speeds playback up, and
stays under the server's plausibility cap (``MAX_PLAYBACK_RATE``), which credits no more than
2.5 seconds of recording per second of real time.

A second journey is led on through a course of two modules: from an empty dashboard to the
catalogue, from each passed quiz to the next module, to the certificate once the course is
complete, and back to a dashboard that fits a phone. Its recordings are hosted elsewhere (the
learner confirms watching them), so it does not depend on how fast watching is credited.
"""

import re

from django.core import mail
from django.core.files.base import ContentFile

import pytest
import wagtail_factories
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from cms.users.models import User
from courses.demo import CAPTIONS, MEDIA_DIR, webvtt
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    QuizQuestionFactory,
    choice,
)
from courses.models import Certificate, Enrolment, ModuleCaptions, ModuleProgress, QuizAttempt
from courses.services.transcripts import transcript_rebuild
from tests.pdf import pdf_text, qr_codes

from .content import build_course, log_in

EMAIL = "ines.learner@example.org"
PASSWORD = "a long passphrase for the museum 7"
NAME = "Inès Duarte"
# Below the server's cap of 2.5 (courses.rules.MAX_PLAYBACK_RATE): 30 s in ~15 s.
PLAYBACK_RATE = 2


def expect_message(page, text: str) -> None:
    """A status message saying ``text`` is shown (the header's search box has a status region of
    its own, empty until suggestions arrive, so the role alone is not enough)."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


@pytest.fixture
def course(home_page):
    """A course with one required module: a 30-second recording with English captions and a
    two-question quiz (pass mark 70 %: one right answer out of two fails)."""
    index = CourseIndexPageFactory(parent=home_page, title="Courses", slug="courses")
    course = CoursePageFactory(
        parent=index,
        title="Accessible recordings",
        slug="accessible-recordings",
        cpd_hours=2,
        watched_threshold=90,
    )
    recording = wagtail_factories.DocumentFactory(
        title="Sample recording",
        file=ContentFile(
            (MEDIA_DIR / "sample-recording-1.webm").read_bytes(), name="sample-recording-1.webm"
        ),
    )
    module = ModulePageFactory(
        parent=course,
        title="Why accessible media matter",
        slug="why-accessible-media-matter",
        video_file=recording,
        video_url="",
        duration_seconds=30,
        quiz_pass_mark=70,
    )
    captions = wagtail_factories.DocumentFactory(
        title="Captions (English)",
        file=ContentFile(webvtt(CAPTIONS["module-1"]["en"]).encode(), name="captions.en.vtt"),
    )
    ModuleCaptions.objects.create(page=module, language="en", file=captions)
    transcript_rebuild(module=module)
    QuizQuestionFactory(
        page=module,
        text="How many visitors have a hearing, sight or learning impairment?",
        choices=[choice("One in five", correct=True), choice("One in fifty")],
    )
    QuizQuestionFactory(
        page=module,
        text="Which videos should you caption first?",
        choices=[choice("The most-viewed ones", correct=True), choice("The oldest ones")],
    )
    return course


def test_sign_up_learn_pass_and_verify_the_certificate(
    course, page, new_page, screenshot, live_server, settings, tmp_path
):
    # The QR code prints the site's public address; here that is the live server.
    settings.SITE_URL = live_server.url

    # Sign up from the header.
    page.goto("/en/")
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    page.get_by_label("Display name").fill(NAME)
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    screenshot(page, "sign-up")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("main")).to_contain_text("Confirm your e-mail address")
    user = User.objects.get(email=EMAIL)
    assert not EmailAddress.objects.get(user=user).verified

    # Confirm the address from the link in the e-mail.
    [message] = mail.outbox
    assert message.to == [EMAIL]
    [link] = re.findall(r"https?://\S+/accounts/confirm-email/\S+", message.body)
    page.goto(link)
    expect(page.get_by_role("main")).to_contain_text(f"Please confirm that {EMAIL}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert EmailAddress.objects.get(user=user).verified

    # Log in: the profile has the name given at sign-up, the one the certificate will carry.
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_label("Display name")).to_have_value(NAME)

    # Enrol.
    page.goto(course.url)
    page.get_by_role("button", name="Enrol in this course").click()
    expect_message(page, "You are enrolled in “Accessible recordings”")
    screenshot(page, "enrolled")
    page.get_by_role("link", name="Start: Why accessible media matter").click()

    # Watch the recording: the player reports what was played.
    expect(page.get_by_role("heading", level=1)).to_have_text("Why accessible media matter")
    video = page.locator("video[data-player]")
    expect(video.locator("track[srclang=en]")).to_have_count(1)
    expect(page.get_by_role("list").filter(has_text="Welcome to the first module")).to_be_visible()
    video.evaluate(
        "(video, rate) => { video.defaultPlaybackRate = rate; video.playbackRate = rate; }",
        PLAYBACK_RATE,
    )
    video.click()  # the native controls: a click on the picture plays
    expect(video).to_have_js_property("paused", False)
    expect(video).to_have_js_property("ended", True, timeout=45_000)
    progress_status = page.locator("[data-progress-status]")
    expect(progress_status).to_have_text(re.compile(r"You have watched (9\d|100)% "))
    screenshot(page, "watched")
    progress = ModuleProgress.objects.get(user=user)
    assert progress.watched_seconds >= 27  # 90 % of 30 s
    assert progress.completed_at is None  # the quiz is still to pass

    # The quiz: one wrong answer fails, both right pass.
    page.get_by_role("link", name="Take the quiz").click()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label("One in fifty").check()
    page.get_by_label("The most-viewed ones").check()
    screenshot(page, "quiz-first-attempt")
    page.get_by_role("button", name="Submit your answers").click()
    expect(page.get_by_role("heading", name="Not passed")).to_be_visible()
    expect(page.get_by_text("Your score: 50 % (pass mark 70 %).")).to_be_visible()
    screenshot(page, "quiz-failed")
    page.get_by_role("button", name="Try again").click()
    page.get_by_label("One in five").check()
    page.get_by_label("The most-viewed ones").check()
    page.get_by_role("button", name="Submit your answers").click()
    expect(page.get_by_role("heading", name="Passed", exact=True)).to_be_visible()
    expect(page.get_by_text("Your score: 100 % (pass mark 70 %).")).to_be_visible()
    screenshot(page, "quiz-passed")
    attempts = QuizAttempt.objects.filter(user=user).order_by("number")
    assert [attempt.passed for attempt in attempts] == [False, True]
    assert ModuleProgress.objects.get(user=user).completed_at is not None
    certificate = Certificate.objects.get(user=user, course=course)
    assert certificate.learner_name == NAME

    # The learner's dashboard lists the completed course and its certificate.
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Your learning"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your learning")
    expect(page.get_by_text("CPD hours earned: 2")).to_be_visible()
    certificate_item = (
        page.get_by_role("region", name="Your certificates")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", name="Accessible recordings"))
    )
    expect(certificate_item).to_contain_text("Valid")
    screenshot(page, "dashboard")
    with page.expect_download() as download_info:
        certificate_item.get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert NAME in text
    assert "Accessible recordings" in text

    # Anyone holding the paper can check it: the QR code leads to the verification page.
    [verification_url] = qr_codes(pdf, tmp_path)
    assert verification_url == f"{live_server.url}/en/certificates/{certificate.code}/"
    stranger = new_page()
    response = stranger.goto(verification_url)
    assert response.status == 200
    expect_message(stranger, "Valid certificate.")
    expect(stranger.get_by_role("main")).to_contain_text(NAME)
    screenshot(stranger, "verification")


# --- Led on: next module, certificate, dashboard on a phone ---------------------------------

PHONE = {"width": 390, "height": 900}
# Not a provider Wagtail's oEmbed finder knows: no request leaves, the page links the recording.
HOSTED_ELSEWHERE = "https://media.example.org/recordings/{}.mp4"


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def two_module_course(home_page):
    """A course of two required modules, each a recording hosted elsewhere with a one-question
    quiz: confirming the watching and passing the quiz completes a module."""
    index = CourseIndexPageFactory(parent=home_page, title="Courses", slug="courses")
    course = CoursePageFactory(
        parent=index, title="Caring for collections", slug="care", cpd_hours=3
    )
    modules = []
    for number, (title, answer) in enumerate(
        [("Condition reports", "Damage before a loan"), ("Light and humidity", "50 lux")], 1
    ):
        module = ModulePageFactory(
            parent=course,
            title=title,
            video_url=HOSTED_ELSEWHERE.format(number),
            duration_seconds=1200,
        )
        QuizQuestionFactory(
            page=module,
            text=f"Question on {title.lower()}?",
            choices=[choice(answer, correct=True), choice("Something else")],
        )
        modules.append(module)
    return course, modules


def finish_module(page, title: str, answer: str) -> None:
    """On a module page: confirm watching, then take and pass the quiz."""
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name="I have watched this recording").click()
    expect_message(page, "Thank you: watching is recorded.")
    page.get_by_role("link", name="Take the quiz").click()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label(answer).check()
    page.get_by_role("button", name="Submit your answers").click()
    expect(page.get_by_role("heading", name="Passed", exact=True)).to_be_visible()


def test_a_learner_is_led_from_module_to_module_to_the_certificate(
    two_module_course, page, screenshot
):
    course, (first, second) = two_module_course
    learner = User.objects.create_user(
        email=EMAIL, password=PASSWORD, first_name="Inès", last_name="Duarte"
    )
    EmailAddress.objects.create(user=learner, email=EMAIL, verified=True, primary=True)
    page.set_viewport_size(PHONE)
    page.goto("/en/")
    log_in(page, learner)

    # An empty dashboard leads to the courses, and fits a phone.
    page.goto("/en/learning/")
    expect(page.get_by_text("You are not enrolled in any course yet.")).to_be_visible()
    assert fits_the_width(page)
    screenshot(page, "dashboard-empty-phone")
    page.get_by_role("link", name="Browse the courses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    card = page.locator(".course-card").filter(has_text="Caring for collections")
    expect(card).to_contain_text("40 minutes")
    expect(card).to_contain_text("3 CPD hours")
    expect(card).to_contain_text("English")
    assert fits_the_width(page)
    screenshot(page, "course-index-phone")
    card.get_by_role("link", name="Caring for collections").click()
    page.get_by_role("button", name="Enrol in this course").click()
    expect_message(page, "You are enrolled in “Caring for collections”")
    page.get_by_role("link", name="Start: Condition reports").click()

    # Passing the first module's quiz leads on to the second module.
    finish_module(page, "Condition reports", "Damage before a loan")
    next_module = page.get_by_role("link", name="Next module: Light and humidity")
    expect(next_module).to_be_visible()
    expect(page.get_by_text("Your certificate is ready.")).to_have_count(0)
    assert fits_the_width(page)
    screenshot(page, "first-quiz-passed-phone")
    next_module.click()

    # Passing the last one completes the course: the certificate is ready, and linked.
    finish_module(page, "Light and humidity", "50 lux")
    expect(page.get_by_text("You have completed the course.")).to_be_visible()
    expect(page.get_by_text("Your certificate is ready.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Next module"))).to_have_count(0)
    assert fits_the_width(page)
    screenshot(page, "course-completed-phone")
    certificate = Certificate.objects.get(user=learner, course=course)
    assert Enrolment.objects.get(user=learner).completed_at is not None

    # The learner is told by e-mail too, with the same link.
    [message] = [m for m in mail.outbox if "certificate is ready" in m.subject]
    assert message.to == [EMAIL]
    assert f"/en/certificates/{certificate.code}/" in message.body

    page.get_by_role("link", name="See your certificate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate verification")
    expect_message(page, "Valid certificate.")
    expect(page.get_by_role("main")).to_contain_text("Inès Duarte")
    expect(page.get_by_role("main")).to_contain_text("Caring for collections")
    assert fits_the_width(page)  # a long unbroken certificate code wraps
    screenshot(page, "certificate-phone")

    # The dashboard lists the course and the certificate, and still fits a phone.
    page.goto("/en/learning/")
    expect(page.get_by_text("CPD hours earned: 3")).to_be_visible()
    certificate_item = (
        page.get_by_role("region", name="Your certificates")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", name="Caring for collections"))
    )
    expect(certificate_item).to_contain_text("Valid")
    expect(certificate_item.get_by_role("link", name="PDF")).to_be_visible()
    assert fits_the_width(page)
    screenshot(page, "dashboard-phone")

    # A finished module's page leads on as well.
    page.goto(first.url)
    expect(page.get_by_text("You have completed this module.")).to_be_visible()
    expect(page.get_by_role("link", name="Next module: Light and humidity")).to_be_visible()
    assert second.url.endswith(
        page.get_by_role("link", name="Next module: Light and humidity").get_attribute("href")
    )


def test_the_transcript_sits_beside_the_video_on_wide_screens(home_page, page, screenshot):
    """From 64em the transcript is beside the player, so a line clicked there shows its
    picture; on a phone it follows the player."""
    _index, _course, module = build_course(home_page)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(module.url)
    video = page.locator("video[data-player]").bounding_box()
    transcript = page.locator("[data-transcript]").bounding_box()
    assert transcript["x"] >= video["x"] + video["width"]  # beside it
    assert transcript["y"] < video["y"] + video["height"]  # level with it
    screenshot(page, "module-wide")

    page.set_viewport_size(PHONE)
    video = page.locator("video[data-player]").bounding_box()
    transcript = page.locator("[data-transcript]").bounding_box()
    assert transcript["y"] >= video["y"] + video["height"]  # below it
    assert fits_the_width(page)
    screenshot(page, "module-phone")
