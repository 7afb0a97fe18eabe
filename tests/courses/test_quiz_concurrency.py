"""Attempt limits and single grading under concurrent requests.

On PostgreSQL, real threads (each with its own database connection) start and submit at the
same moment. SQLite cannot run writers in parallel, so there the same races are staged: the
competing request's write is slipped in at the worst moment of the service.
"""

import threading
from decimal import Decimal

from django.db import connection
from django.utils import timezone

import pytest

import courses.services.quizzes as quiz_services
from courses.factories import QuizQuestionFactory
from courses.models import Enrolment, QuizAnswer, QuizAttempt
from courses.services.quizzes import (
    QuizAttemptClosed,
    QuizError,
    quiz_attempt_start,
    quiz_attempt_submit,
)

THREADS = 8

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent transactions need PostgreSQL; run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/hh_<name>",
)


@pytest.fixture
def module(modules):
    return modules[0]


@pytest.fixture
def questions(module):
    return [QuizQuestionFactory(page=module) for _ in range(3)]


@pytest.fixture
def learner(user, course):
    Enrolment.objects.create(user=user, course=course)
    return user


def right_answers(questions):
    return {q.pk: [block.id for block in q.choices if block.value["is_correct"]] for q in questions}


def run_together(target, count=THREADS):
    """Runs ``target()`` in ``count`` threads released at once; returns results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [], []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait()
            result = target()
            with lock:
                results.append(result)
        except Exception as error:  # collected for the assertions
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@on_postgresql
# Transactional tests empty the database afterwards; serialized_rollback restores the
# locales and root page that migrations create.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestOnPostgreSQL:
    def test_concurrent_starts_create_one_attempt(self, module, questions, learner):
        module.quiz_max_attempts = 1
        module.save()

        results, errors = run_together(lambda: quiz_attempt_start(user=learner, module=module))

        assert errors == []
        assert QuizAttempt.objects.count() == 1
        assert {attempt.pk for attempt in results} == {QuizAttempt.objects.get().pk}

    def test_concurrent_start_and_submit_never_exceed_the_maximum(self, module, questions, learner):
        module.quiz_max_attempts = 3
        module.save()

        def start_and_fail():
            for _ in range(3):
                try:
                    attempt = quiz_attempt_start(user=learner, module=module)
                    quiz_attempt_submit(attempt=attempt, user=learner, answers={})
                except QuizError:
                    pass

        run_together(start_and_fail)

        numbers = sorted(QuizAttempt.objects.values_list("number", flat=True))
        assert numbers == [1, 2, 3]
        assert not QuizAttempt.objects.filter(submitted_at__isnull=True).exists()

    def test_concurrent_submissions_grade_an_attempt_once(self, module, questions, learner):
        attempt = quiz_attempt_start(user=learner, module=module)
        answers = right_answers(questions)

        results, errors = run_together(
            lambda: quiz_attempt_submit(attempt=attempt, user=learner, answers=answers)
        )

        assert len(results) == 1
        assert len(errors) == THREADS - 1
        assert all(isinstance(error, QuizAttemptClosed) for error in errors)
        assert QuizAnswer.objects.filter(attempt=attempt).count() == len(questions)
        attempt.refresh_from_db()
        assert attempt.score_percent == Decimal("100.00")


class TestStagedRacesOnAnyDatabase:
    def test_a_start_that_loses_the_race_returns_the_winners_attempt(
        self, module, questions, learner, monkeypatch
    ):
        module.quiz_max_attempts = 1
        module.save()
        real_draw = quiz_services._question_draw
        competitor = {}

        def draw_while_a_competitor_starts(module):
            # The other request inserts attempt 1 after this one has counted the attempts.
            competitor["attempt"] = QuizAttempt.objects.create(
                user=learner, module=module, number=1
            )
            return real_draw(module)

        monkeypatch.setattr(quiz_services, "_question_draw", draw_while_a_competitor_starts)

        attempt = quiz_attempt_start(user=learner, module=module)

        assert QuizAttempt.objects.count() == 1
        assert attempt.pk == competitor["attempt"].pk
        assert attempt.number == 1

    def test_a_submission_that_loses_the_race_writes_nothing(
        self, module, questions, learner, monkeypatch
    ):
        attempt = quiz_attempt_start(user=learner, module=module)
        real_grade = quiz_services.attempt_grade

        def grade_after_a_competitor(**kwargs):
            # The other request grades the attempt (a fail) while this one is grading.
            QuizAttempt.objects.filter(pk=attempt.pk).update(
                submitted_at=timezone.now(), score_percent=0, passed=False
            )
            return real_grade(**kwargs)

        monkeypatch.setattr(quiz_services, "attempt_grade", grade_after_a_competitor)

        with pytest.raises(QuizAttemptClosed):
            quiz_attempt_submit(attempt=attempt, user=learner, answers=right_answers(questions))

        # Neither a grade nor answers of the losing submission were written.
        attempt.refresh_from_db()
        assert attempt.passed is not True
        assert not QuizAnswer.objects.exists()

    def test_the_database_refuses_a_second_attempt_with_the_same_number(
        self, module, questions, learner
    ):
        from django.db import IntegrityError, transaction

        attempt = quiz_attempt_start(user=learner, module=module)

        with pytest.raises(IntegrityError), transaction.atomic():
            QuizAttempt.objects.create(user=learner, module=module, number=attempt.number)

    def test_the_database_refuses_a_grade_without_a_submission_date(
        self, module, questions, learner
    ):
        from django.db import IntegrityError, transaction

        attempt = quiz_attempt_start(user=learner, module=module)

        with pytest.raises(IntegrityError), transaction.atomic():
            QuizAttempt.objects.filter(pk=attempt.pk).update(score_percent=100, passed=True)
