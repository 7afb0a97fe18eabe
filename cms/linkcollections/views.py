"""Admin report of the link check: every collection link with its last result, worst first."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

import django_filters

from .models import CollectionLink, LinkCheckResult
from .selectors import link_report_items

NOT_CHECKED = "unchecked"


class LinkCheckFilterSet(WagtailFilterSet):
    result = django_filters.ChoiceFilter(
        label=_("Result"),
        field_name="last_check_result",
        choices=[*LinkCheckResult.choices, (NOT_CHECKED, _("Not checked yet"))],
        method="filter_result",
        empty_label=_("Any result"),
    )

    class Meta:
        model = CollectionLink
        fields = []

    def filter_result(self, queryset, name, value):
        return queryset.filter(**{name: "" if value == NOT_CHECKED else value})


class LinkCheckReportView(ReportView):
    page_title = _("Link check")
    header_icon = "link"
    index_url_name = "linkcollections_link_report"
    index_results_url_name = "linkcollections_link_report_results"
    filterset_class = LinkCheckFilterSet
    # Whoever edits pages may see the links of the pages they can edit.
    permission_policy = page_permission_policy
    any_permission_required = ["add", "change", "publish"]
    columns = [
        TitleColumn(
            "title",
            label=_("Link"),
            get_url=lambda link: link.url,
            link_attrs={"rel": "noopener noreferrer"},
        ),
        Column("url", label=_("URL")),
        Column("get_last_check_result_display", label=_("Result")),
        Column("last_status_code", label=_("HTTP status")),
        Column("last_check_detail", label=_("Details")),
        DateColumn("last_checked_at", label=_("Last checked")),
        TitleColumn(
            "page",
            label=_("Page"),
            get_url=lambda link: reverse("wagtailadmin_pages:edit", args=(link.page_id,)),
        ),
    ]
    list_export = [
        "title",
        "url",
        "last_check_result",
        "last_status_code",
        "last_check_detail",
        "last_checked_at",
        "page",
    ]
    export_headings = {
        "last_check_result": _("Result"),
        "last_status_code": _("HTTP status"),
        "last_check_detail": _("Details"),
        "last_checked_at": _("Last checked"),
    }

    def get_filename(self):
        return f"link-check-{datetime.date.today():%Y-%m-%d}"

    def get_base_queryset(self):
        pages = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "publish"]
        )
        return link_report_items(pages=pages)
