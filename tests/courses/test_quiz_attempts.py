"""Starting and submitting attempts: enrolment, attempt limits, cooldown, the random draw and
shuffle stored per attempt, time limits, one grade per attempt, and questions in the learner's
language."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation

from wagtail.models import Locale

import pytest

from courses.factories import QuizQuestionFactory, choice
from courses.models import Enrolment, QuestionKind, QuizAnswer, QuizAttempt
from courses.rules import SUBMIT_GRACE
from courses.selectors.quizzes import attempt_questions, attempt_review, quiz_state
from courses.services.quizzes import (
    QuizAlreadyPassed,
    QuizAttemptClosed,
    QuizCoolingDown,
    QuizNoAttemptsLeft,
    QuizNotEnrolled,
    QuizTimeUp,
    QuizUnavailable,
    quiz_attempt_start,
    quiz_attempt_submit,
)

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def module(modules):
    module = modules[0]
    module.quiz_pass_mark = 100
    module.save()
    return module


@pytest.fixture
def questions(module):
    return [QuizQuestionFactory(page=module) for _ in range(4)]


@pytest.fixture
def learner(user, course):
    Enrolment.objects.create(user=user, course=course)
    return user


def right(question):
    return [block.id for block in question.choices if block.value["is_correct"]]


def wrong(question):
    return [block.id for block in question.choices if not block.value["is_correct"]][:1]


def fail(attempt, learner):
    return quiz_attempt_submit(attempt=attempt, user=learner, answers={})


class TestStart:
    def test_only_enrolled_learners_start(self, module, questions, user):
        with pytest.raises(QuizNotEnrolled):
            quiz_attempt_start(user=user, module=module)
        assert not QuizAttempt.objects.exists()

    def test_a_module_without_questions_has_no_quiz(self, modules, learner):
        with pytest.raises(QuizUnavailable):
            quiz_attempt_start(user=learner, module=modules[1])

    def test_an_open_attempt_is_resumed_rather_than_a_new_one_started(
        self, module, questions, learner
    ):
        first = quiz_attempt_start(user=learner, module=module)
        again = quiz_attempt_start(user=learner, module=module)

        assert again.pk == first.pk
        assert first.number == 1
        assert QuizAttempt.objects.count() == 1

    def test_attempts_are_numbered_and_limited(self, module, questions, learner):
        module.quiz_max_attempts = 2
        module.save()
        fail(quiz_attempt_start(user=learner, module=module), learner)
        second = quiz_attempt_start(user=learner, module=module)
        fail(second, learner)

        with pytest.raises(QuizNoAttemptsLeft):
            quiz_attempt_start(user=learner, module=module)
        assert second.number == 2
        assert QuizAttempt.objects.count() == 2
        state = quiz_state(user=learner, module=module)
        assert (state.attempts_used, state.attempts_left, state.can_start) == (2, 0, False)

    def test_zero_means_unlimited_attempts(self, module, questions, learner):
        for _ in range(6):
            fail(quiz_attempt_start(user=learner, module=module), learner)

        assert QuizAttempt.objects.count() == 6
        assert quiz_state(user=learner, module=module).attempts_left is None

    def test_a_passed_quiz_is_not_taken_again(self, module, questions, learner):
        attempt = quiz_attempt_start(user=learner, module=module)
        quiz_attempt_submit(
            attempt=attempt, user=learner, answers={q.pk: right(q) for q in questions}
        )

        with pytest.raises(QuizAlreadyPassed):
            quiz_attempt_start(user=learner, module=module)
        state = quiz_state(user=learner, module=module)
        assert state.passed and state.best_score == Decimal("100.00")

    def test_the_cooldown_runs_from_the_last_submission(
        self, module, questions, learner, time_machine
    ):
        module.quiz_cooldown_minutes = 30
        module.save()
        time_machine.move_to(START, tick=False)
        fail(quiz_attempt_start(user=learner, module=module), learner)

        time_machine.move_to(START + dt.timedelta(minutes=29, seconds=59), tick=False)
        with pytest.raises(QuizCoolingDown) as cooling:
            quiz_attempt_start(user=learner, module=module)
        assert cooling.value.until == START + dt.timedelta(minutes=30)
        assert quiz_state(user=learner, module=module).cooldown_until == cooling.value.until

        time_machine.move_to(START + dt.timedelta(minutes=30), tick=False)
        assert quiz_attempt_start(user=learner, module=module).number == 2
        assert quiz_state(user=learner, module=module).cooldown_until is None


class TestDrawAndShuffle:
    def test_n_questions_are_drawn_at_random_and_kept_for_the_attempt(
        self, module, learner, questions
    ):
        more = [QuizQuestionFactory(page=module) for _ in range(6)]
        bank = [q.pk for q in [*questions, *more]]
        module.quiz_draw_count = 3
        module.save()

        draws = set()
        for _ in range(8):
            attempt = quiz_attempt_start(user=learner, module=module)
            assert len(attempt.question_ids) == 3
            assert set(attempt.question_ids) <= set(bank)
            # Drawn questions keep the bank's order.
            assert attempt.question_ids == sorted(attempt.question_ids, key=bank.index)
            stored = QuizAttempt.objects.get(pk=attempt.pk)
            shown = [q.id for q in attempt_questions(attempt=stored)]
            assert shown == attempt.question_ids
            draws.add(tuple(attempt.question_ids))
            fail(attempt, learner)
        # 120 possible draws; eight identical ones would mean there is no draw at all.
        assert len(draws) > 1

    def test_a_draw_count_of_zero_or_above_the_bank_asks_every_question(
        self, module, learner, questions
    ):
        module.quiz_draw_count = 10
        module.save()

        attempt = quiz_attempt_start(user=learner, module=module)

        assert attempt.question_ids == [q.pk for q in questions]

    def test_choices_are_shuffled_per_attempt_and_shown_in_the_stored_order(self, module, learner):
        question = QuizQuestionFactory(
            page=module, choices=[choice(str(n), correct=n == 0) for n in range(6)]
        )
        original = [block.id for block in question.choices]
        orders = set()
        for _ in range(6):
            attempt = quiz_attempt_start(user=learner, module=module)
            order = attempt.choice_order[str(question.pk)]
            assert sorted(order) == sorted(original)
            (view,) = attempt_questions(attempt=QuizAttempt.objects.get(pk=attempt.pk))
            assert [c.id for c in view.choices] == order
            orders.add(tuple(order))
            fail(attempt, learner)
        # 720 orders; six times the same one would mean nothing is shuffled.
        assert len(orders) > 1

    def test_without_shuffling_choices_keep_the_editors_order(self, module, learner):
        module.quiz_shuffle_choices = False
        module.save()
        question = QuizQuestionFactory(page=module, choices=[choice(str(n)) for n in range(6)])

        attempt = quiz_attempt_start(user=learner, module=module)

        assert attempt.choice_order[str(question.pk)] == [b.id for b in question.choices]


class TestSubmit:
    def test_an_attempt_is_graded_once(self, module, questions, learner):
        attempt = quiz_attempt_start(user=learner, module=module)
        fail(attempt, learner)

        with pytest.raises(QuizAttemptClosed):
            quiz_attempt_submit(
                attempt=attempt, user=learner, answers={q.pk: right(q) for q in questions}
            )
        attempt.refresh_from_db()
        assert attempt.passed is False
        assert QuizAnswer.objects.filter(attempt=attempt).count() == len(questions)

    def test_someone_elses_attempt_cannot_be_submitted(self, module, questions, learner):
        from cms.users.factories import UserFactory

        attempt = quiz_attempt_start(user=learner, module=module)

        with pytest.raises(QuizAttempt.DoesNotExist):
            quiz_attempt_submit(attempt=attempt, user=UserFactory(), answers={})
        assert QuizAttempt.objects.get().submitted_at is None

    def test_a_learner_who_left_the_course_cannot_submit(self, module, questions, learner):
        attempt = quiz_attempt_start(user=learner, module=module)
        Enrolment.objects.all().delete()

        with pytest.raises(QuizNotEnrolled):
            fail(attempt, learner)
        assert QuizAttempt.objects.get().submitted_at is None

    def test_answers_to_questions_outside_the_attempt_are_ignored(self, module, questions, learner):
        module.quiz_draw_count = 1
        module.save()
        attempt = quiz_attempt_start(user=learner, module=module)

        quiz_attempt_submit(
            attempt=attempt, user=learner, answers={q.pk: right(q) for q in questions}
        )

        assert list(QuizAnswer.objects.values_list("question_id", flat=True)) == (
            attempt.question_ids
        )


class TestTimeLimit:
    @pytest.fixture
    def timed(self, module, questions):
        module.quiz_time_limit_minutes = 10
        module.save()
        return module

    def test_the_deadline_is_set_at_start(self, timed, learner, time_machine):
        time_machine.move_to(START, tick=False)

        attempt = quiz_attempt_start(user=learner, module=timed)

        assert attempt.deadline == START + dt.timedelta(minutes=10)

    def test_answers_within_the_grace_period_are_graded(
        self, timed, questions, learner, time_machine
    ):
        time_machine.move_to(START, tick=False)
        attempt = quiz_attempt_start(user=learner, module=timed)
        time_machine.move_to(attempt.deadline + SUBMIT_GRACE, tick=False)

        graded = quiz_attempt_submit(
            attempt=attempt, user=learner, answers={q.pk: right(q) for q in questions}
        )

        assert graded.passed is True

    def test_late_answers_are_not_counted(self, timed, questions, learner, time_machine):
        time_machine.move_to(START, tick=False)
        attempt = quiz_attempt_start(user=learner, module=timed)
        time_machine.move_to(attempt.deadline + SUBMIT_GRACE + dt.timedelta(seconds=1))

        with pytest.raises(QuizTimeUp):
            quiz_attempt_submit(
                attempt=attempt, user=learner, answers={q.pk: right(q) for q in questions}
            )

        attempt.refresh_from_db()
        assert (attempt.score_percent, attempt.passed) == (0, False)
        assert attempt.submitted_at == attempt.deadline
        assert not QuizAnswer.objects.exists()

    def test_an_abandoned_timed_attempt_counts_and_the_next_start_opens_a_new_one(
        self, timed, learner, time_machine
    ):
        timed.quiz_max_attempts = 2
        timed.save()
        time_machine.move_to(START, tick=False)
        first = quiz_attempt_start(user=learner, module=timed)
        time_machine.move_to(START + dt.timedelta(hours=1), tick=False)
        state = quiz_state(user=learner, module=timed)
        assert state.open_attempt is None
        assert state.attempts_left == 1

        second = quiz_attempt_start(user=learner, module=timed)

        first.refresh_from_db()
        assert second.number == 2
        assert (first.submitted_at, first.passed) == (first.deadline, False)

    def test_the_cooldown_after_an_abandoned_attempt_runs_from_its_deadline(
        self, timed, learner, time_machine
    ):
        timed.quiz_cooldown_minutes = 60
        timed.save()
        time_machine.move_to(START, tick=False)
        first = quiz_attempt_start(user=learner, module=timed)
        time_machine.move_to(START + dt.timedelta(minutes=30), tick=False)

        assert quiz_state(user=learner, module=timed).cooldown_until == (
            first.deadline + dt.timedelta(minutes=60)
        )
        with pytest.raises(QuizCoolingDown):
            quiz_attempt_start(user=learner, module=timed)


class TestTranslations:
    @pytest.fixture
    def danish(self, module, questions, locales):
        """The module translated into Danish, its first question with Danish text."""
        translated = module.copy_for_translation(locales["da"], copy_parents=True)
        translated.save_revision().publish()
        translated.refresh_from_db()
        first = translated.questions.get(translation_key=questions[0].translation_key)
        first.text = "Hvilket svar er rigtigt?"
        raw = list(first.choices.raw_data)
        for block in raw:
            block["value"]["text"] = "Dansk " + block["value"]["text"]
            block["value"]["feedback"] = "Dansk feedback"
        first.choices = raw
        first.feedback_incorrect = "Se kapitlet igen."
        first.save()
        # A question added to the bank after the translation was made has none yet.
        translated.questions.get(translation_key=questions[1].translation_key).delete()
        return translated

    def test_attempts_store_default_language_questions_and_show_the_learners_language(
        self, danish, module, questions, learner
    ):
        module.quiz_shuffle_choices = False
        module.save()
        attempt = quiz_attempt_start(user=learner, module=danish)

        assert attempt.module_id == module.pk
        assert attempt.question_ids == [q.pk for q in questions]
        with translation.override("da"):
            views = attempt_questions(attempt=attempt, locale=Locale.get_active())
        assert views[0].text == "Hvilket svar er rigtigt?"
        assert views[0].language == "da"
        assert [c.id for c in views[0].choices] == [b.id for b in questions[0].choices]
        assert views[0].choices[0].text == "Dansk Right"
        # Questions not translated yet fall back to the default language, marked as such.
        assert views[1].text == questions[1].text
        assert views[1].language == "en"

    def test_the_review_gives_feedback_in_the_learners_language(
        self, danish, module, questions, learner
    ):
        attempt = quiz_attempt_start(user=learner, module=module)
        attempt = quiz_attempt_submit(
            attempt=attempt, user=learner, answers={questions[0].pk: wrong(questions[0])}
        )

        with translation.override("da"):
            items = attempt_review(attempt=attempt, show_correct=True)
        assert items[0].feedback == "Se kapitlet igen."
        chosen = [c for c in items[0].choices if c.chosen]
        assert [c.feedback for c in chosen] == ["Dansk feedback"]
        assert [c.text.startswith("Dansk") for c in items[0].choices] == [True] * 3

    def test_a_short_answer_is_accepted_in_any_language_of_the_question(
        self, module, learner, locales
    ):
        question = QuizQuestionFactory(
            page=module, kind=QuestionKind.SHORT_ANSWER, choices=[], accepted_answers="Humidity"
        )
        translated = module.copy_for_translation(locales["da"], copy_parents=True)
        translated.save_revision().publish()
        dansk = translated.questions.get(translation_key=question.translation_key)
        dansk.accepted_answers = "Luftfugtighed"
        dansk.save()

        attempt = quiz_attempt_start(user=learner, module=translated)
        attempt = quiz_attempt_submit(
            attempt=attempt, user=learner, answers={question.pk: "luftfugtighed"}
        )

        assert attempt.passed is True


def test_grading_ignores_the_time_an_attempt_took(module, questions, learner, time_machine):
    """No deadline, no limit: a slow learner is graded like a quick one."""
    time_machine.move_to(START, tick=False)
    attempt = quiz_attempt_start(user=learner, module=module)
    time_machine.move_to(START + dt.timedelta(days=3), tick=False)

    graded = quiz_attempt_submit(
        attempt=attempt, user=learner, answers={q.pk: right(q) for q in questions}
    )

    assert graded.passed is True
    assert graded.submitted_at == timezone.now()


def test_resending_a_passed_attempt_completes_the_module_an_outage_left_incomplete(
    module, questions, learner, monkeypatch
):
    """The grade is stored in its own transaction; if the database fails before the module's
    completion is stored, the learner's resend (as the error page asks) completes it."""
    from courses.models import ModuleProgress
    from courses.services import quizzes
    from courses.services.progress import progress_confirm_watched

    progress_confirm_watched(user=learner, module=module)
    attempt = quiz_attempt_start(user=learner, module=module)
    answers = {q.pk: right(q) for q in questions}

    def outage(**kwargs):
        raise quizzes.transaction.DatabaseError("connection lost")

    monkeypatch.setattr(quizzes, "module_completion_update", outage)
    with pytest.raises(quizzes.transaction.DatabaseError):
        quiz_attempt_submit(attempt=attempt, user=learner, answers=answers)
    monkeypatch.undo()
    assert ModuleProgress.objects.get(user=learner, module=module).completed_at is None

    with pytest.raises(QuizAttemptClosed):
        quiz_attempt_submit(attempt=attempt, user=learner, answers=answers)

    assert ModuleProgress.objects.get(user=learner, module=module).completed_at is not None
    attempt.refresh_from_db()
    assert attempt.passed is True
