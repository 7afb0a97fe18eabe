"""Admin: course reports under Reports → Courses, and a "Course report" action on course pages.

Whoever may edit or publish a course sees its report: enrolments and completion, watch drop-off
per module and the item analysis of its quizzes, each table downloadable as CSV.
"""

import csv
import datetime

from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.permissions import page_permission_policy

from ..models import CoursePage
from ..selectors.reports import (
    WATCH_MILESTONES,
    course_item_analysis,
    course_module_dropoff,
    course_modules,
    course_summary,
    percent,
    report_course_for_user,
    report_courses_for_user,
)

REPORT_ACTIONS = ["add", "change", "publish"]
EXPORT_TABLES = ("summary", "modules", "questions", "choices")


def user_may_see_reports(user) -> bool:
    return page_permission_policy.user_has_any_permission(user, REPORT_ACTIONS)


# --- The list of courses ---------------------------------------------------------------------


class CompletionColumn(Column):
    def get_value(self, instance):
        rate = percent(instance.completed_count, instance.enrolled_count)
        return "-" if rate is None else f"{rate} %"


class CourseReportIndexView(ReportView):
    page_title = _("Courses")
    header_icon = "tasks"
    index_url_name = "courses_report_index"
    index_results_url_name = "courses_report_index_results"
    permission_policy = page_permission_policy
    any_permission_required = REPORT_ACTIONS
    columns = [
        TitleColumn(
            "title",
            label=_("Course"),
            get_url=lambda course: reverse("courses_report_course", args=(course.pk,)),
        ),
        Column("enrolled_count", label=_("Enrolled")),
        Column("completed_count", label=_("Completed")),
        CompletionColumn("completion_rate", label=_("Completion rate")),
        Column("certificate_count", label=_("Valid certificates")),
    ]
    list_export = ["title", "enrolled_count", "completed_count", "certificate_count"]
    export_headings = {
        "title": _("Course"),
        "enrolled_count": _("Enrolled"),
        "completed_count": _("Completed"),
        "certificate_count": _("Valid certificates"),
    }

    def get_filename(self):
        return f"courses-{datetime.date.today():%Y-%m-%d}"

    def get_base_queryset(self):
        return report_courses_for_user(user=self.request.user)


# --- One course ------------------------------------------------------------------------------


class CourseReportMixin:
    """Finds the course by id for users who may edit it; other users' courses answer 404."""

    def dispatch(self, request, *args, **kwargs):
        if not user_may_see_reports(request.user):
            return permission_denied(request)
        self.course = report_course_for_user(user=request.user, course_id=kwargs["course_id"])
        if self.course is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CourseReportView(CourseReportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/report_course.html"
    header_icon = "tasks"

    def get_page_title(self):
        return _("Course report")

    def get_page_subtitle(self):
        return self.course.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("courses_report_index"), "label": _("Courses")},
            {"url": "", "label": self.course.title},
        ]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Edit course"),
                reverse("wagtailadmin_pages:edit", args=(self.course.pk,)),
                icon_name="edit",
            )
        ]

    def get_context_data(self, **kwargs):
        modules = course_modules(course=self.course)
        questions = course_item_analysis(course=self.course, modules=modules)
        return super().get_context_data(
            course=self.course,
            summary=course_summary(course=self.course),
            modules=course_module_dropoff(course=self.course, modules=modules),
            questions=questions,
            has_choices=any(question.choices for question in questions),
            milestones=WATCH_MILESTONES,
            threshold=self.course.watched_threshold,
            export_urls={
                table: reverse("courses_report_export", args=(self.course.pk, table))
                for table in EXPORT_TABLES
            },
            **kwargs,
        )


# --- CSV export ------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula (learners type short
    answers, editors type questions)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _summary_rows(course):
    summary = course_summary(course=course)
    yield [
        _("Course"),
        _("Enrolled"),
        _("Completed"),
        _("Completion rate (%)"),
        _("Median days to complete"),
        _("Valid certificates"),
    ]
    yield [
        course.title,
        summary.enrolled,
        summary.completed,
        summary.completion_rate,
        summary.median_days_to_complete,
        summary.certificates,
    ]


def _module_rows(course):
    rows = course_module_dropoff(course=course)
    yield [
        _("Module"),
        _("Enrolled"),
        _("Started"),
        *[_("Played %(percent)s %% (learners)") % {"percent": m} for m in WATCH_MILESTONES],
        _("Reached threshold of %(percent)s %% (learners)") % {"percent": course.watched_threshold},
        _("Passed quiz (learners)"),
        _("Completed (learners)"),
    ]
    for row in rows:
        yield [
            row.title,
            row.enrolled,
            row.started,
            *[count if row.has_duration else None for _m, count in row.milestones],
            row.reached_threshold,
            row.passed_quiz if row.has_quiz else None,
            row.completed,
        ]


def _question_rows(course):
    yield [
        _("Module"),
        _("Question number"),
        _("Question"),
        _("Kind"),
        _("Answers"),
        _("Correct"),
        _("Correct (%)"),
        _("Mean credit (%)"),
        _("Most frequent short answers"),
    ]
    for question in course_item_analysis(course=course):
        yield [
            question.module_title,
            question.number,
            question.text,
            question.kind_label,
            question.answered,
            question.correct,
            question.correct_percent,
            question.mean_credit_percent,
            "; ".join(f"{text} ({count})" for text, count in question.short_answers),
        ]


def _choice_rows(course):
    yield [
        _("Module"),
        _("Question number"),
        _("Question"),
        _("Choice"),
        _("Correct choice"),
        _("Chosen"),
        _("Chosen (%)"),
    ]
    for question in course_item_analysis(course=course):
        for choice in question.choices:
            yield [
                question.module_title,
                question.number,
                question.text,
                choice.text,
                _("yes") if choice.is_correct else _("no"),
                choice.chosen,
                choice.chosen_percent,
            ]


EXPORTERS = {
    "summary": _summary_rows,
    "modules": _module_rows,
    "questions": _question_rows,
    "choices": _choice_rows,
}


class CourseReportExportView(CourseReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        table = kwargs["table"]
        if table not in EXPORTERS:
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"course-{self.course.slug}-{table}-{datetime.date.today():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # A byte-order mark makes spreadsheet programs read the file as UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        for row in EXPORTERS[table](self.course):
            writer.writerow([_cell(value) for value in row])
        return response


# --- Registration ----------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_course_report_urls():
    return [
        path("reports/courses/", CourseReportIndexView.as_view(), name="courses_report_index"),
        path(
            "reports/courses/results/",
            CourseReportIndexView.as_view(results_only=True),
            name="courses_report_index_results",
        ),
        path(
            "reports/courses/<int:course_id>/",
            CourseReportView.as_view(),
            name="courses_report_course",
        ),
        path(
            "reports/courses/<int:course_id>/<slug:table>.csv",
            CourseReportExportView.as_view(),
            name="courses_report_export",
        ),
    ]


class CourseReportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_see_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_course_report_menu_item():
    return CourseReportMenuItem(
        _("Courses"),
        reverse("courses_report_index"),
        name="course-reports",
        icon_name="tasks",
        order=760,
    )


@hooks.register("register_page_header_buttons")
def course_report_page_button(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), CoursePage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Course report"),
        reverse("courses_report_course", args=(page.pk,)),
        icon_name="tasks",
        priority=75,
    )
