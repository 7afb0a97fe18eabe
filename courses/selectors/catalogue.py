"""The course catalogue: the course index's cards with what a learner weighs before enrolling
(running time, CPD hours, language of instruction), in a constant number of queries.

CPD hours and language are fields of the course itself; the running time is the sum of its
modules' recordings, counted for all the cards of a page at once.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from cms.core.selectors import index_page_of_items

from ..models import CoursePage, ModulePage
from .common import default_language_code


def course_durations(*, courses: list[CoursePage]) -> dict[int, int]:
    """The running time (seconds) of each course's live modules, by course id; modules of
    unknown length count nothing.

    A translated course counts the modules of its default-language course, as its page does
    (``CourseOutline.duration_seconds``): those are the modules learners work through, whether
    or not each is translated yet. Two queries at most, whatever the number of courses.
    """
    if not courses:
        return {}
    language = default_language_code()
    canonical = {course.pk: course for course in courses if course.locale.language_code == language}
    translated = [course for course in courses if course.pk not in canonical]
    if translated:
        originals = {
            original.translation_key: original
            for original in CoursePage.objects.filter(
                translation_key__in=[course.translation_key for course in translated],
                locale__language_code=language,
            ).only("path", "depth", "translation_key")
        }
        for course in translated:
            # A course written only in another language is its own original.
            canonical[course.pk] = originals.get(course.translation_key, course)
    children = reduce(
        or_, (Q(path__startswith=page.path, depth=page.depth + 1) for page in canonical.values())
    )
    totals: dict[str, int] = {}
    for path, seconds in (
        ModulePage.objects.live().filter(children).values_list("path", "duration_seconds")
    ):
        parent_path = path[: -ModulePage.steplen]
        totals[parent_path] = totals.get(parent_path, 0) + (seconds or 0)
    return {course_id: totals.get(page.path, 0) for course_id, page in canonical.items()}


def course_page_of_items(*, index, filters: dict, page_number):
    """One page of the course index, each course carrying ``running_time_seconds`` for its
    card."""
    page_of_items = index_page_of_items(index=index, filters=filters, page_number=page_number)
    courses = list(page_of_items.object_list)
    durations = course_durations(courses=courses)
    for course in courses:
        course.running_time_seconds = durations.get(course.pk, 0)
    page_of_items.object_list = courses
    return page_of_items
