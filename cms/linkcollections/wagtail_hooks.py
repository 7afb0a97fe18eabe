"""Admin: the link-check report, under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from .admin_panels import BrokenLinksPanel, user_sees_link_report
from .views import LinkCheckReportView


@hooks.register("register_admin_urls")
def register_link_report_urls():
    return [
        path("reports/links/", LinkCheckReportView.as_view(), name="linkcollections_link_report"),
        path(
            "reports/links/results/",
            LinkCheckReportView.as_view(results_only=True),
            name="linkcollections_link_report_results",
        ),
    ]


class LinkReportMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_link_report_menu_item():
    return LinkReportMenuItem(
        _("Link check"),
        reverse("linkcollections_link_report"),
        name="link-check",
        icon_name="link",
        order=750,
    )


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    if user_sees_link_report(request.user):
        panels.append(BrokenLinksPanel())
