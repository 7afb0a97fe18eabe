"""The moderators' panel on the Wagtail admin dashboard: what waits for review, and since when.

Added by ``construct_homepage_panels`` (wagtail_hooks) for users who may moderate only.
"""

from wagtail.admin.ui.components import Component

from cms.core.admin_panels import PANEL_LIMIT

from .selectors.moderation import moderation_waiting


class ModerationPanel(Component):
    name = "partner_board_moderation"
    template_name = "partnerbourse/admin/panels/moderation.html"
    # Above Wagtail's own panels: a poster is waiting for an answer.
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = moderation_waiting(limit=PANEL_LIMIT)
        context.update(waiting)
        context["more_listings"] = waiting["listing_count"] - len(waiting["listings"])
        context["more_organisations"] = waiting["organisation_count"] - len(
            waiting["organisations"]
        )
        return context
