"""The demo course: load_demo builds it from the shipped sample recordings, a second run adds
nothing, and its pages render with player, captions and transcript.

The demo is loaded once for the module inside a transaction rolled back at the end (as in
``tests/content/test_demo_content.py``); each test runs in a savepoint within it.
"""

import io
from collections import Counter

from django.core.management import call_command
from django.db import transaction

from wagtail.documents import get_document_model

import pytest

from courses.demo import COURSE_SLUG, INDEX_SLUG, MEDIA_DIR
from courses.models import (
    CertificateTemplate,
    CourseIndexPage,
    CoursePage,
    ModuleCaptions,
    ModuleChapter,
    ModulePage,
    QuestionKind,
    QuizQuestion,
    TranscriptCue,
)

MAX_RECORDING_BYTES = 300 * 1024
WEBM_MAGIC = b"\x1a\x45\xdf\xa3"  # EBML header of Matroska/WebM


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_site, db):
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    return course, list(ModulePage.objects.child_of(course).order_by("path"))


def counts() -> Counter:
    return Counter(
        {
            "indexes": CourseIndexPage.objects.count(),
            "courses": CoursePage.objects.count(),
            "modules": ModulePage.objects.count(),
            "questions": QuizQuestion.objects.count(),
            "chapters": ModuleChapter.objects.count(),
            "captions": ModuleCaptions.objects.count(),
            "cues": TranscriptCue.objects.count(),
            "templates": CertificateTemplate.objects.count(),
            "documents": get_document_model().objects.count(),
        }
    )


def test_demo_course_is_published_under_a_courses_index_in_the_menu(demo):
    course, modules = demo
    index = course.get_parent().specific
    assert isinstance(index, CourseIndexPage)
    assert index.slug == INDEX_SLUG and index.live and index.show_in_menus
    assert index.get_parent().depth == 2  # the home page
    assert course.live
    assert course.certificate_template is not None
    assert course.certificate_template.logo is not None
    assert course.certificate_template.signature_image is None  # no drawn stand-in
    assert len(modules) == 2
    assert all(module.live and module.is_required for module in modules)


def test_modules_play_the_shipped_recordings(demo):
    _course, modules = demo
    for number, module in enumerate(modules, start=1):
        shipped = (MEDIA_DIR / f"sample-recording-{number}.webm").read_bytes()
        assert len(shipped) <= MAX_RECORDING_BYTES
        assert shipped.startswith(WEBM_MAGIC)
        video = module.video_file
        assert video is not None and video.file.name.endswith(".webm")
        with video.file.open("rb") as uploaded:
            assert uploaded.read() == shipped
        assert module.duration_seconds == 30
        assert not module.video_url


def test_modules_have_captions_transcripts_chapters_and_quizzes(demo):
    _course, modules = demo
    for module in modules:
        languages = sorted(module.captions.values_list("language", flat=True))
        assert languages == ["da", "de", "en"]
        for captions in module.captions.select_related("file"):
            with captions.file.file.open("rb") as handle:
                assert handle.read().startswith(b"WEBVTT")
        cue_languages = set(
            TranscriptCue.objects.filter(module=module).values_list("language", flat=True)
        )
        assert cue_languages == {"da", "de", "en"}
        last_cue = TranscriptCue.objects.filter(module=module, language="en").last()
        assert last_cue.end_seconds <= module.duration_seconds

        chapters = list(module.chapters.order_by("start_seconds"))
        assert len(chapters) >= 2 and chapters[0].start_seconds == 0
        assert all(chapter.start_seconds < module.duration_seconds for chapter in chapters)

        questions = list(module.questions.all())
        assert len({question.kind for question in questions}) >= 3
        for question in questions:
            if question.kind == QuestionKind.SINGLE_CHOICE:
                assert sum(block.value["is_correct"] for block in question.choices) == 1
            elif question.kind == QuestionKind.MULTIPLE_CHOICE:
                assert any(block.value["is_correct"] for block in question.choices)
            elif question.kind == QuestionKind.SHORT_ANSWER:
                assert question.accepted_answers.strip()
            if question.review_at_seconds is not None:
                assert question.review_at_seconds < module.duration_seconds


