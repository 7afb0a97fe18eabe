"""Grading: every question type and scoring rule, through starting and submitting attempts."""

from decimal import Decimal

import pytest

from courses.factories import QuizQuestionFactory, choice
from courses.models import (
    Enrolment,
    ModuleProgress,
    QuestionKind,
    QuizAnswer,
    QuizAttempt,
    ScoringRule,
)
from courses.services.quizzes import (
    answer_normalise,
    quiz_attempt_start,
    quiz_attempt_submit,
)


@pytest.fixture
def module(modules):
    module = modules[0]
    module.quiz_pass_mark = 50
    module.quiz_shuffle_choices = False
    module.save()
    return module


@pytest.fixture
def learner(user, course):
    Enrolment.objects.create(user=user, course=course)
    return user


def ids(question, *texts):
    return [block.id for block in question.choices if block.value["text"] in texts]


def submit_one(module, learner, question, value):
    """Starts an attempt at a one-question quiz and submits ``value`` as the answer."""
    attempt = quiz_attempt_start(user=learner, module=module)
    assert attempt.question_ids == [question.pk]
    return quiz_attempt_submit(attempt=attempt, user=learner, answers={question.pk: value})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Café", "cafe"),
        ("  Jean-Baptiste   LULLY. ", "jean baptiste lully"),
        ("Ångström", "angstrom"),
        ("Œuvre", "œuvre"),
        ("ﬁligree", "filigree"),  # compatibility ligature
        ("Straße", "strasse"),
        ("Ελληνικά!", "ελληνικα"),
        ("tab\tand\nnewline", "tab and newline"),
        ("¿Qué?", "que"),
        ("", ""),
    ],
)
def test_answer_normalise_ignores_case_accents_punctuation_and_spacing(given, expected):
    assert answer_normalise(given) == expected


class TestSingleChoice:
    @pytest.fixture
    def question(self, module):
        return QuizQuestionFactory(page=module)

    def test_the_correct_choice_scores_full_marks(self, module, learner, question):
        attempt = submit_one(module, learner, question, ids(question, "Right"))

        assert attempt.score_percent == Decimal("100.00")
        assert attempt.passed is True
        answer = QuizAnswer.objects.get(attempt=attempt)
        assert answer.is_correct and answer.credit == 1
        assert answer.choice_ids == ids(question, "Right")

    def test_a_wrong_choice_scores_nothing(self, module, learner, question):
        attempt = submit_one(module, learner, question, ids(question, "Wrong"))

        assert attempt.score_percent == Decimal("0.00")
        assert attempt.passed is False

    def test_two_choices_where_one_is_asked_score_nothing(self, module, learner, question):
        attempt = submit_one(module, learner, question, ids(question, "Right", "Wrong"))

        assert attempt.score_percent == 0

    def test_choice_ids_that_are_not_the_questions_are_ignored(self, module, learner, question):
        other = QuizQuestionFactory(page=module)
        attempt = quiz_attempt_start(user=learner, module=module)
        attempt = quiz_attempt_submit(
            attempt=attempt,
            user=learner,
            # The right choice of another question, and a made-up id.
            answers={question.pk: [*ids(other, "Right"), "forged"], other.pk: []},
        )

        assert attempt.score_percent == 0
        answer = QuizAnswer.objects.get(attempt=attempt, question=question)
        assert answer.choice_ids == []


class TestMultipleChoice:
    def question(self, module, scoring):
        return QuizQuestionFactory(
            page=module,
            kind=QuestionKind.MULTIPLE_CHOICE,
            scoring=scoring,
            choices=[
                choice("A", correct=True),
                choice("B", correct=True),
                choice("C"),
                choice("D"),
            ],
        )

    @pytest.mark.parametrize(
        ("chosen", "score"),
        [
            (["A", "B"], Decimal("100.00")),
            (["A"], Decimal("0.00")),
            (["A", "B", "C"], Decimal("0.00")),
            ([], Decimal("0.00")),
        ],
    )
    def test_all_or_nothing(self, module, learner, chosen, score):
        question = self.question(module, ScoringRule.ALL_OR_NOTHING)

        attempt = submit_one(module, learner, question, ids(question, *chosen))

        assert attempt.score_percent == score

    @pytest.mark.parametrize(
        ("chosen", "score", "correct"),
        [
            (["A", "B"], Decimal("100.00"), True),
            (["A"], Decimal("50.00"), False),
            (["A", "B", "C"], Decimal("50.00"), False),  # a wrong tick takes a share away
            (["A", "C"], Decimal("0.00"), False),
            (["A", "C", "D"], Decimal("0.00"), False),  # never below nothing
            (["A", "B", "C", "D"], Decimal("0.00"), False),  # ticking everything earns nothing
        ],
    )
    def test_partial_credit(self, module, learner, chosen, score, correct):
        question = self.question(module, ScoringRule.PARTIAL_CREDIT)

        attempt = submit_one(module, learner, question, ids(question, *chosen))

        assert attempt.score_percent == score
        answer = QuizAnswer.objects.get(attempt=attempt)
        assert answer.credit == float(score) / 100
        assert answer.is_correct is correct

    def test_partial_credit_counts_towards_the_pass_mark(self, module, learner):
        module.quiz_pass_mark = 75
        module.save()
        partial = self.question(module, ScoringRule.PARTIAL_CREDIT)
        single = QuizQuestionFactory(page=module)

        attempt = quiz_attempt_start(user=learner, module=module)
        attempt = quiz_attempt_submit(
            attempt=attempt,
            user=learner,
            answers={partial.pk: ids(partial, "A"), single.pk: ids(single, "Right")},
        )

        assert attempt.score_percent == Decimal("75.00")  # (0.5 + 1) / 2
        assert attempt.passed is True


