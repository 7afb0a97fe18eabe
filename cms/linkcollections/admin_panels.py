"""Dashboard panel: the collection links the last link check found broken, for editors."""

from wagtail.admin.ui.components import Component
from wagtail.permissions import page_permission_policy

from .models import CollectionLink
from .selectors import PROBLEM_RESULTS

PANEL_LIMIT = 10


def user_sees_link_report(user) -> bool:
    # The same rule as the link-check report the panel links to.
    return page_permission_policy.user_has_any_permission(user, ["add", "change", "publish"])


class BrokenLinksPanel(Component):
    name = "broken_links"
    template_name = "linkcollections/admin/panels/broken_links.html"
    order = 260

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        links = list(
            CollectionLink.objects.filter(last_check_result__in=PROBLEM_RESULTS)
            .select_related("page")
            .order_by("-last_checked_at", "pk")[: PANEL_LIMIT + 1]
        )
        context["links"], context["more"] = links[:PANEL_LIMIT], len(links) > PANEL_LIMIT
        return context
