"""Recording what a learner has played of a module's recording.

The player reports the ranges it has actually played (the browser's ``played`` TimeRanges);
the server keeps their union, so seeking ahead never counts as watching. The client is not
trusted beyond that: ranges are validated and clamped to the recording, and newly watched
seconds are credited no faster than a learner could play them, timed by the server's clock
alone. The first report of a module begins the viewing and credits nothing; every later report
credits at most ``MAX_PLAYBACK_RATE`` times the real time since the previous report, counted up
to ``HEARTBEAT_CAP_SECONDS``, so idle time never builds up into credit and a module cannot be
completed faster than its duration divided by ``MAX_PLAYBACK_RATE``. What a report claims beyond
that is not stored but answered as pending: the player's next reports carry it again (its
played ranges are cumulative) and are credited as real time passes.

The limits and the interval maths are pure rules, in ``courses.rules``; this module reads and
writes the learner's progress with them.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ModulePage, ModuleProgress
from ..rules import (
    Interval,
    intervals_clean,
    intervals_credit,
    intervals_length,
    intervals_union,
    number_clean,
    report_allowance,
    watched_percent,
)
from ..selectors.common import canonical_page
from .completion import module_completion_update

# Bound for recordings whose duration the editor has not entered.
UNKNOWN_DURATION_LIMIT = 24 * 60 * 60


@dataclass(frozen=True)
class ProgressResult:
    progress: ModuleProgress
    duration_seconds: int | None
    credited_seconds: float
    # Newly reported seconds this report could not be credited for yet (the player reports
    # again while there are any).
    pending_seconds: float
    completed: bool

    @property
    def watched_percent(self) -> int:
        return watched_percent(
            watched_seconds=self.progress.watched_seconds, duration=self.duration_seconds
        )


def _round(intervals: list[Interval]) -> list[list[float]]:
    rounded = ([round(start, 3), round(end, 3)] for start, end in intervals)
    return [pair for pair in rounded if pair[1] > pair[0]]


# The progress endpoint runs these on every report, every 15 seconds per learner: as plain SQL
# (PostgreSQL and SQLite) they cost a fraction of the CPU the ORM spends building them (measured
# with the progress benchmark: about 1 ms a report, a quarter of the server's CPU).
ENROLLED_THRESHOLD_SQL = """
SELECT c.watched_threshold
FROM courses_enrolment e
INNER JOIN courses_coursepage c ON c.page_ptr_id = e.course_id
INNER JOIN wagtailcore_page p ON p.id = e.course_id
WHERE e.user_id = %s AND p.path = %s
"""
# The learner's progress row and, in the same round trip, the course's watched threshold if they
# are enrolled (NULL if not): after the first report of a module, a report needs no other read.
PROGRESS_ROW_SQL = """
SELECT pr.id, pr.user_id, pr.module_id, pr.watched_intervals, pr.watched_seconds,
       pr.position_seconds, pr.viewing_started_at, pr.last_report_at, pr.completed_at,
       pr.updated_at,
       (SELECT c.watched_threshold
        FROM courses_enrolment e
        INNER JOIN courses_coursepage c ON c.page_ptr_id = e.course_id
        INNER JOIN wagtailcore_page p ON p.id = e.course_id
        WHERE e.user_id = pr.user_id AND p.path = %s) AS enrolled_threshold
FROM courses_moduleprogress pr
WHERE pr.user_id = %s AND pr.module_id = %s
"""
PROGRESS_UPDATE_SQL = """
UPDATE courses_moduleprogress
SET watched_intervals = %s, watched_seconds = %s, position_seconds = %s,
    viewing_started_at = %s, last_report_at = %s, updated_at = %s
