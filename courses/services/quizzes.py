"""Quiz attempts: starting one under the module's rules, and grading it exactly once.

Grading happens here and only here, from the questions stored on the server; whatever score a
browser might send is never read. Both writes are safe under concurrent requests:

- ``quiz_attempt_start`` numbers attempts 1, 2, 3... and the database allows each number once per
  learner and module, so two simultaneous starts can never both create attempt N, and no attempt
  is created beyond the maximum. On PostgreSQL the learner's enrolment row is locked as well,
  which makes concurrent starts wait for each other instead of failing.
- ``quiz_attempt_submit`` locks the attempt row and claims it with a conditional update
  (``submitted_at IS NULL``) before writing answers, so an attempt is graded once, whoever
  submits it first.
"""

import random
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    Enrolment,
    ModulePage,
    QuestionKind,
    QuizAnswer,
    QuizAttempt,
    QuizQuestion,
    ScoringRule,
)
from ..rules import SUBMIT_GRACE, question_choices, quiz_cooldown_until
from ..selectors.common import canonical_page
from .completion import module_completion_update

_random = random.SystemRandom()


class QuizError(Exception):
    """A rule of the quiz stops the learner; ``message`` says why, in words for the learner."""

    message = _("This quiz cannot be taken right now.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class QuizNotEnrolled(QuizError):
    message = _("Enrol in the course to take its quiz.")


class QuizUnavailable(QuizError):
    message = _("This module has no quiz.")


class QuizAlreadyPassed(QuizError):
    message = _("You have already passed this quiz.")


class QuizNoAttemptsLeft(QuizError):
    message = _("You have used all your attempts at this quiz.")


class QuizCoolingDown(QuizError):
    def __init__(self, until: datetime):
        self.until = until
        super().__init__(_("You can start your next attempt later."))


class QuizAttemptClosed(QuizError):
    message = _("This attempt has already been submitted.")


class QuizTimeUp(QuizError):
    """The submission came after the deadline; the attempt has been closed with no score."""

    message = _("Time ran out before your answers arrived, so this attempt scores nothing.")

    def __init__(self, attempt: QuizAttempt):
        self.attempt = attempt
        super().__init__()


# Answers --------------------------------------------------------------------------------------

_PUNCTUATION_OR_SPACE = re.compile(r"[\W_]+")


def answer_normalise(text: str) -> str:
    """A short answer reduced to what matters when comparing it: letters and digits.

    Case, accents (NFKD decomposition without combining marks, so "Café" is "cafe" and "ﬁ" is
    "fi"), punctuation and runs of whitespace are ignored; "  Jean-Baptiste  Lully. " and
    "jean baptiste lully" are the same answer.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = _PUNCTUATION_OR_SPACE.sub(" ", stripped.casefold())
    return " ".join(words.split())


def _answer_key(text: str) -> str:
    # Without the spaces too, so "R.H." (normalised "r h") matches "RH" and "Jean-Baptiste"
    # matches "Jeanbaptiste".
    return answer_normalise(text).replace(" ", "")


def accepted_answers(*questions: QuizQuestion) -> set[str]:
    """The accepted answers of a question in all the languages given, as keys to compare."""
    answers = set()
    for question in questions:
        for line in question.accepted_answers.splitlines():
            if key := _answer_key(line):
                answers.add(key)
    return answers


@dataclass(frozen=True)
class Grade:
    credit: Fraction
    choice_ids: list[str]
    text: str

    @property
    def is_correct(self) -> bool:
        return self.credit == 1


def _choice_ids(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(item) for item in value if item]


def _as_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if value in ("true", "True", "1"):
        return True
    if value in ("false", "False", "0"):
        return False
    return None


def question_grade(question: QuizQuestion, value, *, accepted: set[str] | None = None) -> Grade:
    """The credit (0 to 1) an answer earns.

    ``value`` is what the learner chose: choice block ids for choice questions, ``True`` /
    ``False`` (or "true" / "false") for a statement, text for a short answer. Choice ids that
    are not choices of the question are dropped. ``accepted`` overrides the normalised accepted
    answers of a short-answer question (to accept them in every language of the question).
    """
    if question.kind == QuestionKind.SHORT_ANSWER:
        text = value if isinstance(value, str) else ""
        text = text.strip()
        if accepted is None:
            accepted = accepted_answers(question)
        key = _answer_key(text)
        credit = Fraction(1) if key and key in accepted else Fraction(0)
        return Grade(credit=credit, choice_ids=[], text=text)

    if question.kind == QuestionKind.TRUE_FALSE:
        chosen = _as_bool(value)
        credit = Fraction(chosen is not None and chosen == question.true_false_answer)
        return Grade(
            credit=credit, choice_ids=[] if chosen is None else [str(chosen).lower()], text=""
        )

    choices = question_choices(question)
    valid = [choice_id for choice_id, _value in choices]
    correct = {choice_id for choice_id, value in choices if value.get("is_correct")}
    # Keep the question's own order, drop duplicates and anything that is not a choice of it.
    given = set(_choice_ids(value))
    chosen_ids = [choice_id for choice_id in valid if choice_id in given]
    chosen = set(chosen_ids)

    if question.kind == QuestionKind.SINGLE_CHOICE:
        credit = Fraction(len(chosen) == 1 and chosen <= correct)
    elif question.scoring == ScoringRule.PARTIAL_CREDIT and correct:
        # Each correct choice ticked earns its share, each wrong one ticked takes a share away
        # (never below nothing), so ticking every box is not a strategy.
        hits = len(chosen & correct)
        misses = len(chosen - correct)
        credit = max(Fraction(0), Fraction(hits - misses, len(correct)))
    else:
        credit = Fraction(chosen == correct)
    return Grade(credit=credit, choice_ids=chosen_ids, text="")


def score_percent(credits: list[Fraction]) -> Fraction:
    if not credits:
        return Fraction(0)
    return sum(credits, Fraction(0)) * 100 / len(credits)


# Starting -------------------------------------------------------------------------------------


def _enrolment(*, user, module_path: str, lock: bool) -> Enrolment:
    # The course is the module's parent page: matched by its tree path, in the same query.
    course_path = module_path[: -ModulePage.steplen]
    enrolments = Enrolment.objects.filter(user=user, course__path=course_path)
    if lock:
        # Lock the enrolment row only, not the course's page rows the join reads.
        enrolments = enrolments.select_for_update(of=("self",))
    enrolment = enrolments.first()
    if enrolment is None:
        raise QuizNotEnrolled()
    return enrolment


def _attempt_close_expired(attempt: QuizAttempt, *, now: datetime) -> bool:
    """Closes an attempt whose time ran out without a submission: it counts, scoring nothing.

    Returns whether this call closed it.
    """
    if attempt.deadline is None or attempt.submitted_at is not None:
        return False
    if now <= attempt.deadline + SUBMIT_GRACE:
        return False
    closed = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=attempt.deadline, score_percent=Decimal("0.00"), passed=False
    )
    attempt.refresh_from_db()
    return bool(closed)


def _question_draw(module: ModulePage) -> tuple[list[int], dict[str, list[str]]]:
    questions = list(module.questions.all().order_by("sort_order", "pk"))
    if not questions:
        raise QuizUnavailable()
    if 0 < module.quiz_draw_count < len(questions):
        drawn = set(_random.sample(range(len(questions)), module.quiz_draw_count))
        # Drawn questions keep the bank's order, which usually follows the recording.
        questions = [question for i, question in enumerate(questions) if i in drawn]
    choice_order = {}
    for question in questions:
        if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            ids = [choice_id for choice_id, _value in question_choices(question)]
            if module.quiz_shuffle_choices:
                _random.shuffle(ids)
            choice_order[str(question.pk)] = ids
    return [question.pk for question in questions], choice_order


def quiz_attempt_start(*, user, module: ModulePage) -> QuizAttempt:
    """The learner's attempt at the module's quiz: the open one, or a new one if the rules allow.

    An open attempt (not submitted, time not run out) is returned as it is, so a second click or
    a second tab never costs an attempt. Otherwise a new attempt draws its questions and the
    order of their choices, and stores them. Raises a ``QuizError`` saying why not: not
    enrolled, no quiz, already passed, no attempts left or waiting for the cooldown.
    """
    module = canonical_page(module)
    now = timezone.now()
    with transaction.atomic():
        # Locking the enrolment makes a learner's starts on PostgreSQL queue up; the unique
        # attempt number below is what guarantees the limits on every database.
        _enrolment(user=user, module_path=module.path, lock=True)
        attempts = list(QuizAttempt.objects.filter(user=user, module=module).order_by("number"))
        for attempt in attempts:
            _attempt_close_expired(attempt, now=now)
        open_attempt = next((a for a in attempts if a.submitted_at is None), None)
        if open_attempt is not None:
            return open_attempt
        if any(attempt.passed for attempt in attempts):
            raise QuizAlreadyPassed()
        if module.quiz_max_attempts and len(attempts) >= module.quiz_max_attempts:
            raise QuizNoAttemptsLeft()
        last = max(attempts, key=lambda a: a.submitted_at, default=None)
        until = quiz_cooldown_until(module=module, last_attempt=last)
        if until is not None and now < until:
            raise QuizCoolingDown(until)

        question_ids, choice_order = _question_draw(module)
        number = len(attempts) + 1
        if attempts:
            number = max(number, attempts[-1].number + 1)
        if module.quiz_max_attempts and number > module.quiz_max_attempts:
            raise QuizNoAttemptsLeft()
        deadline = None
        if module.quiz_time_limit_minutes:
            deadline = now + timedelta(minutes=module.quiz_time_limit_minutes)
        try:
            with transaction.atomic():
                return QuizAttempt.objects.create(
                    user=user,
                    module=module,
                    number=number,
                    deadline=deadline,
                    question_ids=question_ids,
                    choice_order=choice_order,
                )
        except IntegrityError:
            # A concurrent start created this number first (possible where rows cannot be
            # locked, as on SQLite); its attempt is the learner's open attempt.
            winner = (
                QuizAttempt.objects.filter(user=user, module=module, submitted_at__isnull=True)
                .order_by("-number")
                .first()
            )
            if winner is None:
                raise QuizError() from None
            return winner


# Submitting -----------------------------------------------------------------------------------


_GRADING_FIELDS = (
    "kind",
    "choices",
    "scoring",
    "true_false_answer",
    "accepted_answers",
    "translation_key",
)


def _questions_with_translations(question_ids: list[int]):
    """The attempt's questions by id, and every translation's accepted answers per question."""
    questions = QuizQuestion.objects.only(*_GRADING_FIELDS).in_bulk(question_ids)
    short_keys = [
        question.translation_key
        for question in questions.values()
        if question.kind == QuestionKind.SHORT_ANSWER
    ]
    accepted_by_key: dict = {}
    if short_keys:
        for translation in QuizQuestion.objects.filter(translation_key__in=short_keys).only(
            "translation_key", "accepted_answers"
        ):
            accepted_by_key.setdefault(translation.translation_key, []).append(translation)
    return questions, {
        key: accepted_answers(*translations) for key, translations in accepted_by_key.items()
    }


def attempt_grade(
    *,
    attempt: QuizAttempt,
    answers: Mapping,
    questions: Mapping[int, QuizQuestion],
    accepted: Mapping,
    pass_mark: int,
) -> tuple[Decimal, bool, list[QuizAnswer]]:
    """Grades answers against questions already loaded; writes nothing.

    ``accepted`` holds the accepted short answers by translation key (all languages); questions
    deleted from the bank since the attempt began are left out of the score.
    """
    credits = []
    rows = []
    for question_id in attempt.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue
        value = answers.get(question_id, answers.get(str(question_id)))
        grade = question_grade(question, value, accepted=accepted.get(question.translation_key))
        credits.append(grade.credit)
        rows.append(
            QuizAnswer(
                attempt=attempt,
                question=question,
                choice_ids=grade.choice_ids,
                text=grade.text,
                credit=float(grade.credit),
                is_correct=grade.is_correct,
            )
        )
    exact = score_percent(credits)
    stored = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    # Compare the exact score, so 69.996 % does not pass a 70 % mark by rounding.
    passed = bool(credits) and exact >= pass_mark
    return stored, passed, rows


def quiz_attempt_submit(*, attempt: QuizAttempt, user, answers: Mapping) -> QuizAttempt:
    """Grades the attempt from the learner's answers and stores the result, once.

    ``answers`` maps question ids (of the attempt) to what the learner chose, as
    ``question_grade`` describes; answers to other questions are ignored, and a question left
    out scores nothing. A submission later than the deadline plus ``SUBMIT_GRACE`` is not
    graded on its answers: the attempt closes with a score of 0. Raises ``QuizAttemptClosed``
    if the attempt was already graded, ``QuizNotEnrolled`` if the learner has left the course.
    After a pass, the module's completion is updated. Resending a passed attempt updates it
    again before ``QuizAttemptClosed``: a completion lost to a database outage after the grade
    was stored is made good when the learner resends the form, as the error page asks.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = QuizAttempt.objects.select_for_update().filter(pk=attempt.pk, user=user).first()
        if locked is None:
            raise QuizAttempt.DoesNotExist()
        graded_before = locked.submitted_at is not None
        timed_out = not graded_before and _attempt_grade_locked(
            locked, user=user, answers=answers, now=now
        )

    if locked.passed:
        module_completion_update(user=user, module=ModulePage.objects.get(pk=locked.module_id))
    if graded_before:
        raise QuizAttemptClosed()
    if timed_out:
        raise QuizTimeUp(locked)
    return locked


def _attempt_grade_locked(locked: QuizAttempt, *, user, answers: Mapping, now) -> bool:
    """Grades and stores an attempt whose row the caller has locked; returns whether it had
    timed out (then closed with a score of 0)."""
    # Only the two facts needed, not the whole page (whose StreamFields cost time to load).
    module = ModulePage.objects.values("path", "quiz_pass_mark").get(pk=locked.module_id)
    _enrolment(user=user, module_path=module["path"], lock=False)
    if _attempt_close_expired(locked, now=now):
        return True
    questions, accepted = _questions_with_translations(locked.question_ids)
    score, passed, rows = attempt_grade(
        attempt=locked,
        answers=answers,
        questions=questions,
        accepted=accepted,
        pass_mark=module["quiz_pass_mark"],
    )
    # The conditional update claims the attempt: where rows cannot be locked, a second
    # submission finds it already claimed and writes nothing.
    claimed = QuizAttempt.objects.filter(pk=locked.pk, submitted_at__isnull=True).update(
        submitted_at=now, score_percent=score, passed=passed
    )
    if not claimed:
        raise QuizAttemptClosed()
    QuizAnswer.objects.bulk_create(rows)
    locked.submitted_at, locked.score_percent, locked.passed = now, score, passed
    return False
