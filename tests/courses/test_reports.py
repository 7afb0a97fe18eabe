"""Course reports in the admin: figures on constructed learning records, CSV downloads, who may
see them, and query counts that do not grow with the number of learners."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission

import pytest

from cms.users.factories import UserFactory
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    QuizQuestionFactory,
    choice,
)
from courses.models import (
    Enrolment,
    ModuleProgress,
    QuestionKind,
    QuizAnswer,
    QuizAttempt,
    ScoringRule,
)
from courses.selectors.reports import (
    course_item_analysis,
    course_module_dropoff,
    course_summary,
    report_courses_for_user,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def enrol(user, course, *, days_to_complete=None):
    enrolment = Enrolment.objects.create(user=user, course=course)
    enrolled_at = NOW - datetime.timedelta(days=30)
    completed_at = (
        enrolled_at + datetime.timedelta(days=days_to_complete)
        if days_to_complete is not None
        else None
    )
    # enrolled_at is set automatically on creation; move it back to build a history.
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=enrolled_at, completed_at=completed_at
    )
    return enrolment


def watched(user, module, seconds, *, completed=False, confirmed=False):
    return ModuleProgress.objects.create(
        user=user,
        module=module,
        watched_seconds=seconds,
        watched_intervals=[[0, seconds]] if seconds else [],
        completed_at=NOW if completed else None,
        watched_confirmed_at=NOW if confirmed else None,
    )


def answer(user, question, *, number=1, choice_ids=(), text="", correct=False, credit=None):
    attempt, _created = QuizAttempt.objects.get_or_create(
        user=user,
        module=question.page,
        number=number,
        defaults={"question_ids": [question.pk]},
    )
    if attempt.submitted_at is None:
        attempt.submitted_at = NOW
        attempt.score_percent = 100 if correct else 0
        attempt.passed = correct
        attempt.save()
    return QuizAnswer.objects.create(
        attempt=attempt,
        question=question,
        choice_ids=list(choice_ids),
        text=text,
        is_correct=correct,
        credit=credit if credit is not None else float(correct),
    )


@pytest.fixture
def learners(db):
    return [UserFactory() for _i in range(5)]


def choice_ids(question):
    return [block.id for block in question.choices]


# --- Figures ---------------------------------------------------------------------------------


def test_summary_counts_enrolments_completions_and_median(course, learners):
    enrol(learners[0], course, days_to_complete=2)
    enrol(learners[1], course, days_to_complete=4)
    enrol(learners[2], course, days_to_complete=10)
    enrol(learners[3], course)
    other_course = CoursePageFactory(parent=course.get_parent())
    enrol(learners[4], other_course, days_to_complete=1)

    summary = course_summary(course=course)

    assert summary.enrolled == 4
    assert summary.completed == 3
    assert summary.completion_rate == 75.0
    assert summary.median_days_to_complete == 4.0


def test_summary_of_a_course_nobody_completed(course, learners):
    enrol(learners[0], course)

    summary = course_summary(course=course)

    assert (summary.enrolled, summary.completed) == (1, 0)
    assert summary.completion_rate == 0.0
    assert summary.median_days_to_complete is None


def test_watch_dropoff_counts_enrolled_learners_per_milestone(course, modules, learners):
    one, two = modules  # 600 seconds each; the course's threshold is 90 %
    for learner in learners[:4]:
        enrol(learner, course)
    watched(learners[0], one, 600, completed=True)  # everything
    watched(learners[1], one, 460)  # 76.7 %
    watched(learners[2], one, 160)  # 26.7 %
    watched(learners[3], one, 0)  # opened, never played
    watched(learners[4], one, 600)  # not enrolled: not counted
    watched(learners[0], two, 300)  # exactly half

    rows = course_module_dropoff(course=course)

    assert [row.module.pk for row in rows] == [one.pk, two.pk]
    first, second = rows
    assert first.enrolled == 4
    assert first.started == 3
    assert first.milestones == [(25, 3), (50, 2), (75, 2)]
    assert first.threshold == 90
    assert first.reached_threshold == 1
    assert first.completed == 1
    assert first.completed_percent == 25.0
    assert first.milestone_figures[0] == (25, 3, 75.0)
    assert second.milestones == [(25, 1), (50, 1), (75, 0)]
    assert second.reached_threshold == 0


def test_watch_dropoff_counts_confirmation_only_for_external_recordings(course, modules, learners):
    one, _two = modules  # a YouTube URL, no file
    enrol(learners[0], course)
    watched(learners[0], one, 0, confirmed=True)

    (first, _second) = course_module_dropoff(course=course)

    assert first.started == 1
    assert first.reached_threshold == 1
    assert first.milestones == [(25, 0), (50, 0), (75, 0)]


def test_watch_dropoff_counts_learners_who_passed_the_quiz_once(course, modules, learners):
    one, _two = modules
    question = QuizQuestionFactory(page=one)
    enrol(learners[0], course)
    enrol(learners[1], course)
    right = choice_ids(question)[0]
    answer(learners[0], question, number=1, choice_ids=[right], correct=True)
    answer(learners[0], question, number=2, choice_ids=[right], correct=True)
    answer(learners[1], question, number=1, choice_ids=[choice_ids(question)[1]])

    first, second = course_module_dropoff(course=course)

    assert first.has_quiz and first.passed_quiz == 1
    assert first.passed_quiz_percent == 50.0
    assert not second.has_quiz


def test_item_analysis_per_question_and_choice(course, modules, learners):
    one, two = modules
    single = QuizQuestionFactory(page=one, text="Which is right?")
    right, wrong, also_wrong = choice_ids(single)
    multiple = QuizQuestionFactory(
        page=one,
        kind=QuestionKind.MULTIPLE_CHOICE,
        scoring=ScoringRule.PARTIAL_CREDIT,
        choices=[choice("A", correct=True), choice("B", correct=True), choice("C")],
    )
    a, b, c = choice_ids(multiple)
    true_false = QuizQuestionFactory(
        page=two, kind=QuestionKind.TRUE_FALSE, choices=[], true_false_answer=False
    )
    short = QuizQuestionFactory(
        page=two, kind=QuestionKind.SHORT_ANSWER, choices=[], accepted_answers="WebVTT"
    )
    QuizQuestionFactory(page=two, text="Nobody answered this")

    answer(learners[0], single, choice_ids=[right], correct=True)
    answer(learners[1], single, choice_ids=[wrong])
    answer(learners[2], single, choice_ids=[wrong])
    answer(learners[3], single, choice_ids=[right], correct=True)
    answer(learners[0], multiple, choice_ids=[a, b], correct=True)
    answer(learners[1], multiple, choice_ids=[a, c], credit=0.5)
    answer(learners[0], true_false, choice_ids=["false"], correct=True)
    answer(learners[1], true_false, choice_ids=["true"])
    answer(learners[2], true_false, choice_ids=["false"], correct=True)
    answer(learners[0], short, text="WebVTT", correct=True)
    answer(learners[1], short, text="  webvtt ", correct=True)
    answer(learners[2], short, text="SRT")
    # Started but not submitted: no grade, so not part of the analysis.
    unsubmitted = QuizAttempt.objects.create(user=learners[4], module=one, number=1)
    QuizAnswer.objects.create(attempt=unsubmitted, question=single, choice_ids=[also_wrong])

    rows = {row.question.pk: row for row in course_item_analysis(course=course)}

    assert list(rows)[:4] == [single.pk, multiple.pk, true_false.pk, short.pk]
    assert (rows[single.pk].answered, rows[single.pk].correct) == (4, 2)
    assert rows[single.pk].correct_percent == 50.0
    assert [(c.id, c.chosen, c.chosen_percent) for c in rows[single.pk].choices] == [
        (right, 2, 50.0),
        (wrong, 2, 50.0),
        (also_wrong, 0, 0.0),
    ]
    assert [c.is_correct for c in rows[single.pk].choices] == [True, False, False]
    assert rows[multiple.pk].correct_percent == 50.0
    assert rows[multiple.pk].mean_credit_percent == 75.0
    assert [c.chosen for c in rows[multiple.pk].choices] == [2, 1, 1]
    tf_choices = rows[true_false.pk].choices
    assert [(c.id, c.chosen, c.is_correct) for c in tf_choices] == [
        ("true", 1, False),
        ("false", 2, True),
    ]
    assert rows[short.pk].correct_percent == pytest.approx(66.7)
    assert rows[short.pk].short_answers == [("webvtt", 2), ("srt", 1)]
    unanswered = list(rows.values())[4]
    assert unanswered.answered == 0 and unanswered.correct_percent is None
    assert [row.number for row in rows.values()] == [1, 2, 1, 2, 3]


def test_item_analysis_shows_questions_in_the_editors_language(course, modules, locales):
    one, _two = modules
    question = QuizQuestionFactory(page=one, text="Which format do browsers play captions in?")
    right = choice_ids(question)[0]
    german_module = one.copy_for_translation(locales["de"], copy_parents=True)
    german = german_module.specific.questions.get()
    assert german.translation_key == question.translation_key
    german.text = "In welchem Format spielen Browser Untertitel ab?"
    # Translations keep each choice's block id, as wagtail-localize does.
    german.choices = [
        {
            "type": "choice",
            "id": block["id"],
            "value": {**block["value"], "text": f"DE {i}"},
        }
        for i, block in enumerate(question.choices.raw_data)
    ]
    german.save()

    (row,) = course_item_analysis(course=course, language="de")
    assert row.text == "In welchem Format spielen Browser Untertitel ab?"
    assert [c.text for c in row.choices] == ["DE 0", "DE 1", "DE 2"]
    assert row.choices[0].id == right

    (row,) = course_item_analysis(course=course, language="en")
    assert row.text == "Which format do browsers play captions in?"


# --- Query counts ----------------------------------------------------------------------------


def _learning_records(course, modules, learners):
    questions = [QuizQuestionFactory(page=module) for module in modules]
    for learner in learners:
        enrol(learner, course, days_to_complete=3)
        for module, question in zip(modules, questions, strict=True):
            watched(learner, module, 500, completed=True)
            answer(learner, question, choice_ids=[choice_ids(question)[0]], correct=True)


def _count_queries(callable_):
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_report_queries_do_not_grow_with_learners(course, modules, admin_client):
    url = reverse("courses_report_course", args=(course.pk,))
    _learning_records(course, modules, [UserFactory() for _i in range(2)])
    admin_client.get(url)  # warm the per-process caches (site root paths, content types)
    few_selectors = _count_queries(lambda: _all_figures(course))
    few_view = _count_queries(lambda: admin_client.get(url))

    _learning_records(course, modules, [UserFactory() for _i in range(12)])
    many_selectors = _count_queries(lambda: _all_figures(course))
    many_view = _count_queries(lambda: admin_client.get(url))

    assert few_selectors == many_selectors
    assert few_view == many_view
    assert course_summary(course=course).enrolled == 14


def _all_figures(course):
    course_summary(course=course)
    course_module_dropoff(course=course)
    course_item_analysis(course=course)


def test_course_list_queries_do_not_grow_with_courses(course, admin_client, learners):
    url = reverse("courses_report_index")
    admin_client.get(url)  # warm the per-process caches (site root paths, content types)
    few = _count_queries(lambda: admin_client.get(url))
    for _i in range(5):
        other = CoursePageFactory(parent=course.get_parent())
        enrol(learners[0], other)
    many = _count_queries(lambda: admin_client.get(url))
    assert few == many


# --- Admin views -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(superuser=True))
    return client


def test_course_list_shows_figures(course, learners, admin_client):
    enrol(learners[0], course, days_to_complete=1)
    enrol(learners[1], course)

    response = admin_client.get(reverse("courses_report_index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Caring for collections" in content
    assert reverse("courses_report_course", args=(course.pk,)) in content
    assert "50.0 %" in content


def test_course_list_exports_csv(course, learners, admin_client):
    enrol(learners[0], course, days_to_complete=1)

    response = admin_client.get(reverse("courses_report_index") + "?export=csv")

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["Course", "Enrolled", "Completed", "Valid certificates"]
    assert rows[1] == ["Caring for collections", "1", "1", "0"]


def test_course_report_page(course, modules, learners, admin_client):
    enrol(learners[0], course, days_to_complete=2)
    watched(learners[0], modules[0], 600, completed=True)
    question = QuizQuestionFactory(page=modules[0], text="Where do captions go?")
    answer(learners[0], question, choice_ids=[choice_ids(question)[1]])

    response = admin_client.get(reverse("courses_report_course", args=(course.pk,)))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Watch drop-off per module" in content
    assert "Module one" in content
    assert "Where do captions go?" in content
    assert "2.0 days" in content
    for table in ("summary", "modules", "questions", "choices"):
        assert reverse("courses_report_export", args=(course.pk, table)) in content


def test_course_report_of_a_translation_shows_the_source_course(course, locales, admin_client):
    german = course.copy_for_translation(locales["de"], copy_parents=True)
    response = admin_client.get(reverse("courses_report_course", args=(german.pk,)))
    assert response.status_code == 200
    assert response.context["course"].pk == course.pk


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_exports(course, modules, learners, admin_client):
    enrol(learners[0], course, days_to_complete=2)
    enrol(learners[1], course)
    watched(learners[0], modules[0], 600, completed=True)
    watched(learners[1], modules[0], 200)
    question = QuizQuestionFactory(page=modules[0], text="=HYPERLINK(1)")
    right, wrong, _third = choice_ids(question)
    answer(learners[0], question, choice_ids=[right], correct=True)
    answer(learners[1], question, choice_ids=[wrong])
    short = QuizQuestionFactory(page=modules[1], kind=QuestionKind.SHORT_ANSWER, choices=[])
    answer(learners[1], short, text="@SUM(A1)")

    def export(table):
        return _csv(admin_client.get(reverse("courses_report_export", args=(course.pk, table))))

    summary = export("summary")
    assert summary[1] == ["Caring for collections", "2", "1", "50.0", "2.0", "0"]

    modules_csv = export("modules")
    assert modules_csv[0][:3] == ["Module", "Enrolled", "Started"]
    assert modules_csv[1] == ["Module one", "2", "2", "2", "1", "1", "1", "1", "1"]
    assert modules_csv[2] == ["Module two", "2", "0", "0", "0", "0", "0", "0", "0"]

    questions = export("questions")
    assert questions[1][:8] == [
        "Module one",
        "1",
        "'=HYPERLINK(1)",  # never a formula in a spreadsheet
        "Single choice",
        "2",
        "1",
        "50.0",
        "50.0",
    ]
    assert questions[2][-1] == "'@sum(a1) (1)"

    choices = export("choices")
    assert choices[1:] == [
        ["Module one", "1", "'=HYPERLINK(1)", "Right", "yes", "1", "50.0"],
        ["Module one", "1", "'=HYPERLINK(1)", "Wrong", "no", "1", "50.0"],
        ["Module one", "1", "'=HYPERLINK(1)", "Also wrong", "no", "0", "0.0"],
    ]


def test_unknown_export_table_is_404(course, admin_client):
    response = admin_client.get(reverse("courses_report_export", args=(course.pk, "secrets")))
    assert response.status_code == 404


# --- Permissions -----------------------------------------------------------------------------


def _editor_of(page):
    group = Group.objects.create(name=f"Editors of {page.pk}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="change_page")
    )
    user = UserFactory()
    user.groups.add(group)
    return user


def test_editor_of_the_course_sees_its_report(client, course):
    client.force_login(_editor_of(course))
    assert client.get(reverse("courses_report_course", args=(course.pk,))).status_code == 200
    assert (
        client.get(reverse("courses_report_export", args=(course.pk, "summary"))).status_code == 200
    )
    listing = client.get(reverse("courses_report_index"))
    assert "Caring for collections" in listing.content.decode()


def test_editor_of_another_section_gets_404(client, course, home_page):
    elsewhere = CourseIndexPageFactory(parent=home_page, slug="elsewhere")
    other_course = CoursePageFactory(parent=elsewhere, title="Another course")
    client.force_login(_editor_of(elsewhere))

    for url in (
        reverse("courses_report_course", args=(course.pk,)),
        reverse("courses_report_export", args=(course.pk, "summary")),
    ):
        assert client.get(url).status_code == 404
    listing = client.get(reverse("courses_report_index")).content.decode()
    assert "Another course" in listing
    assert "Caring for collections" not in listing
    assert other_course.pk


def test_admin_user_without_page_rights_is_refused(client, course):
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(group)
    client.force_login(user)

    for url in (
        reverse("courses_report_index"),
        reverse("courses_report_course", args=(course.pk,)),
        reverse("courses_report_export", args=(course.pk, "summary")),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")


def test_learner_cannot_open_reports(client, course, user):
    client.force_login(user)
    response = client.get(reverse("courses_report_course", args=(course.pk,)))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response.url


def test_report_courses_for_user_lists_only_editable_courses(course, home_page):
    elsewhere = CourseIndexPageFactory(parent=home_page, slug="elsewhere")
    CoursePageFactory(parent=elsewhere, title="Another course")
    editor = _editor_of(course)
    assert [c.title for c in report_courses_for_user(user=editor)] == ["Caring for collections"]


def test_course_edit_page_links_to_the_report(course, admin_client):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(course.pk,)))
    assert reverse("courses_report_course", args=(course.pk,)) in response.content.decode()
