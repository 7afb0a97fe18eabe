"""Admin registration of the shared taxonomy, and how documents leave the storage."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.documents.models import document_served
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import media_delivery
from .admin_panels import MyDraftsPanel, PagesAwaitingReviewPanel, user_edits_pages
from .models import Audience, Licence, Theme


# The taxonomy viewsets name no search_fields: the terms are indexed (their name only), and on
# SQLite the database search cannot restrict a search to a model field (modelsearch passes it as
# a full-text column, which does not exist: an error instead of results).
class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "locale"]
    list_filter = ["locale"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name", "locale"]
    list_filter = ["locale"]


class LicenceViewSet(SnippetViewSet):
    model = Licence
    icon = "doc-full"
    list_display = ["name", "url", "locale"]
    list_filter = ["locale"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (ThemeViewSet, AudienceViewSet, LicenceViewSet)


register_snippet(TaxonomyViewSetGroup)


@hooks.register("before_serve_document", order=100)
def serve_document_from_storage(document, request):
    """Hand a document on S3 out as a short-lived signed URL, so that Python never downloads it.
    The order puts this after Wagtail's own hook, which applies the collection's view
    restrictions (login, groups, password) first."""
    response = media_delivery.presigned_redirect(
        request=request,
        file=document.file,
        content_type=document.content_type,
        disposition=document.content_disposition,
    )
    if response is not None:
        # Wagtail sends this signal only when it serves the document itself.
        document_served.send(sender=type(document), instance=document, request=request)
    return response


@hooks.register("construct_homepage_panels")
def editor_dashboard_panels(request, panels):
    # Our review panel replaces Wagtail's, which lists the same pages at a query per page.
    panels[:] = [panel for panel in panels if panel.name != "workflow_objects_to_moderate"]
    panels.append(PagesAwaitingReviewPanel())
    if user_edits_pages(request.user):
        panels.append(MyDraftsPanel())
