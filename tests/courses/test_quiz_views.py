"""The quiz pages end to end: start, take, submit and review through requests; permissions;
correct answers kept from the browser; query counts."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.users.factories import UserFactory
from courses.factories import QuizQuestionFactory, choice
from courses.models import (
    Enrolment,
    QuestionKind,
    QuizAnswer,
    QuizAnswersShown,
    QuizAttempt,
)
from courses.rules import SUBMIT_GRACE

SECRET_FEEDBACK = "Feedback-that-gives-it-away"
SECRET_ANSWER = "Hygrometer"


@pytest.fixture
def module(modules):
    module = modules[0]
    module.quiz_pass_mark = 100
    module.save()
    return module


@pytest.fixture
def questions(module):
    return [
        QuizQuestionFactory(
            page=module,
            text="Which light level suits watercolours?",
            choices=[
                choice("50 lux", correct=True, feedback=SECRET_FEEDBACK),
                choice("500 lux", feedback=SECRET_FEEDBACK),
                choice("Daylight", feedback=SECRET_FEEDBACK),
            ],
            feedback_correct=SECRET_FEEDBACK,
            feedback_incorrect=SECRET_FEEDBACK,
            review_at_seconds=125,
        ),
        QuizQuestionFactory(
            page=module,
            kind=QuestionKind.MULTIPLE_CHOICE,
            text="Which are agents of deterioration?",
            choices=[choice("Light", correct=True), choice("Pests", correct=True), choice("Dust")],
        ),
        QuizQuestionFactory(
            page=module,
            kind=QuestionKind.TRUE_FALSE,
            text="Silica gel raises relative humidity.",
            choices=[],
            true_false_answer=False,
        ),
        QuizQuestionFactory(
            page=module,
            kind=QuestionKind.SHORT_ANSWER,
            text="Which instrument measures humidity?",
            choices=[],
            accepted_answers=SECRET_ANSWER,
        ),
    ]


@pytest.fixture
def learner(user, course):
    Enrolment.objects.create(user=user, course=course)
    return user


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def choice_id(question, text):
    return next(block.id for block in question.choices if block.value["text"] == text)


def right_post(questions):
    single, multiple, statement, short = questions
    return {
        f"q_{single.pk}": choice_id(single, "50 lux"),
        f"q_{multiple.pk}": [choice_id(multiple, "Light"), choice_id(multiple, "Pests")],
        f"q_{statement.pk}": "false",
        f"q_{short.pk}": "  hygrometer ",
    }


def wrong_post(questions):
    single, multiple, statement, short = questions
    return {
        f"q_{single.pk}": choice_id(single, "500 lux"),
        f"q_{multiple.pk}": [choice_id(multiple, "Light")],
        f"q_{statement.pk}": "true",
        f"q_{short.pk}": "thermometer",
    }


def start(client, module):
    response = client.post(reverse("courses:quiz_start", args=[module.pk]))
    assert response.status_code == 302
    return QuizAttempt.objects.latest("pk")


def submit(client, attempt, data):
    return client.post(reverse("courses:quiz_submit", args=[attempt.pk]), data)


class TestQuizPage:
    def test_anonymous_visitors_are_asked_to_log_in(self, client, module, questions):
        response = client.get(reverse("courses:quiz", args=[module.pk]))

        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_a_module_without_a_quiz_is_not_found(self, learner_client, modules):
        response = learner_client.get(reverse("courses:quiz", args=[modules[1].pk]))

        assert response.status_code == 404

    def test_learners_not_enrolled_are_sent_to_the_course_and_cannot_start(
        self, client, user, module, questions, course
    ):
        client.force_login(user)

        page = client.get(reverse("courses:quiz", args=[module.pk]))
        started = client.post(reverse("courses:quiz_start", args=[module.pk]), follow=True)

        assert "Enrol in the course to take its quiz." in page.content.decode()
        assert reverse("courses:quiz_start", args=[module.pk]) not in page.content.decode()
        assert course.url in page.content.decode()
        assert "Enrol in the course to take its quiz." in started.content.decode()
        assert not QuizAttempt.objects.exists()

    def test_the_page_shows_the_rules_and_the_start_button(self, learner_client, module, questions):
        module.quiz_max_attempts = 3
        module.quiz_time_limit_minutes = 15
        module.save()

        html = learner_client.get(reverse("courses:quiz", args=[module.pk])).content.decode()

        assert "0 of 3 attempts used" in html
        assert "15 minutes" in html
        assert reverse("courses:quiz_start", args=[module.pk]) in html
        assert "Start the quiz" in html

    def test_writes_need_post(self, learner_client, module, questions):
        attempt = start(learner_client, module)

        assert (
            learner_client.get(reverse("courses:quiz_start", args=[module.pk])).status_code == 405
        )
        assert learner_client.get(
            reverse("courses:quiz_submit", args=[attempt.pk])
        ).status_code == (405)

    def test_writes_need_the_csrf_token(self, learner, module, questions):
        client = Client(enforce_csrf_checks=True)
        client.force_login(learner)

        response = client.post(reverse("courses:quiz_start", args=[module.pk]))

        assert response.status_code == 403
        assert not QuizAttempt.objects.exists()


class TestTakingAndGrading:
    def test_a_learner_passes_with_the_right_answers(self, learner_client, module, questions):
        attempt = start(learner_client, module)

        response = submit(learner_client, attempt, right_post(questions))

        assert response.status_code == 302
        assert response["Location"] == reverse("courses:quiz_result", args=[attempt.pk])
        attempt.refresh_from_db()
        assert attempt.passed is True
        assert attempt.score_percent == 100
        html = learner_client.get(response["Location"]).content.decode()
        assert "Passed" in html
        assert "Your score: 100 %" in html

    def test_a_learner_fails_with_wrong_answers_and_may_try_again(
        self, learner_client, module, questions
    ):
        attempt = start(learner_client, module)

        response = submit(learner_client, attempt, wrong_post(questions))

        attempt.refresh_from_db()
        assert (attempt.passed, attempt.score_percent) == (False, 0)
        html = learner_client.get(response["Location"]).content.decode()
        assert "Not passed" in html
        assert "Try again" in html
        # Wrong answers link to the part of the recording that explains them.
        assert f"{module.url}?t=125" in html

    def test_a_score_sent_by_the_browser_is_ignored(self, learner_client, module, questions):
        attempt = start(learner_client, module)

        submit(
            learner_client,
            attempt,
            {**wrong_post(questions), "score_percent": "100", "passed": "true", "score": "100"},
        )

        attempt.refresh_from_db()
        assert attempt.passed is False
        assert attempt.score_percent == 0

    def test_the_take_page_never_contains_correct_answers_or_feedback(
        self, learner_client, module, questions
    ):
        attempt = start(learner_client, module)

        page = learner_client.get(reverse("courses:quiz_attempt", args=[attempt.pk])).content
        page = page.decode()
        html = page[page.index('<form method="post" action="/en/learning/quiz/attempts/') :]
        html = html[: html.index("</form>")]

        assert "Which light level suits watercolours?" in html
        for question in questions:
            for block in question.choices:
                assert block.id in html and block.value["text"] in html
        assert "is_correct" not in html
        assert "correct" not in html.lower().replace("incorrect", "")
        assert SECRET_FEEDBACK not in html
        assert SECRET_ANSWER.lower() not in html.lower()

    def test_a_value_that_was_not_offered_is_refused_without_grading(
        self, learner_client, module, questions
    ):
        attempt = start(learner_client, module)

        response = submit(learner_client, attempt, {f"q_{questions[0].pk}": "made-up"})

        assert response.status_code == 400
        assert "Question 1:" in response.content.decode()
        attempt.refresh_from_db()
        assert attempt.submitted_at is None

    def test_a_second_submission_changes_nothing(self, learner_client, module, questions):
        attempt = start(learner_client, module)
        submit(learner_client, attempt, wrong_post(questions))

        response = submit(learner_client, attempt, right_post(questions))

        assert response["Location"] == reverse("courses:quiz_result", args=[attempt.pk])
        attempt.refresh_from_db()
        assert attempt.passed is False
        assert QuizAnswer.objects.filter(attempt=attempt).count() == 4

    def test_the_take_page_of_a_graded_attempt_goes_to_its_result(
        self, learner_client, module, questions
    ):
        attempt = start(learner_client, module)
        submit(learner_client, attempt, wrong_post(questions))

        response = learner_client.get(reverse("courses:quiz_attempt", args=[attempt.pk]))

        assert response["Location"] == reverse("courses:quiz_result", args=[attempt.pk])

    def test_a_timed_attempt_shows_its_deadline_and_refuses_late_answers(
        self, learner_client, module, questions, time_machine
    ):
        module.quiz_time_limit_minutes = 5
        module.save()
        time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
        attempt = start(learner_client, module)

        html = learner_client.get(reverse("courses:quiz_attempt", args=[attempt.pk])).content
        assert b'data-seconds-left="300"' in html
        assert b"quiz-timer.js" in html
        deadline = timezone.localtime(attempt.deadline).isoformat()
        assert f'<time datetime="{deadline}">'.encode() in html

        time_machine.move_to(attempt.deadline + SUBMIT_GRACE + dt.timedelta(seconds=5))
        response = submit(learner_client, attempt, right_post(questions))
        result = learner_client.get(response["Location"]).content.decode()

        attempt.refresh_from_db()
        assert attempt.passed is False
        assert "Time ran out" in result


class TestAnswersShown:
    def correct_tags(self, client, attempt):
        html = client.get(reverse("courses:quiz_result", args=[attempt.pk])).content.decode()
        return html.count("correct answer</span>") + html.count("An accepted answer")

    def test_after_each_attempt(self, learner_client, module, questions):
        attempt = start(learner_client, module)
        submit(learner_client, attempt, wrong_post(questions))

        # One tag per correct choice (1 + 2), and the accepted short answer.
        assert self.correct_tags(learner_client, attempt) == 4

    def test_never(self, learner_client, module, questions):
        module.quiz_answers_shown = QuizAnswersShown.NEVER
        module.save()
        attempt = start(learner_client, module)
        submit(learner_client, attempt, wrong_post(questions))

        assert self.correct_tags(learner_client, attempt) == 0
        html = learner_client.get(reverse("courses:quiz_result", args=[attempt.pk])).content
        assert SECRET_ANSWER.encode() not in html

    def test_after_passing_shows_them_for_earlier_attempts_too(
        self, learner_client, module, questions
    ):
        module.quiz_answers_shown = QuizAnswersShown.AFTER_PASSING
        module.save()
        failed = start(learner_client, module)
        submit(learner_client, failed, wrong_post(questions))
        assert self.correct_tags(learner_client, failed) == 0

        passed = start(learner_client, module)
        submit(learner_client, passed, right_post(questions))

        assert self.correct_tags(learner_client, failed) == 4
        assert self.correct_tags(learner_client, passed) == 4


class TestFeedbackShown:
    """Feedback often names the answer, so with "once passed" it waits for the pass too."""

    # Distinct texts, to tell which feedback reached the page.
    CHOICE_FEEDBACK = {
        "50 lux": "Choice-feedback-50-lux",
        "500 lux": "Choice-feedback-500-lux: the answer is 50 lux",
        "Daylight": "Choice-feedback-daylight",
        "Light": "Choice-feedback-light",
        "Pests": "Choice-feedback-pests",
        "Dust": "Choice-feedback-dust",
    }
    WHEN_CORRECT = "Question-feedback-when-correct"
    WHEN_INCORRECT = "Question-feedback-when-incorrect: it is 50 lux"

    @pytest.fixture
    def questions(self, module):
        def choices(*texts, correct=()):
            return [
                choice(text, correct=text in correct, feedback=self.CHOICE_FEEDBACK[text])
                for text in texts
            ]

        return [
            QuizQuestionFactory(
                page=module,
                text="Which light level suits watercolours?",
                choices=choices("50 lux", "500 lux", "Daylight", correct=["50 lux"]),
                feedback_correct=self.WHEN_CORRECT,
                feedback_incorrect=self.WHEN_INCORRECT,
                review_at_seconds=125,
            ),
            QuizQuestionFactory(
                page=module,
                kind=QuestionKind.MULTIPLE_CHOICE,
                text="Which are agents of deterioration?",
                choices=choices("Light", "Pests", "Dust", correct=["Light", "Pests"]),
                feedback_incorrect=self.WHEN_INCORRECT,
            ),
            QuizQuestionFactory(
                page=module,
                kind=QuestionKind.TRUE_FALSE,
                text="Silica gel raises relative humidity.",
                choices=[],
                true_false_answer=False,
                feedback_incorrect=self.WHEN_INCORRECT,
            ),
            QuizQuestionFactory(
                page=module,
                kind=QuestionKind.SHORT_ANSWER,
                text="Which instrument measures humidity?",
                choices=[],
                accepted_answers=SECRET_ANSWER,
                feedback_incorrect=self.WHEN_INCORRECT,
            ),
        ]

    @pytest.fixture
    def after_passing(self, module):
        module.quiz_answers_shown = QuizAnswersShown.AFTER_PASSING
        module.save()
        return module

    def result(self, client, attempt):
        return client.get(reverse("courses:quiz_result", args=[attempt.pk])).content.decode()

    def choice_feedback_in(self, html):
        return [text for text in self.CHOICE_FEEDBACK.values() if text in html]

    def assert_nothing_given_away(self, html):
        assert self.choice_feedback_in(html) == []
        assert self.WHEN_INCORRECT not in html
        assert "correct answer</span>" not in html
        assert "Correct answer</dt>" not in html
        assert "An accepted answer" not in html
        assert SECRET_ANSWER not in html

    def test_after_passing_a_failed_attempt_gives_no_answer_away(
        self, learner_client, after_passing, questions
    ):
        attempt = start(learner_client, after_passing)
        submit(learner_client, attempt, wrong_post(questions))

        html = self.result(learner_client, attempt)

        self.assert_nothing_given_away(html)
        # What the learner may know: the verdicts, their own answers, where to look again.
        assert "Not passed" in html
        assert "Incorrect" in html
        assert "500 lux" in html and "thermometer" in html
        assert f"{after_passing.url}?t=125" in html
        assert "The correct answers, and the feedback that could give them away, are shown" in html

    def test_after_passing_a_failed_attempt_hides_the_feedback_of_right_choices_too(
        self, learner_client, after_passing, questions
    ):
        single, multiple = questions[:2]
        attempt = start(learner_client, after_passing)
        # Question 1 right, question 2 partly right (one correct choice ticked): still a fail.
        submit(
            learner_client,
            attempt,
            {
                **wrong_post(questions),
                f"q_{single.pk}": choice_id(single, "50 lux"),
                f"q_{multiple.pk}": [choice_id(multiple, "Light")],
            },
        )

        html = self.result(learner_client, attempt)

        self.assert_nothing_given_away(html)
        # Feedback on a question answered right tells the learner nothing they did not answer.
        assert self.WHEN_CORRECT in html

    def test_after_passing_the_pass_shows_answers_and_feedback_for_every_attempt(
        self, learner_client, after_passing, questions
    ):
        failed = start(learner_client, after_passing)
        submit(learner_client, failed, wrong_post(questions))
        passed = start(learner_client, after_passing)
        submit(learner_client, passed, right_post(questions))

        failed_html = self.result(learner_client, failed)
        passed_html = self.result(learner_client, passed)

        assert self.choice_feedback_in(failed_html) == [
            self.CHOICE_FEEDBACK["500 lux"],
            self.CHOICE_FEEDBACK["Light"],
        ]
        assert self.WHEN_INCORRECT in failed_html
        assert "correct answer</span>" in failed_html
        assert SECRET_ANSWER in failed_html
        assert self.choice_feedback_in(passed_html) == [
            self.CHOICE_FEEDBACK["50 lux"],
            self.CHOICE_FEEDBACK["Light"],
            self.CHOICE_FEEDBACK["Pests"],
        ]
        assert self.WHEN_CORRECT in passed_html
        assert "correct answer</span>" in passed_html

    @pytest.mark.parametrize(
        ("rule", "answers_shown"),
        [(QuizAnswersShown.AFTER_EACH_ATTEMPT, True), (QuizAnswersShown.NEVER, False)],
    )
    def test_the_other_settings_show_feedback_after_a_failed_attempt_as_before(
        self, learner_client, module, questions, rule, answers_shown
    ):
        module.quiz_answers_shown = rule
        module.save()
        attempt = start(learner_client, module)
        submit(learner_client, attempt, wrong_post(questions))

        html = self.result(learner_client, attempt)

        assert self.choice_feedback_in(html) == [
            self.CHOICE_FEEDBACK["500 lux"],
            self.CHOICE_FEEDBACK["Light"],
        ]
        assert html.count(self.WHEN_INCORRECT) == 4
        assert ("correct answer</span>" in html) is answers_shown

    def test_the_module_editor_explains_the_rule(self, client, module, questions):
        client.force_login(UserFactory(superuser=True))

        html = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content.decode()

        assert "also holds back the feedback on choices and the feedback when incorrect" in html
        assert "The feedback on a choice is shown to learners who picked it" in html
        assert "To help learners before then, point them to the explanation" in html


class TestOtherLearners:
    @pytest.mark.parametrize("name", ["courses:quiz_attempt", "courses:quiz_result"])
    def test_someone_elses_attempt_is_not_found(self, client, learner, module, questions, name):
        learner_client = Client()
        learner_client.force_login(learner)
        attempt = start(learner_client, module)
        submit(learner_client, attempt, wrong_post(questions))
        client.force_login(UserFactory())

        assert client.get(reverse(name, args=[attempt.pk])).status_code == 404
        assert client.get(reverse(name, args=[attempt.pk + 1000])).status_code == 404

    def test_someone_elses_open_attempt_cannot_be_submitted(
        self, client, learner, module, questions, course
    ):
        learner_client = Client()
        learner_client.force_login(learner)
        attempt = start(learner_client, module)
        intruder = UserFactory()
        Enrolment.objects.create(user=intruder, course=course)
        client.force_login(intruder)

        response = submit(client, attempt, right_post(questions))

        assert response.status_code == 404
        attempt.refresh_from_db()
        assert attempt.submitted_at is None


class TestTranslatedQuiz:
    def test_the_questions_are_shown_in_the_learners_language(
        self, learner_client, module, questions, locales
    ):
        translated = module.copy_for_translation(locales["da"], copy_parents=True)
        translated.save_revision().publish()
        dansk = translated.questions.get(translation_key=questions[0].translation_key)
        dansk.text = "Hvilket lysniveau passer til akvareller?"
        dansk.save()

        learner_client.post(reverse("courses:quiz_start", args=[translated.pk]))
        attempt = QuizAttempt.objects.get()
        with_language = f"/da/learning/quiz/attempts/{attempt.pk}/"
        html = learner_client.get(with_language).content.decode()

        assert attempt.module_id == module.pk
        assert "Hvilket lysniveau passer til akvareller?" in html
        assert translated.title in html


def test_the_take_page_costs_the_same_queries_for_few_and_many_questions(
    learner_client, module, modules, learner
):
    def queries_for(target, count):
        for _ in range(count):
            QuizQuestionFactory(page=target)
        attempt = start(learner_client, target)
        url = reverse("courses:quiz_attempt", args=[attempt.pk])
        learner_client.get(url)  # warm caches shared by every page (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = learner_client.get(url)
        assert response.status_code == 200
        return len(queries)

    few = queries_for(module, 5)
    many = queries_for(modules[1], 25)

    assert few == many


def test_the_result_page_costs_the_same_queries_for_few_and_many_questions(
    learner_client, module, modules
):
    def queries_for(target, count):
        for _ in range(count):
            QuizQuestionFactory(page=target, review_at_seconds=10)
        attempt = start(learner_client, target)
        submit(learner_client, attempt, {})
        url = reverse("courses:quiz_result", args=[attempt.pk])
        learner_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = learner_client.get(url)
        assert response.status_code == 200
        return len(queries)

    assert queries_for(module, 5) == queries_for(modules[1], 25)
