"""The course page (outline with each module's status, enrolment actions) and the module page
(player, chapters, interactive transcript, quiz call to action), in constant queries."""

import datetime as dt
import re

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

import pytest
import wagtail_factories

from cms.users.factories import UserFactory
from courses.factories import ModulePageFactory, QuizQuestionFactory
from courses.models import ModuleCaptions, ModuleChapter, ModuleProgress, TranscriptCue
from courses.services.enrolment import enrolment_create

COMPLETED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _cached_embeds(db):
    """The factory's YouTube URL, answered from Wagtail's embed cache: no request leaves."""
    url = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    Embed.objects.create(
        url=url,
        max_width=None,
        hash=get_embed_hash(url),
        type="video",
        html='<iframe title="Module video" src="https://www.youtube-nocookie.com/embed/a"></iframe>',
        provider_name="YouTube",
    )


@pytest.fixture(autouse=True)
def _english():
    """Requests activate their page's language; reverse() here expects English."""
    with translation.override("en"):
        yield


@pytest.fixture
def learner(client, user, course):
    enrolment_create(user=user, course=course)
    client.force_login(user)
    return user


def page_html(client, page, **params) -> str:
    response = client.get(page.get_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def assert_csp_clean(html: str) -> None:
    """Strict CSP: no inline scripts, no style attributes."""
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all("src=" in tag or 'type="application/ld+json"' in tag for tag in scripts)
    assert " style=" not in html


# --- Course page ------------------------------------------------------------------------------


def test_course_page_shows_the_course_and_its_modules_in_order(client, course, modules):
    course.learning_outcomes = [("outcome", "Plan a condition survey")]
    course.prerequisites = "<p>Basic collections care</p>"
    course.save_revision().publish()

    html = page_html(client, course)

    assert "Plan a condition survey" in html
    assert "Basic collections care" in html
    assert "3 CPD hours" in html
    assert html.index("Module one") < html.index("Module two")
    assert f'href="{modules[0].get_url()}"' in html
    assert "Not started" not in html  # no status for visitors
    assert_csp_clean(html)


def test_course_page_shows_each_module_status_in_words(client, learner, course, modules):
    QuizQuestionFactory(page=modules[1])
    ModuleProgress.objects.create(
        user=learner, module=modules[0], watched_seconds=600, completed_at=COMPLETED
    )
    ModuleProgress.objects.create(user=learner, module=modules[1], watched_seconds=150)

    html = page_html(client, course)

    assert "Completed" in html
    assert "In progress: 25% watched" in html
    assert "Quiz to pass" in html
    assert "1 of 2 required modules complete." in html
    assert 'value="50"' in html  # the course's progress bar, with the figure written out too
    assert "Resume: Module two" in html


def test_course_page_does_not_show_another_learners_progress(client, course, modules):
    other = UserFactory()
    enrolment_create(user=other, course=course)
    ModuleProgress.objects.create(
        user=other, module=modules[0], watched_seconds=600, completed_at=COMPLETED
    )
    me = UserFactory()
    enrolment_create(user=me, course=course)
    client.force_login(me)

    html = page_html(client, course)

    assert "Completed" not in html
    assert "0 of 2 required modules complete." in html


def queries_for(client, page) -> int:
    with CaptureQueriesContext(connection) as context:
        page_html(client, page)
    return len(context.captured_queries)


def test_course_page_queries_do_not_grow_with_modules(client, learner, course, modules):
    QuizQuestionFactory(page=modules[0])
    for module in modules:
        ModuleProgress.objects.create(user=learner, module=module, watched_seconds=10)
    queries_for(client, course)  # warm caches (site root paths, locales)
    few = queries_for(client, course)

    for n in range(4):
        module = ModulePageFactory(parent=course, title=f"Extra {n}")
        QuizQuestionFactory(page=module)
        ModuleProgress.objects.create(user=learner, module=module, watched_seconds=20)

    assert queries_for(client, course) == few


def test_course_page_in_another_language_shows_translations(
    client, learner, course, modules, locales
):
    german_course = course.copy_for_translation(locales["de"], copy_parents=True)
    german_course.title = "Sammlungspflege"
    german_course.save_revision().publish()
    german_module = modules[0].copy_for_translation(locales["de"])
    german_module.title = "Erstes Modul"
    german_module.save_revision().publish()

    html = page_html(client, german_course)

    assert "Erstes Modul" in html
    assert "Module two" in html  # not translated yet: the English one is shown
    assert "Erstes Modul" in html.split('class="enrolment-actions"')[1]  # the start link
    # Learning records point at the English course, whichever language the learner reads.
    assert reverse("courses:unenrol", args=[course.pk]).replace("/en/", "/de/") in html


# --- Module page ------------------------------------------------------------------------------


@pytest.fixture
def recorded_module(course):
    """A module with an uploaded recording, captions in two languages, chapters and cues."""
    video = wagtail_factories.DocumentFactory(
        title="Recording", file=ContentFile(b"webm", name="recording.webm")
    )
    module = ModulePageFactory(
        parent=course, title="Recorded", video_file=video, video_url="", duration_seconds=120
    )
    for language in ("en", "de"):
        ModuleCaptions.objects.create(
            page=module,
            language=language,
            file=wagtail_factories.DocumentFactory(
                file=ContentFile(b"WEBVTT\n", name=f"captions-{language}.vtt")
            ),
        )
        ModuleChapter.objects.create(
            page=module, title="Introduction", start_seconds=0, locale=module.locale
        ) if language == "en" else None
    ModuleChapter.objects.create(
        page=module, title="Storage conditions", start_seconds=75, locale=module.locale
    )
    cues = [(0, 4.5, "Welcome to the course."), (4.5, 9.25, "Today: storage & light.")]
    for position, (start, end, text) in enumerate(cues):
        TranscriptCue.objects.create(
            module=module,
            language="en",
            position=position,
            start_seconds=start,
            end_seconds=end,
            text=text,
        )
    return module


def test_module_page_plays_the_recording_with_a_track_per_captions_language(
    client, learner, recorded_module
):
    html = page_html(client, recorded_module)

    assert f'src="{recorded_module.video_src}"' in html
    assert html.count("<track ") == 2
    assert f'src="{recorded_module.captions_src("en")}" srclang="en"' in html
    assert re.search(r'srclang="en"[^>]*default', html)
    assert not re.search(r'srclang="de"[^>]*default', html)
    assert 'src="/static/js/player.js"' in html
    assert_csp_clean(html)


def test_transcript_and_chapters_are_links_that_work_without_javascript(client, recorded_module):
    html = page_html(client, recorded_module)

    assert 'href="?t=4#player" data-seek="4.5" data-end="9.25"' in html
    assert "Today: storage &amp; light." in html
    assert '<time datetime="PT1M15S">1:15</time> Storage conditions' in html
    assert 'href="?t=75#player"' in html


def test_a_translated_module_shows_the_transcript_with_unlocalised_times(
    client, recorded_module, locales
):
    german = recorded_module.copy_for_translation(locales["de"], copy_parents=True)
    german.save_revision().publish()

    html = page_html(client, german)

    # The cues of the default-language recording, with times as the player reads them (German
    # number formatting would write 4,5).
    assert 'data-seek="4.5" data-end="9.25"' in html
    assert 'lang="en"' in html


def test_quiz_call_to_action_appears_only_with_questions(client, learner, modules):
    quiz_url = reverse("courses:quiz", args=[modules[0].pk])
    assert quiz_url not in page_html(client, modules[0])

    QuizQuestionFactory(page=modules[0])
    html = page_html(client, modules[0])

    assert quiz_url in html
    assert "Pass the quiz to complete this module." in html


def test_visitors_are_invited_to_enrol_and_nothing_reports(client, recorded_module):
    html = page_html(client, recorded_module)

    assert "data-progress-url" not in html
    assert "and enrol in the course to record your progress" in html


def test_module_page_queries_do_not_grow_with_cues(client, learner, recorded_module):
    queries_for(client, recorded_module)
    few = queries_for(client, recorded_module)
    for position in range(2, 60):
        TranscriptCue.objects.create(
            module=recorded_module,
            language="en",
            position=position,
            start_seconds=position * 5,
            end_seconds=position * 5 + 5,
            text=f"Line {position}",
        )
        ModuleChapter.objects.create(
            page=recorded_module,
            title=f"Part {position}",
            start_seconds=position * 5,
            locale=recorded_module.locale,
        )

    assert queries_for(client, recorded_module) == few
