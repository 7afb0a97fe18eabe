"""What a learner sees of their courses: the outline of a course with each module's status, the
state of one module, and the dashboard of everything they are enrolled in.

Learning records point at the default-language pages; these selectors show each course and
module in the current language where a live translation exists. Each function's query count is
constant, however many courses and modules there are.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q
from django.utils.translation import get_language, get_supported_language_variant

from wagtail.models import Locale, Page

from ..models import (
    Certificate,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    QuizAttempt,
    QuizQuestion,
)
from ..rules import watched_percent
from .common import canonical_page, default_language_code

# SQLite stores UUIDs as text: the raw query's value needs the field's conversion.
_TRANSLATION_KEY = Page._meta.get_field("translation_key")


@dataclass
class ModuleStatus:
    """One module of a course as the learner stands with it."""

    page: ModulePage  # shown: the translation in the current language where there is one
    canonical: ModulePage  # where the learner's records point
    progress: ModuleProgress | None = None
    has_quiz: bool = False
    quiz_passed: bool = False

    @property
    def completed(self) -> bool:
        return self.progress is not None and self.progress.completed_at is not None

    @property
    def started(self) -> bool:
        return self.progress is not None and (
            self.progress.watched_seconds > 0 or self.progress.watched_confirmed_at is not None
        )

    @property
    def is_external(self) -> bool:
        """Hosted elsewhere: the player cannot report progress, the learner confirms instead."""
        return not self.canonical.video_file_id

    @property
    def watched_confirmed(self) -> bool:
        return (
            self.is_external
            and self.progress is not None
            and self.progress.watched_confirmed_at is not None
        )

    @property
    def watched_percent(self) -> int:
        if self.watched_confirmed:
            return 100
        if self.progress is None:
            return 0
        return watched_percent(
            watched_seconds=self.progress.watched_seconds,
            duration=self.canonical.duration_seconds,
        )

    @property
    def position_seconds(self) -> int:
        return int(self.progress.position_seconds) if self.progress else 0


@dataclass
class CourseOutline:
    """A course, the learner's enrolment and certificate, and its modules in order."""

    page: CoursePage  # shown
    canonical: CoursePage
    enrolment: Enrolment | None = None
    certificate: Certificate | None = None
    modules: list[ModuleStatus] = field(default_factory=list)

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def completed(self) -> bool:
        return self.enrolment is not None and self.enrolment.completed_at is not None

    @property
    def required_modules(self) -> list[ModuleStatus]:
        return [module for module in self.modules if module.canonical.is_required]

    @property
    def required_completed_count(self) -> int:
        return sum(module.completed for module in self.required_modules)

    @property
    def percent_complete(self) -> int:
        required = self.required_modules
        if self.completed or not required:
            return 100 if self.completed else 0
        return self.required_completed_count * 100 // len(required)

    @property
    def duration_seconds(self) -> int:
        """The running time of the course's recordings, of those whose length is known."""
        return sum(module.canonical.duration_seconds or 0 for module in self.modules)

    @property
    def resume(self) -> ModuleStatus | None:
        """Where to carry on: the first module not yet complete, preferring required ones."""
        for module in self.required_modules:
            if not module.completed:
                return module
        return next((module for module in self.modules if not module.completed), None)


@dataclass
class LearnerDashboard:
    courses: list[CourseOutline]
    certificates: list[Certificate]
    # Where a learner without courses finds some: the course index in their language.
    catalogue: CourseIndexPage | None = None

    @property
    def cpd_hours_earned(self) -> Decimal:
        return sum(
            (outline.canonical.cpd_hours for outline in self.courses if outline.completed),
            Decimal(0),
        )


def _current_language() -> str:
    try:
        return get_supported_language_variant(get_language() or "")
    except LookupError:
        return ""


def _translations(model, canonical_pages: list, language: str) -> dict[int, object]:
    """Live translations in the language of the given pages, by the canonical page's id."""
    by_key = {page.translation_key: page for page in canonical_pages}
    pending = [page for page in canonical_pages if page.locale.language_code != language]
    if not pending or not language:
        return {}
    translations = model.objects.live().filter(
        translation_key__in=[page.translation_key for page in pending],
        locale__language_code=language,
    )
    return {by_key[page.translation_key].pk: page for page in translations}


