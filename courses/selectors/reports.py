"""Figures for the course reports in the admin: enrolment and completion, how far learners get
through each recording, and how each quiz question performs.

Every function runs a fixed number of queries however many learners, answers or questions there
are: counting happens in the database, and only what cannot be counted there portably (medians,
which choices each answer picked) is folded in Python from a single streamed query.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, gettext

from wagtail.models import Locale, Page
from wagtail.permissions import page_permission_policy

from ..models import (
    Certificate,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    QuestionKind,
    QuizAnswer,
    QuizAttempt,
    QuizQuestion,
)

# Milestones of the watch drop-off table, as percentages of the recording; the course's own
# watched threshold is reported next to them.
WATCH_MILESTONES = (25, 50, 75)

# True/false answers are recorded as one of these pseudo choice ids (or as this text).
TRUE_FALSE_CHOICES = ("true", "false")

# How many distinct short answers the item analysis lists per question.
SHORT_ANSWERS_LISTED = 5


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``, or None when there is nothing to divide by."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


# --- Which courses an editor may see ---------------------------------------------------------


def report_courses_for_user(*, user) -> QuerySet[CoursePage]:
    """Default-language courses the user may edit or publish, with enrolment figures.

    Learning records point at default-language pages, so a translation's figures are its
    source course's; rights on either version open the report.
    """
    editable = page_permission_policy.instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    default_locale = Locale.get_default()
    editable_keys = CoursePage.objects.filter(pk__in=editable.values("pk")).values(
        "translation_key"
    )
    certificates = (
        Certificate.objects.filter(course=OuterRef("pk"), revoked_at__isnull=True)
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        CoursePage.objects.filter(locale=default_locale, translation_key__in=editable_keys)
        .annotate(
            enrolled_count=Count("enrolments", distinct=True),
            completed_count=Count(
                "enrolments", filter=Q(enrolments__completed_at__isnull=False), distinct=True
            ),
            certificate_count=Coalesce(Subquery(certificates), 0),
        )
        .order_by("title")
    )


def report_course_for_user(*, user, course_id: int) -> CoursePage | None:
    """The course (mapped to its default-language page) if the user may see its report."""
    return (
        report_courses_for_user(user=user)
        .filter(
            translation_key__in=CoursePage.objects.filter(pk=course_id).values("translation_key")
        )
        .first()
    )


# --- Enrolment and completion ----------------------------------------------------------------


@dataclass(frozen=True)
class CourseSummary:
    enrolled: int
    completed: int
    completion_rate: float | None
    median_days_to_complete: float | None
    certificates: int


def course_summary(*, course: CoursePage) -> CourseSummary:
    """Current enrolments, how many completed, and the median time from enrolling to completing.

    Unenrolling deletes the enrolment, so the figures describe the learners enrolled now.
    """
    enrolled = Enrolment.objects.filter(course=course).count()
    durations = [
        (completed_at - enrolled_at).total_seconds()
        for enrolled_at, completed_at in Enrolment.objects.filter(
            course=course, completed_at__isnull=False
        ).values_list("enrolled_at", "completed_at")
    ]
    median = statistics.median(durations) / 86400 if durations else None
    certificates = Certificate.objects.filter(course=course, revoked_at__isnull=True).count()
    return CourseSummary(
        enrolled=enrolled,
        completed=len(durations),
        completion_rate=percent(len(durations), enrolled),
        median_days_to_complete=round(median, 1) if median is not None else None,
        certificates=certificates,
    )


# --- Watch drop-off per module ---------------------------------------------------------------


@dataclass(frozen=True)
class ModuleDropOff:
    module: ModulePage
    title: str
    has_duration: bool
    has_quiz: bool
    enrolled: int
    started: int
    milestones: list[tuple[int, int]]  # (percent of the recording, learners who reached it)
    threshold: int  # the course's watched threshold (%)
    reached_threshold: int
    passed_quiz: int
    completed: int

    @property
    def milestone_figures(self) -> list[tuple[int, int, float | None]]:
        """(percent of the recording, learners who played it, their share of the enrolled)."""
        return [
            (milestone, count, percent(count, self.enrolled))
            for milestone, count in self.milestones
        ]

    @property
    def started_percent(self) -> float | None:
        return percent(self.started, self.enrolled)

    @property
    def reached_threshold_percent(self) -> float | None:
        return percent(self.reached_threshold, self.enrolled)

    @property
    def passed_quiz_percent(self) -> float | None:
        return percent(self.passed_quiz, self.enrolled)

    @property
    def completed_percent(self) -> float | None:
        return percent(self.completed, self.enrolled)


def course_modules(*, course: CoursePage) -> list[ModulePage]:
    """The course's live modules in the order learners meet them."""
    return list(ModulePage.objects.child_of(course).live().order_by("path"))


