"""What learners do: enrolments, progress through recordings, quiz attempts and their answers.

Every row points at the default-language course or module page (see ``courses.models``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A learner taking a course. Unenrolling deletes the row; progress and attempts stay."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="unique_enrolment")]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class ModuleProgress(models.Model):
    """How much of a module's recording a learner has actually played, and where they stopped.

    ``watched_intervals`` is the union of played ``[start, end]`` ranges in seconds, sorted and
    non-overlapping, so seeking ahead never counts as watching. ``last_report_at`` is the clock
    the credit of the next report runs from (``courses.services.progress``); both timestamps are
    the server's, never the browser's.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="progress"
    )
    watched_intervals = models.JSONField(_("watched intervals"), default=list)
    watched_seconds = models.FloatField(_("seconds watched"), default=0)
    position_seconds = models.FloatField(_("resume position (seconds)"), default=0)
    watched_confirmed_at = models.DateTimeField(
        _("watching confirmed"),
        null=True,
        blank=True,
        help_text=_("For recordings hosted elsewhere, which cannot report what was played."),
    )
    # Set by the first progress report: nothing is credited before viewing has begun.
    viewing_started_at = models.DateTimeField(_("viewing started"), null=True, blank=True)
    last_report_at = models.DateTimeField(_("last progress report"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_module_progress")
        ]
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")

    def __str__(self) -> str:
        return f"{self.user} in {self.module}"


class QuizAttempt(models.Model):
    """One attempt at a module's quiz: the questions drawn for it, then its grade.

    The unique attempt number per learner and module is what keeps concurrent starts from
    exceeding the maximum number of attempts; ``submitted_at`` is set exactly once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    # The drawn questions (ids of the default-language QuizQuestion rows) and, per question,
    # the order its choices are shown in (choice block ids).
    question_ids = models.JSONField(_("questions"), default=list)
    choice_order = models.JSONField(_("choice order"), default=dict)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering = ["module", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "number"], name="unique_attempt_number"
            ),
            models.CheckConstraint(
                condition=(
                    Q(submitted_at__isnull=True, score_percent__isnull=True, passed__isnull=True)
                    | Q(
                        submitted_at__isnull=False,
                        score_percent__isnull=False,
                        passed__isnull=False,
                    )
                ),
                name="attempt_graded_when_submitted",
            ),
        ]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.user}: {self.module}, attempt {self.number}"


class QuizAnswer(models.Model):
    """A learner's answer to one question of an attempt, as graded; the basis of item analysis."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "courses.QuizQuestion", null=True, on_delete=models.SET_NULL, related_name="answers"
    )
    choice_ids = models.JSONField(_("chosen choices"), default=list)
    text = models.TextField(_("answer text"), blank=True)
    credit = models.FloatField(_("credit"), default=0)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="unique_answer")
        ]
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")

    def __str__(self) -> str:
        return f"{self.attempt}: {self.question_id}"