class TestTrueFalse:
    @pytest.fixture
    def question(self, module):
        return QuizQuestionFactory(
            page=module, kind=QuestionKind.TRUE_FALSE, choices=[], true_false_answer=False
        )

    @pytest.mark.parametrize(("value", "score"), [(False, 100), ("false", 100), (True, 0)])
    def test_the_statement_is_graded_against_its_truth(
        self, module, learner, question, value, score
    ):
        attempt = submit_one(module, learner, question, value)

        assert attempt.score_percent == score

    def test_no_answer_scores_nothing(self, module, learner, question):
        attempt = submit_one(module, learner, question, None)

        assert attempt.score_percent == 0
        assert QuizAnswer.objects.get(attempt=attempt).choice_ids == []


class TestShortAnswer:
    @pytest.fixture
    def question(self, module):
        return QuizQuestionFactory(
            page=module,
            kind=QuestionKind.SHORT_ANSWER,
            choices=[],
            accepted_answers="Relative humidity\nRH\n",
        )

    @pytest.mark.parametrize(
        ("text", "score"),
        [
            ("relative humidity", 100),
            ("  RELATIVE   Humidity. ", 100),
            ("R. H.", 100),
            ("humid relative", 0),
            ("rh!", 100),
            ("Rélàtive HUMÎDITY", 100),
            ("humidity", 0),
            ("", 0),
            ("   ", 0),
        ],
    )
    def test_the_answer_matches_after_normalisation(self, module, learner, question, text, score):
        attempt = submit_one(module, learner, question, text)

        assert attempt.score_percent == score
        assert QuizAnswer.objects.get(attempt=attempt).text == text.strip()

    def test_an_empty_accepted_line_does_not_accept_empty_answers(self, module, learner):
        question = QuizQuestionFactory(
            page=module, kind=QuestionKind.SHORT_ANSWER, choices=[], accepted_answers="\n  \n"
        )

        attempt = submit_one(module, learner, question, "")

        assert attempt.score_percent == 0


def test_the_score_is_the_share_of_credit_and_the_pass_mark_is_inclusive(module, learner):
    module.quiz_pass_mark = 60
    module.save()
    questions = [QuizQuestionFactory(page=module) for _ in range(5)]
    attempt = quiz_attempt_start(user=learner, module=module)
    answers = {q.pk: ids(q, "Right" if i < 3 else "Wrong") for i, q in enumerate(questions)}

    attempt = quiz_attempt_submit(attempt=attempt, user=learner, answers=answers)

    assert attempt.score_percent == Decimal("60.00")
    assert attempt.passed is True
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 5
    assert QuizAnswer.objects.filter(attempt=attempt, is_correct=True).count() == 3


def test_a_score_just_below_the_pass_mark_fails_even_if_it_rounds_up(module, learner):
    # 2 of 3 is 66.666...%, stored as 66.67; a 66.67 % pass mark is not reached.
    module.quiz_pass_mark = 67
    module.save()
    questions = [QuizQuestionFactory(page=module) for _ in range(3)]
    attempt = quiz_attempt_start(user=learner, module=module)
    answers = {q.pk: ids(q, "Right" if i < 2 else "Wrong") for i, q in enumerate(questions)}

    attempt = quiz_attempt_submit(attempt=attempt, user=learner, answers=answers)

    assert attempt.score_percent == Decimal("66.67")
    assert attempt.passed is False


def test_a_pass_completes_a_watched_module(module, learner):
    question = QuizQuestionFactory(page=module)
    ModuleProgress.objects.create(
        user=learner, module=module, watched_seconds=module.duration_seconds
    )

    submit_one(module, learner, question, ids(question, "Right"))

    assert ModuleProgress.objects.get(user=learner, module=module).completed_at is not None


def test_a_fail_does_not_complete_the_module(module, learner):
    question = QuizQuestionFactory(page=module)
    ModuleProgress.objects.create(
        user=learner, module=module, watched_seconds=module.duration_seconds
    )

    submit_one(module, learner, question, ids(question, "Wrong"))

    assert ModuleProgress.objects.get(user=learner, module=module).completed_at is None
    assert QuizAttempt.objects.get().passed is False