def _outlines(*, user, courses: list[CoursePage], shown: dict[int, CoursePage]) -> list:
    """Outlines of the canonical ``courses`` in a constant number of queries."""
    if not courses:
        return []
    language = _current_language()
    outlines = {
        course.pk: CourseOutline(page=shown.get(course.pk) or course, canonical=course)
        for course in courses
    }
    by_path = {course.path: outlines[course.pk] for course in courses}
    children = reduce(
        or_, (Q(path__startswith=course.path, depth=course.depth + 1) for course in courses)
    )
    modules = list(
        ModulePage.objects.live().filter(children).select_related("locale").order_by("path")
    )
    module_translations = _translations(ModulePage, modules, language)
    statuses = {}
    for module in modules:
        status = ModuleStatus(page=module_translations.get(module.pk, module), canonical=module)
        statuses[module.pk] = status
        by_path[module.path[: -module.steplen]].modules.append(status)

    module_ids = list(statuses)
    quiz_ids = set(
        QuizQuestion.objects.filter(page_id__in=module_ids)
        .values_list("page_id", flat=True)
        .distinct()
    )
    for module_id in quiz_ids:
        statuses[module_id].has_quiz = True
    if user.is_authenticated:
        for progress in ModuleProgress.objects.filter(user=user, module_id__in=module_ids):
            statuses[progress.module_id].progress = progress
        passed = (
            QuizAttempt.objects.filter(user=user, module_id__in=quiz_ids, passed=True)
            .values_list("module_id", flat=True)
            .distinct()
        )
        for module_id in passed:
            statuses[module_id].quiz_passed = True
        for certificate in Certificate.objects.filter(user=user, course_id__in=list(outlines)):
            outlines[certificate.course_id].certificate = certificate
    return list(outlines.values())


def course_outline(*, user, course: CoursePage) -> CourseOutline:
    """The course page's outline: modules in order with their status, enrolment, certificate."""
    canonical = canonical_page(course)
    (outline,) = _outlines(user=user, courses=[canonical], shown={canonical.pk: course})
    if user.is_authenticated:
        outline.enrolment = Enrolment.objects.filter(user=user, course=canonical).first()
    return outline


def courses_for_learner(*, user) -> LearnerDashboard:
    """The learner's dashboard: enrolled courses (latest first) and all their certificates."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "course__locale")
        .order_by("-enrolled_at")
    )
    courses = [enrolment.course for enrolment in enrolments]
    shown = _translations(CoursePage, courses, _current_language())
    outlines = _outlines(user=user, courses=courses, shown=shown)
    for outline, enrolment in zip(outlines, enrolments, strict=True):
        outline.enrolment = enrolment
    certificates = list(Certificate.objects.filter(user=user).order_by("-issued_at"))
    catalogue = None if outlines else course_catalogue()
    return LearnerDashboard(courses=outlines, certificates=certificates, catalogue=catalogue)


def course_catalogue() -> CourseIndexPage | None:
    """The live course index in the current language, else the default language's, for
    "Browse the courses" links."""
    indexes = {}
    for index in CourseIndexPage.objects.live().public().select_related("locale").order_by("path"):
        indexes.setdefault(index.locale.language_code, index)
    return indexes.get(_current_language()) or indexes.get(default_language_code())


@dataclass
class ModuleLearningState:
    """What the module page shows of the learner's progress and what they may do."""

    course: CoursePage  # the canonical course
    status: ModuleStatus
    enrolled: bool

    @property
    def can_report_progress(self) -> bool:
        return self.enrolled and not self.status.is_external

    @property
    def can_confirm(self) -> bool:
        return self.enrolled and self.status.is_external and not self.status.watched_confirmed


def module_learning_state(*, user, module: ModulePage) -> ModuleLearningState:
    canonical = canonical_page(module)
    course = CoursePage.objects.get(path=canonical.path[: -canonical.steplen])
    status = ModuleStatus(page=module, canonical=canonical)
    status.has_quiz = QuizQuestion.objects.filter(page=canonical).exists()
    enrolled = False
    if user.is_authenticated:
        enrolled = Enrolment.objects.filter(user=user, course=course).exists()
        status.progress = ModuleProgress.objects.filter(user=user, module=canonical).first()
        if status.has_quiz:
            status.quiz_passed = QuizAttempt.objects.filter(
                user=user, module=canonical, passed=True
            ).exists()
    return ModuleLearningState(course=course, status=status, enrolled=enrolled)