def test_loading_again_adds_nothing(demo):
    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    # The course and its modules in all five languages.
    assert before["courses"] == 5 and before["modules"] == 10


def test_course_and_modules_are_translated(demo, client, locales):
    course, modules = demo
    for language_code, title in (
        ("da", "Tilgængelige optagelser for kulturarvsinstitutioner"),
        ("de", "Barrierefreie Aufzeichnungen für Kulturerbe-Einrichtungen"),
    ):
        translated = course.get_translation(locales[language_code])
        assert translated.title == title and translated.live
        module = modules[0].get_translation(locales[language_code])
        assert module.live and module.video_file_id == modules[0].video_file_id
        assert module.questions.count() == modules[0].questions.count()
        response = client.get(module.url)
        assert response.status_code == 200


def test_course_index_course_and_module_pages_render(demo, client):
    course, modules = demo
    index = course.get_parent()

    response = client.get(index.url)
    assert response.status_code == 200
    assert course.title in response.content.decode()

    response = client.get(course.url)
    assert response.status_code == 200
    content = response.content.decode()
    for module in modules:
        assert module.title in content

    response = client.get(modules[0].url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<video" in content
    assert modules[0].video_src in content
    assert 'kind="captions"' in content
    assert "Welcome to the first module of this course." in content  # the transcript

    video = client.get(modules[0].video_src, HTTP_RANGE="bytes=0-3")
    assert video.status_code == 206
    assert (
        b"".join(video.streaming_content)
        == (MEDIA_DIR / "sample-recording-1.webm").read_bytes()[:4]
    )


def test_course_is_in_the_main_menu(demo, client):
    course, _modules = demo
    response = client.get("/en/")
    assert response.status_code == 200
    assert course.get_parent().url in response.content.decode()


def correct_answer(question: QuizQuestion):
    if question.kind == QuestionKind.TRUE_FALSE:
        return question.true_false_answer
    if question.kind == QuestionKind.SHORT_ANSWER:
        return question.accepted_answers.splitlines()[0]
    return [block.id for block in question.choices if block.value["is_correct"]]


def test_a_learner_completes_the_demo_course_and_gets_a_verifiable_certificate(
    demo, client, time_machine
):
    from django.utils import timezone

    from cms.users.factories import UserFactory
    from courses.selectors.reports import course_module_dropoff, course_summary
    from courses.services.enrolment import enrolment_create
    from courses.services.progress import progress_record
    from courses.services.quizzes import quiz_attempt_start, quiz_attempt_submit

    course, modules = demo
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    time_machine.move_to(timezone.now())
    for module in modules:
        # Played at 2x: the report as playback starts, then one 15 seconds later.
        progress_record(user=learner, module=module, intervals=[], position=0)
        time_machine.shift(15)
        progress_record(user=learner, module=module, intervals=[[0, 30]], position=30)
        attempt = quiz_attempt_start(user=learner, module=module)
        questions = QuizQuestion.objects.in_bulk(attempt.question_ids)
        answers = {str(pk): correct_answer(questions[pk]) for pk in attempt.question_ids}
        graded = quiz_attempt_submit(attempt=attempt, user=learner, answers=answers)
        assert graded.passed, f"the demo quiz of {module.title} cannot be passed"

    certificate = learner.certificates.get()
    assert certificate.course_title == course.title
    response = client.get(f"/en/certificates/{certificate.code}/")
    assert response.status_code == 200

    summary = course_summary(course=course)
    assert (summary.enrolled, summary.completed) == (1, 1)
    assert all(row.completed == 1 for row in course_module_dropoff(course=course))
