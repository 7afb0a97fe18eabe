"""Dashboard panel: the most recently imported items that came with warnings (references to
items not imported yet, pictures or files not copied), for those who may see imported items."""

from django.db.models import Q

from wagtail.admin.ui.components import Component

from .models import ImportedItem

PANEL_LIMIT = 10


def user_sees_imports(user) -> bool:
    return user.has_perm("importer.view_importeditem")


class ImportWarningsPanel(Component):
    name = "import_warnings"
    template_name = "importer/admin/panels/import_warnings.html"
    order = 270

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        items = list(
            ImportedItem.objects.filter(~Q(unresolved_ids=[]) | ~Q(assets_not_fetched=[]))
            .select_related("page")
            .order_by("-last_imported_at", "pk")[: PANEL_LIMIT + 1]
        )
        context["items"], context["more"] = items[:PANEL_LIMIT], len(items) > PANEL_LIMIT
        return context
