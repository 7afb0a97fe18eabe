"""When a module and a course count as complete, and what completing them sets off.

Progress reports and quiz grading both call ``module_completion_update``; it is idempotent, so
calling it again (or concurrently) never completes anything twice.
"""

from django.db import transaction
from django.utils import timezone

from ..models import Certificate, CoursePage, Enrolment, ModulePage, ModuleProgress, QuizAttempt
from ..selectors.common import canonical_page
from .certificates import certificate_issue


def module_watched_enough(*, module: ModulePage, progress: ModuleProgress | None) -> bool:
    """Played at least the course's threshold of the recording, or confirmed watching it.

    Confirmation counts only where the player cannot report progress (a video hosted
    elsewhere), and a module without a known duration can only be confirmed.
    """
    if progress is None:
        return False
    if progress.watched_confirmed_at is not None and not module.video_file_id:
        return True
    if not module.duration_seconds:
        return False
    course = module.get_parent().specific
    required = module.duration_seconds * course.watched_threshold / 100
    return progress.watched_seconds >= required


def module_quiz_passed(*, user, module: ModulePage) -> bool:
    """True when the module has no quiz, or the learner has passed it."""
    if not module.questions.exists():
        return True
    return QuizAttempt.objects.filter(user=user, module=module, passed=True).exists()


def module_completion_update(*, user, module: ModulePage) -> bool:
    """Marks the module complete once watched and passed, then checks the course. Returns
    whether the module is complete."""
    module = canonical_page(module)
    progress = ModuleProgress.objects.filter(user=user, module=module).first()
    if progress is not None and progress.completed_at is not None:
        return True
    if not (
        module_watched_enough(module=module, progress=progress)
        and module_quiz_passed(user=user, module=module)
    ):
        return False
    with transaction.atomic():
        # A filtered update sets the date once even when two requests get here together.
        ModuleProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
            completed_at=timezone.now()
        )
    course_completion_update(user=user, course=module.get_parent().specific)
    return True


def course_completion_update(*, user, course: CoursePage) -> bool:
    """Completes the enrolment and issues the certificate once every required module is
    complete. Returns whether the course is complete.

    A newly issued certificate is announced to the learner by e-mail once it is committed
    (``certificate_ready_mail_task``), once: a learner who completes again (after re-enrolling,
    say) already has the certificate and gets no second mail.
    """
    course = canonical_page(course)
    required = ModulePage.objects.child_of(course).live().filter(is_required=True)
    required_ids = set(required.values_list("pk", flat=True))
    if not required_ids:
        return False
    completed_ids = set(
        ModuleProgress.objects.filter(
            user=user, module_id__in=required_ids, completed_at__isnull=False
        ).values_list("module_id", flat=True)
    )
    if completed_ids != required_ids:
        return False
    with transaction.atomic():
        # The update comes first: completing the enrolment locks it until the certificate is
        # committed, so a concurrent completion waits, then finds the certificate issued.
        Enrolment.objects.filter(user=user, course=course, completed_at__isnull=True).update(
            completed_at=timezone.now()
        )
        if not course.certificate_template_id:
            return True
        if not user.get_full_name():
            # The certificate prints the learner's name: it waits until they have given one
            # (accounts from before sign-up asked for it); the dashboard then offers it.
            return True
        already_issued = Certificate.objects.filter(user=user, course=course).exists()
        certificate = certificate_issue(user=user, course=course)
        if not already_issued:
            transaction.on_commit(lambda: _enqueue_certificate_ready_mail(certificate.pk))
    return True


def _enqueue_certificate_ready_mail(certificate_id: int) -> None:
    from ..tasks import certificate_ready_mail_task

    certificate_ready_mail_task.enqueue(certificate_id=certificate_id)
