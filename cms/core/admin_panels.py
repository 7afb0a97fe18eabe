"""Editors' panels on the Wagtail admin dashboard: pages waiting for my review, and my drafts.

Our review panel replaces Wagtail's "Awaiting your review", whose queries grow with the number
of pages waiting; these ones cost the same few queries for two pages or two hundred.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState
from wagtail.permissions import page_permission_policy

PANEL_LIMIT = 10


def user_edits_pages(user) -> bool:
    return page_permission_policy.user_has_any_permission(user, ["add", "change", "publish"])


def pages_awaiting_review(*, user):
    """Pages at a workflow step ``user`` may approve, longest waiting first."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return TaskState.objects.none()
    return (
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__base_content_type=ContentType.objects.get_for_model(Page))
        .select_related("revision__user", "task", "workflow_state")
        .order_by("started_at", "pk")
    )


def drafts_of(*, user):
    """Pages ``user`` edited last that are not live, or whose latest changes are unpublished."""
    return (
        Page.objects.filter(latest_revision__user=user)
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .order_by("-latest_revision_created_at", "-pk")
    )


class PagesAwaitingReviewPanel(Component):
    name = "pages_awaiting_my_review"
    template_name = "core/admin/panels/pages_awaiting_review.html"
    order = 100

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        states = list(pages_awaiting_review(user=user)[: PANEL_LIMIT + 1])
        context["states"], context["more"] = states[:PANEL_LIMIT], len(states) > PANEL_LIMIT
        # A reviewer need not edit pages; to others who do not, an empty panel says nothing.
        context["show_when_empty"] = user_edits_pages(user)
        return context


class MyDraftsPanel(Component):
    name = "my_drafts"
    template_name = "core/admin/panels/my_drafts.html"
    order = 240

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pages = list(drafts_of(user=parent_context["request"].user)[: PANEL_LIMIT + 1])
        context["pages"], context["more"] = pages[:PANEL_LIMIT], len(pages) > PANEL_LIMIT
        return context
