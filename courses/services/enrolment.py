"""Enrolling in and leaving a course."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ..models import CoursePage, Enrolment
from ..selectors.common import canonical_page
from .completion import course_completion_update


def enrolment_create(*, user, course: CoursePage) -> Enrolment:
    """Enrols the learner, or returns the enrolment they already have.

    Raises ValidationError while the course's enrolment is closed (an existing enrolment is
    returned even then). Modules completed before an earlier unenrolment still count, so the
    course may be complete straight away; that is settled here too.
    """
    course = canonical_page(course)
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    if not course.enrolment_open:
        raise ValidationError(_("Enrolment in this course is closed."), code="enrolment_closed")
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(user=user, course=course)
    except IntegrityError:
        # Two requests (a double click) enrolled at once; the other one won.
        return Enrolment.objects.get(user=user, course=course)
    if course_completion_update(user=user, course=course):
        enrolment.refresh_from_db(fields=["completed_at"])
    return enrolment


def enrolment_delete(*, user, course: CoursePage) -> bool:
    """Unenrols the learner. Progress, quiz attempts and certificates are kept, so enrolling
    again carries on where they stopped. Returns whether there was an enrolment."""
    course = canonical_page(course)
    deleted, _details = Enrolment.objects.filter(user=user, course=course).delete()
    return bool(deleted)
