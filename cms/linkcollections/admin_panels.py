"""Dashboard panel: the collection links the last link check found broken, for editors."""

from wagtail.admin.ui.components import Component
from wagtail.permissions import page_permission_policy

from cms.core.admin_panels import first_and_more

from .selectors import links_broken


def user_sees_link_report(user) -> bool:
    # The same rule as the link-check report the panel links to.
    return page_permission_policy.user_has_any_permission(user, ["add", "change", "publish"])


class BrokenLinksPanel(Component):
    name = "broken_links"
    template_name = "linkcollections/admin/panels/broken_links.html"
    order = 260

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["links"], context["more"] = first_and_more(links_broken())
        return context
