"""Editors' panels on the Wagtail admin dashboard: pages waiting for my review, and my drafts.

Our review panel replaces Wagtail's "Awaiting your review", whose queries grow with the number
of pages waiting; these ones cost the same few queries for two pages or two hundred.
"""

from wagtail.admin.ui.components import Component
from wagtail.permissions import page_permission_policy

from .selectors import drafts_of, pages_awaiting_review

PANEL_LIMIT = 10


def user_edits_pages(user) -> bool:
    return page_permission_policy.user_has_any_permission(user, ["add", "change", "publish"])


def first_and_more(items, *, limit: int = PANEL_LIMIT) -> tuple[list, bool]:
    """The first ``limit`` of a queryset (one query) and whether there are more."""
    fetched = list(items[: limit + 1])
    return fetched[:limit], len(fetched) > limit


class PagesAwaitingReviewPanel(Component):
    name = "pages_awaiting_my_review"
    template_name = "core/admin/panels/pages_awaiting_review.html"
    order = 100

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"], context["more"] = first_and_more(pages_awaiting_review(user=user))
        # A reviewer need not edit pages; to others who do not, an empty panel says nothing.
        context["show_when_empty"] = user_edits_pages(user)
        return context


class MyDraftsPanel(Component):
    name = "my_drafts"
    template_name = "core/admin/panels/my_drafts.html"
    order = 240

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["pages"], context["more"] = first_and_more(drafts_of(user=user))
        return context