WHERE id = %s
"""


def _course_path(module: ModulePage) -> str:
    return module.path[: -module.steplen]


def _enrolled_threshold(*, user, module: ModulePage) -> int | None:
    """The course's watched threshold if the learner is enrolled in the module's course, else
    None: one query for both."""
    with connection.cursor() as cursor:
        cursor.execute(ENROLLED_THRESHOLD_SQL, [user.pk, _course_path(module)])
        row = cursor.fetchone()
    return None if row is None else row[0]


def _locked_progress(*, user, module: ModulePage) -> tuple[ModuleProgress, bool, int]:
    """The learner's progress row, locked until the transaction ends, whether it is new, and the
    course's watched threshold. Raises PermissionDenied when the learner is not enrolled.

    The row lock serialises reports of the same learner (two tabs, a retried request), so
    neither overwrites the union the other has just stored, and the second is timed from the
    first: together they are credited no more than the real time since the report before them.
    SQLite locks the whole database for a write instead, and has no FOR UPDATE.
    """
    sql = PROGRESS_ROW_SQL
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    # raw() converts the columns (JSON, dates) as the ORM would.
    params = [_course_path(module), user.pk, module.pk]
    progress = next(iter(ModuleProgress.objects.raw(sql, params)), None)
    if progress is not None:
        threshold = progress.enrolled_threshold
    else:
        threshold = _enrolled_threshold(user=user, module=module)
    if threshold is None:
        raise PermissionDenied(_("Enrol in the course to record your progress."))
    if progress is not None:
        return progress, False, threshold
    # The first report of a module; get_or_create also copes with a concurrent first report.
    progress, created = ModuleProgress.objects.select_for_update().get_or_create(
        user=user, module=module
    )
    return progress, created, threshold


def _progress_save(progress: ModuleProgress) -> None:
    """Stores what a report changes, as save(update_fields=...) would."""
    fields = ModuleProgress._meta

    def prep(name):
        return fields.get_field(name).get_db_prep_save(getattr(progress, name), connection)

    with connection.cursor() as cursor:
        cursor.execute(
            PROGRESS_UPDATE_SQL,
            [
                prep("watched_intervals"),
                progress.watched_seconds,
                progress.position_seconds,
                prep("viewing_started_at"),
                prep("last_report_at"),
                prep("updated_at"),
                progress.pk,
            ],
        )


def learner_is_enrolled(*, user, module: ModulePage) -> bool:
    """Whether the learner is enrolled in the module's course (one query, parent included)."""
    return _enrolled_threshold(user=user, module=module) is not None


def progress_record(*, user, module: ModulePage, intervals, position) -> ProgressResult:
    """Adds the played ranges to the learner's watched time and stores the resume position.

    Raises PermissionDenied when the learner is not enrolled in the course, ValidationError
    when the ranges or the position are not valid. Completes the module (and maybe the course)
    once enough is watched.
    """
    module = canonical_page(module)
    duration = module.duration_seconds
    limit = float(duration or UNKNOWN_DURATION_LIMIT)
    reported = intervals_union(intervals_clean(intervals, duration=limit))
    position = max(0.0, min(number_clean(position, field="position"), limit))
    with transaction.atomic():
        # Raises PermissionDenied, which rolls the transaction back, for a learner not enrolled.
        progress, _created, threshold = _locked_progress(user=user, module=module)
        # Timed once the lock is held, so a report that waited for another is timed from it.
        now = timezone.now()
        allowance = report_allowance(last_report_at=progress.last_report_at, now=now)
        stored = intervals_union(progress.watched_intervals, gap=0.0)
        stored, credited, pending = intervals_credit(stored, reported, allowance=allowance)
        if credited:
            progress.watched_intervals = _round(stored)
            progress.watched_seconds = round(intervals_length(progress.watched_intervals), 3)
        progress.position_seconds = round(position, 3)
        if progress.viewing_started_at is None:
            progress.viewing_started_at = now
        # Every report moves the clock, credited or not: what it was not credited for waits for
        # the time still to come, never for time already spent. Never backwards (app servers'
        # clocks differ slightly), so the credit of all reports together stays within
        # MAX_PLAYBACK_RATE times the real time since viewing began.
        if progress.last_report_at is None or now > progress.last_report_at:
            progress.last_report_at = now
        progress.updated_at = now
        _progress_save(progress)

    completed = progress.completed_at is not None
    # Completion needs the threshold watched: below it, most reports skip the completion check
    # (and its queries). The check itself stays module_completion_update's.
    reached = bool(duration) and progress.watched_seconds >= duration * threshold / 100
    if not completed and credited and reached:
        completed = module_completion_update(user=user, module=module)
        if completed:
            progress.refresh_from_db(fields=["completed_at"])
    return ProgressResult(
        progress=progress,
        duration_seconds=duration,
        credited_seconds=credited,
        pending_seconds=round(pending, 3),
        completed=completed,
    )


def progress_confirm_watched(*, user, module: ModulePage) -> bool:
    """Records the learner's word that they watched a recording hosted elsewhere, which cannot
    report what was played. Returns whether the module is now complete.

    Raises PermissionDenied when the learner is not enrolled, ValidationError for a recording
    served by the site (its player reports progress itself).
    """
    module = canonical_page(module)
    if module.video_file_id:
        raise ValidationError(
            _("This recording records what you watch by itself."), code="not_external"
        )
    if not learner_is_enrolled(user=user, module=module):
        raise PermissionDenied(_("Enrol in the course to record your progress."))
    with transaction.atomic():
        progress, _created = ModuleProgress.objects.select_for_update().get_or_create(
            user=user, module=module
        )
        if progress.watched_confirmed_at is None:
            progress.watched_confirmed_at = timezone.now()
            progress.save(update_fields=["watched_confirmed_at", "updated_at"])
    return module_completion_update(user=user, module=module)