def _translated_titles(pages: list[Page], language: str | None) -> dict[int, str]:
    """Page titles in the editor's language where a translation exists, by source page id."""
    titles = {page.pk: page.title for page in pages}
    locale = Locale.objects.filter(language_code=language or get_language()).first()
    if locale is None or not pages or locale.pk == pages[0].locale_id:
        return titles
    by_key = dict(
        Page.objects.filter(
            translation_key__in=[page.translation_key for page in pages], locale=locale
        ).values_list("translation_key", "title")
    )
    return {page.pk: by_key.get(page.translation_key, page.title) for page in pages}


def course_module_dropoff(
    *, course: CoursePage, modules: list[ModulePage] | None = None, language: str | None = None
) -> list[ModuleDropOff]:
    """For each module, how many of the course's enrolled learners started the recording,
    played 25/50/75 % of it and the course's threshold, passed the quiz and completed it.

    A recording hosted elsewhere cannot report what was played; confirming "I have watched this"
    counts as reaching the threshold there, as it does for completion.
    """
    if modules is None:
        modules = course_modules(course=course)
    if not modules:
        return []
    enrolled_users = Enrolment.objects.filter(course=course).values("user_id")
    enrolled = Enrolment.objects.filter(course=course).count()
    threshold = course.watched_threshold
    duration = F("module__duration_seconds")

    def reached(share: int) -> Q:
        return Q(module__duration_seconds__gt=0, watched_seconds__gte=duration * share / 100.0)

    confirmed = Q(watched_confirmed_at__isnull=False, module__video_file__isnull=True)
    annotations = {
        "started": Count("pk", filter=Q(watched_seconds__gt=0) | confirmed),
        "threshold": Count("pk", filter=reached(threshold) | confirmed),
        "completed": Count("pk", filter=Q(completed_at__isnull=False)),
    }
    for milestone in WATCH_MILESTONES:
        annotations[f"m{milestone}"] = Count("pk", filter=reached(milestone))
    progress = {
        row["module_id"]: row
        for row in ModuleProgress.objects.filter(module__in=modules, user_id__in=enrolled_users)
        .order_by()
        .values("module_id")
        .annotate(**annotations)
    }
    passed = dict(
        QuizAttempt.objects.filter(module__in=modules, passed=True, user_id__in=enrolled_users)
        .order_by()
        .values("module_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("module_id", "n")
    )
    with_quiz = set(
        QuizQuestion.objects.filter(page__in=modules).values_list("page_id", flat=True).distinct()
    )
    titles = _translated_titles(modules, language)

    rows = []
    for module in modules:
        figures = progress.get(module.pk, {})
        rows.append(
            ModuleDropOff(
                module=module,
                title=titles[module.pk],
                has_duration=bool(module.duration_seconds),
                has_quiz=module.pk in with_quiz,
                enrolled=enrolled,
                started=figures.get("started", 0),
                milestones=[
                    (milestone, figures.get(f"m{milestone}", 0)) for milestone in WATCH_MILESTONES
                ],
                threshold=threshold,
                reached_threshold=figures.get("threshold", 0),
                passed_quiz=passed.get(module.pk, 0),
                completed=figures.get("completed", 0),
            )
        )
    return rows


# --- Quiz item analysis ----------------------------------------------------------------------


@dataclass
class ChoiceAnalysis:
    id: str
    text: str
    is_correct: bool
    chosen: int = 0
    answered: int = 0

    @property
    def chosen_percent(self) -> float | None:
        return percent(self.chosen, self.answered)


@dataclass
class QuestionAnalysis:
    question: QuizQuestion
    module: ModulePage
    module_title: str
    number: int  # position of the question in its module's bank, from 1
    text: str
    kind_label: str
    answered: int = 0
    correct: int = 0
    credit: float = 0.0
    choices: list[ChoiceAnalysis] = field(default_factory=list)
    short_answers: list[tuple[str, int]] = field(default_factory=list)

    @property
    def correct_percent(self) -> float | None:
        return percent(self.correct, self.answered)

    @property
    def mean_credit_percent(self) -> float | None:
        if not self.answered:
            return None
        return round(100 * self.credit / self.answered, 1)


def _question_choices(question: QuizQuestion, translated: QuizQuestion | None) -> list:
    """The choices learners could pick, labelled in the editor's language where translated.

    Choice ids are StreamField block ids, which translations keep, so answers recorded against
    the source question match the translated wording.
    """
    if question.kind == QuestionKind.TRUE_FALSE:
        return [
            ChoiceAnalysis(id="true", text=gettext("True"), is_correct=question.true_false_answer),
            ChoiceAnalysis(
                id="false", text=gettext("False"), is_correct=not question.true_false_answer
            ),
        ]
    if question.kind not in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        return []
    translated_text = {}
    if translated is not None:
        translated_text = {block.id: block.value["text"] for block in translated.choices}
    return [
        ChoiceAnalysis(
            id=block.id,
            text=translated_text.get(block.id) or block.value["text"],
            is_correct=bool(block.value["is_correct"]),
        )
        for block in question.choices
    ]


def course_item_analysis(
    *, course: CoursePage, modules: list[ModulePage] | None = None, language: str | None = None
) -> list[QuestionAnalysis]:
    """Per question of the course's quizzes: how many graded answers, the share correct, the
    mean credit (partial credit counts), the share choosing each choice and, for short answers,
    the most frequent answers as typed.

    Questions are shown in ``language`` (the editor's) where translated.
    """
    if modules is None:
        modules = course_modules(course=course)
    if not modules:
        return []
    module_order = {module.pk: position for position, module in enumerate(modules)}
    modules_by_id = {module.pk: module for module in modules}
    questions = sorted(
        QuizQuestion.objects.filter(page__in=modules),
        key=lambda question: (module_order[question.page_id], question.sort_order or 0),
    )
    if not questions:
        return []

    locale = Locale.objects.filter(language_code=language or get_language()).first()
    translations = {}
    if locale is not None and locale.pk != questions[0].locale_id:
        translations = {
            question.translation_key: question
            for question in QuizQuestion.objects.filter(
                translation_key__in=[question.translation_key for question in questions],
                locale=locale,
            )
        }
    module_titles = _translated_titles(modules, language)

    rows: dict[int, QuestionAnalysis] = {}
    numbers: Counter = Counter()
    for question in questions:
        numbers[question.page_id] += 1
        translated = translations.get(question.translation_key)
        rows[question.pk] = QuestionAnalysis(
            question=question,
            module=modules_by_id[question.page_id],
            module_title=module_titles[question.page_id],
            number=numbers[question.page_id],
            text=translated.text if translated is not None else question.text,
            kind_label=str(QuestionKind(question.kind).label),
            choices=_question_choices(question, translated),
        )

    short_answers: dict[int, Counter] = {}
    answers = (
        QuizAnswer.objects.filter(question_id__in=rows, attempt__submitted_at__isnull=False)
        .order_by()
        .values_list("question_id", "choice_ids", "text", "is_correct", "credit")
    )
    for question_id, choice_ids, text, is_correct, credit in answers.iterator(chunk_size=2000):
        row = rows[question_id]
        row.answered += 1
        row.correct += bool(is_correct)
        row.credit += credit or 0
        chosen = set(choice_ids or [])
        if row.question.kind == QuestionKind.TRUE_FALSE and not chosen and text:
            chosen = {text.strip().lower()}
        for choice in row.choices:
            choice.answered += 1
            choice.chosen += choice.id in chosen
        if row.question.kind == QuestionKind.SHORT_ANSWER:
            short_answers.setdefault(question_id, Counter())[" ".join(text.split()).lower()] += 1

    for question_id, counter in short_answers.items():
        rows[question_id].short_answers = counter.most_common(SHORT_ANSWERS_LISTED)
    return list(rows.values())