@dataclass
class NextStep:
    """Where a learner goes on from a module they have finished (or whose quiz they passed):
    the next module of the course in order, and whether the course, and its certificate, are
    done. After the last module, with no certificate to show, pages lead back to the course."""

    module: ModulePage | None  # the next module, in the current language where translated
    course_completed: bool = False
    certificate: Certificate | None = None


def module_next_step(*, user, module: ModulePage) -> NextStep:
    """The step after ``module`` for ``user``, in a constant number of queries.

    "Next" is the following module in the course's order, required or not, whatever the
    learner's progress in it: the pages say "Next module", and the course page lists them in
    that order.
    """
    canonical = canonical_page(module)
    course_path = canonical.path[: -canonical.steplen]
    following = (
        ModulePage.objects.live()
        .filter(path__startswith=course_path, depth=canonical.depth, path__gt=canonical.path)
        .select_related("locale")
        .order_by("path")
        .first()
    )
    if following is not None:
        following = _translations(ModulePage, [following], _current_language()).get(
            following.pk, following
        )
    step = NextStep(module=following)
    if user.is_authenticated:
        # The course's id is not at hand (only its path): both lookups join to it by path.
        step.course_completed = Enrolment.objects.filter(
            user=user, course__path=course_path, completed_at__isnull=False
        ).exists()
        # A revoked certificate is not announced as ready, nor offered as a PDF.
        step.certificate = Certificate.objects.filter(
            user=user, course__path=course_path, revoked_at__isnull=True
        ).first()
    return step


# Plain SQL that PostgreSQL and SQLite both run. An ancestor's path is the start of the
# module's, as long as the ancestor's depth says: the EXISTS covers the page and its ancestors.
MODULE_FOR_PROGRESS_SQL = """
SELECT p.id, p.path, p.depth, p.translation_key, p.locale_id, l.language_code,
       m.duration_seconds, m.video_file_id,
       EXISTS (
           SELECT 1 FROM wagtailcore_pageviewrestriction r
           INNER JOIN wagtailcore_page a ON a.id = r.page_id
           WHERE a.path = SUBSTR(p.path, 1, a.depth * %s)
       )
FROM courses_modulepage m
INNER JOIN wagtailcore_page p ON p.id = m.page_ptr_id
INNER JOIN wagtailcore_locale l ON l.id = p.locale_id
WHERE m.page_ptr_id = %s AND p.live = %s
"""
# from_db takes the values in the order of the model's fields.
_MODULE_FIELDS = [
    field.attname
    for field in ModulePage._meta.concrete_fields
    if field.attname
    in {
        "id",
        "page_ptr_id",
        "path",
        "depth",
        "translation_key",
        "locale_id",
        "duration_seconds",
        "video_file_id",
    }
]


def module_for_progress(*, module_id: int) -> ModulePage | None:
    """The live module a progress report names, or None, in one query on every report.

    The player reports every 15 seconds, so this is the hottest read of the site: building the
    equivalent ORM query (a multi-table page, its locale, an EXISTS) costs ten times the CPU of
    running it. The module comes back with only what recording progress reads (other fields
    load when first used, as on the rare report that completes the module), its locale (so
    ``canonical_page`` needs no query) and ``has_view_restrictions``: whether the page or an
    ancestor carries a view restriction, which only then has to be checked against the request.
    """
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(MODULE_FOR_PROGRESS_SQL, [Page.steplen, module_id, True])
        row = cursor.fetchone()
    if row is None:
        return None
    page_id, path, depth, key, locale_id, language_code, duration, video, restricted = row
    values = {
        "id": page_id,
        "page_ptr_id": page_id,
        "path": path,
        "depth": depth,
        "translation_key": _TRANSLATION_KEY.to_python(key),
        "locale_id": locale_id,
        "duration_seconds": duration,
        "video_file_id": video,
    }
    # from_db is how the ORM itself builds an instance from some of a model's fields.
    module = ModulePage.from_db(
        DEFAULT_DB_ALIAS, _MODULE_FIELDS, [values[name] for name in _MODULE_FIELDS]
    )
    module.locale = Locale.from_db(
        DEFAULT_DB_ALIAS, ["id", "language_code"], [locale_id, language_code]
    )
    module.has_view_restrictions = bool(restricted)
    return module
