"""What the quiz pages show: a learner's standing on a module's quiz, an attempt's questions in
the learner's language, and the review of a graded attempt.

Attempts store the ids of the default-language questions; the text a learner reads comes from
the question's translation into the current language where a published one exists (matched by
``translation_key``, choices by their block ids), else from the default-language question.
Nothing that reveals the right answer (``is_correct``, feedback, accepted answers) is part of
``QuestionView``; only ``attempt_review``, for graded attempts, reads it, and shows what the
module's "show correct answers" setting allows (see ``quiz_feedback_shown``).
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from wagtail.models import Locale

from ..models import (
    Enrolment,
    ModulePage,
    QuestionKind,
    QuizAnswer,
    QuizAnswersShown,
    QuizAttempt,
    QuizQuestion,
)
from ..rules import SUBMIT_GRACE, question_choices, quiz_cooldown_until
from .common import canonical_page


@dataclass
class QuizState:
    module: ModulePage
    pool_size: int
    questions_per_attempt: int
    enrolled: bool
    attempts: list[QuizAttempt]
    open_attempt: QuizAttempt | None
    attempts_left: int | None  # None: unlimited
    cooldown_until: datetime | None
    best_score: Decimal | None
    passed: bool

    @property
    def has_quiz(self) -> bool:
        return self.pool_size > 0

    @property
    def attempts_used(self) -> int:
        return len(self.attempts)

    @property
    def can_start(self) -> bool:
        """Whether the start button works now (resuming an open attempt included)."""
        if not (self.has_quiz and self.enrolled):
            return False
        if self.open_attempt is not None:
            return True
        return (
            not self.passed
            and (self.attempts_left is None or self.attempts_left > 0)
            and self.cooldown_until is None
        )


def attempt_timed_out(attempt: QuizAttempt, *, now: datetime | None = None) -> bool:
    """An attempt whose time ran out without a submission (closed or about to be)."""
    if attempt.deadline is None:
        return False
    if attempt.submitted_at is None:
        return (now or timezone.now()) > attempt.deadline + SUBMIT_GRACE
    # Closed for running out of time: see ``services.quizzes._attempt_close_expired``.
    return attempt.submitted_at == attempt.deadline


def quiz_state(*, user, module: ModulePage) -> QuizState:
    """The learner's standing on the module's quiz (the module may be any translation)."""
    module = canonical_page(module)
    now = timezone.now()
    pool_size = module.questions.count()
    per_attempt = pool_size
    if 0 < module.quiz_draw_count < pool_size:
        per_attempt = module.quiz_draw_count
    enrolled = (
        user.is_authenticated
        and Enrolment.objects.filter(user=user, course_id=module.get_parent().pk).exists()
    )
    attempts = (
        list(QuizAttempt.objects.filter(user=user, module=module).order_by("number"))
        if user.is_authenticated
        else []
    )
    open_attempt = next(
        (a for a in attempts if a.submitted_at is None and not attempt_timed_out(a, now=now)),
        None,
    )
    scores = [a.score_percent for a in attempts if a.score_percent is not None]
    passed = any(a.passed for a in attempts)
    attempts_left = None
    if module.quiz_max_attempts:
        attempts_left = max(0, module.quiz_max_attempts - len(attempts))
    cooldown_until = None
    if open_attempt is None and attempts:
        # An attempt that timed out but is not closed yet ends at its deadline.
        last = max(attempts, key=lambda a: a.submitted_at or a.deadline)
        if last.submitted_at is None:
            last = QuizAttempt(submitted_at=last.deadline)
        until = quiz_cooldown_until(module=module, last_attempt=last)
        if until is not None and now < until:
            cooldown_until = until
    return QuizState(
        module=module,
        pool_size=pool_size,
        questions_per_attempt=per_attempt,
        enrolled=enrolled,
        attempts=attempts,
        open_attempt=open_attempt,
        attempts_left=attempts_left,
        cooldown_until=cooldown_until,
        best_score=max(scores, default=None),
        passed=passed,
    )


def quiz_attempt_for_user(*, user, attempt_id: int) -> QuizAttempt | None:
    """The learner's own attempt with its module, or None (someone else's is None too)."""
    if not user.is_authenticated:
        return None
    return QuizAttempt.objects.select_related("module").filter(pk=attempt_id, user=user).first()


def quiz_answers_shown(*, attempt: QuizAttempt) -> bool:
    """Whether the review of a graded attempt may show the correct answers."""
    if attempt.submitted_at is None:
        return False
    rule = attempt.module.quiz_answers_shown
    if rule == QuizAnswersShown.AFTER_EACH_ATTEMPT:
        return True
    if rule == QuizAnswersShown.AFTER_PASSING:
        return (
            bool(attempt.passed)
            or QuizAttempt.objects.filter(
                user_id=attempt.user_id, module_id=attempt.module_id, passed=True
            ).exists()
        )
    return False


def quiz_feedback_shown(*, attempt: QuizAttempt, answers_shown: bool) -> bool:
    """Whether the review of a graded attempt may show the feedback that can give an answer
    away: the feedback on choices and the question's "feedback when incorrect".

    Editors often write such feedback as "No: the answer is B, because...", so on a quiz that
    shows the correct answers only once passed it waits for the pass as well, or a failed
    attempt would hand out what the setting holds back. Before then the learner still sees
    the score, which questions earned credit, their own answers, the "feedback when correct"
    of questions they got right (which tells them nothing they did not answer) and the
    "review this part" links. The other settings show feedback after every attempt, as they
    always have. ``answers_shown`` is ``quiz_answers_shown`` for the attempt.
    """
    if attempt.module.quiz_answers_shown == QuizAnswersShown.AFTER_PASSING:
        return answers_shown
    return True


def page_for_locale(page, locale: Locale | None = None):
    """The live translation of a page into the current language, else the page itself."""
    locale = locale or Locale.get_active()
    if page.locale_id == locale.pk:
        return page
    translation = page.get_translation_or_none(locale)
    if translation is not None and translation.live:
        return translation.specific
    return page


# Questions ------------------------------------------------------------------------------------


@dataclass
class ChoiceView:
    id: str
    text: str


@dataclass
class QuestionView:
    """A question as the learner sees it while answering: no correct answers, no feedback."""

    id: int
    number: int
    kind: str
    text: str
    language: str
    choices: list[ChoiceView] = field(default_factory=list)

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)

    @property
    def field_name(self) -> str:
        return f"q_{self.id}"


def _attempt_questions_and_translations(attempt: QuizAttempt, locale: Locale):
    questions = QuizQuestion.objects.select_related("locale").in_bulk(attempt.question_ids)
    translations = {}
    keys = [q.translation_key for q in questions.values() if q.locale_id != locale.pk]
    if keys:
        translations = {
            translation.translation_key: translation
            for translation in QuizQuestion.objects.filter(
                translation_key__in=keys, locale=locale, page__live=True
            )
        }
    return questions, translations


def _question_view(number, question, translation, choice_order, locale) -> QuestionView:
    shown = translation or question
    choice_texts = {choice_id: value["text"] for choice_id, value in question_choices(question)}
    if translation is not None:
        choice_texts.update(
            {choice_id: value["text"] for choice_id, value in question_choices(translation)}
        )
    order = choice_order.get(str(question.pk)) or list(choice_texts)
    return QuestionView(
        id=question.pk,
        number=number,
        kind=question.kind,
        text=shown.text,
        language=locale.language_code if translation else question.locale.language_code,
        choices=[
            ChoiceView(id=choice_id, text=choice_texts[choice_id])
            for choice_id in order
            if choice_id in choice_texts
        ],
    )


def attempt_questions(*, attempt: QuizAttempt, locale: Locale | None = None) -> list[QuestionView]:
    """The attempt's questions in the order drawn, choices in the order stored for it, in the
    current language; questions deleted from the bank since are left out. A fixed number of
    queries whatever the number of questions."""
    locale = locale or Locale.get_active()
    questions, translations = _attempt_questions_and_translations(attempt, locale)
    views = []
    for question_id in attempt.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue
        views.append(
            _question_view(
                len(views) + 1,
                question,
                translations.get(question.translation_key),
                attempt.choice_order,
                locale,
            )
        )
    return views


# Review ---------------------------------------------------------------------------------------


@dataclass
class ReviewChoice:
    id: str
    text: str
    chosen: bool
    correct: bool | None  # None when the correct answers are not shown
    feedback: str


@dataclass
class ReviewItem:
    question: QuestionView
    answered: bool
    is_correct: bool
    credit: float
    feedback: str
    choices: list[ReviewChoice]
    answer_text: str
    true_false_given: bool | None
    correct_answer_text: str  # a short answer that is accepted; empty when not shown
    true_false_answer: bool | None  # None when not a statement or not shown
    review_at_seconds: int | None

    @property
    def credit_percent(self) -> int:
        return round(self.credit * 100)


def attempt_review(
    *, attempt: QuizAttempt, show_correct: bool, locale: Locale | None = None
) -> list[ReviewItem]:
    """A graded attempt question by question: the learner's answer, whether it earned credit,
    the feedback the module's setting allows (``quiz_feedback_shown``) and (when
    ``show_correct``) the correct answers. Fixed number of queries."""
    locale = locale or Locale.get_active()
    show_feedback = quiz_feedback_shown(attempt=attempt, answers_shown=show_correct)
    questions, translations = _attempt_questions_and_translations(attempt, locale)
    answers = {answer.question_id: answer for answer in QuizAnswer.objects.filter(attempt=attempt)}
    items = []
    for question_id in attempt.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue
        translation = translations.get(question.translation_key)
        shown = translation or question
        view = _question_view(len(items) + 1, question, translation, attempt.choice_order, locale)
        answer = answers.get(question_id)
        chosen = set(answer.choice_ids) if answer else set()
        is_correct = bool(answer and answer.is_correct)

        raw_choices = question_choices(question)
        choice_feedback = {choice_id: value.get("feedback", "") for choice_id, value in raw_choices}
        if translation is not None:
            choice_feedback.update(
                {
                    choice_id: value.get("feedback", "")
                    for choice_id, value in question_choices(translation)
                }
            )
        correct_ids = {choice_id for choice_id, value in raw_choices if value.get("is_correct")}
        choices = [
            ReviewChoice(
                id=choice.id,
                text=choice.text,
                chosen=choice.id in chosen,
                correct=(choice.id in correct_ids) if show_correct else None,
                feedback=(
                    choice_feedback.get(choice.id, "")
                    if show_feedback and choice.id in chosen
                    else ""
                ),
            )
            for choice in view.choices
        ]

        if is_correct:
            feedback = shown.feedback_correct
        else:
            feedback = shown.feedback_incorrect if show_feedback else ""

        true_false_given = None
        if question.kind == QuestionKind.TRUE_FALSE and chosen:
            true_false_given = "true" in chosen
        correct_answer_text = ""
        if show_correct and question.kind == QuestionKind.SHORT_ANSWER:
            lines = [line.strip() for line in shown.accepted_answers.splitlines() if line.strip()]
            correct_answer_text = lines[0] if lines else ""

        items.append(
            ReviewItem(
                question=view,
                answered=bool(answer and (answer.choice_ids or answer.text)),
                is_correct=is_correct,
                credit=answer.credit if answer else 0.0,
                feedback=feedback,
                choices=choices,
                answer_text=answer.text if answer else "",
                true_false_given=true_false_given,
                correct_answer_text=correct_answer_text,
                true_false_answer=(
                    question.true_false_answer
                    if show_correct and question.kind == QuestionKind.TRUE_FALSE
                    else None
                ),
                review_at_seconds=question.review_at_seconds,
            )
        )
    return items
