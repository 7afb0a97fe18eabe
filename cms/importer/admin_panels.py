"""Dashboard panel: the most recently imported items that came with warnings (references to
items not imported yet, pictures or files not copied), for those who may see imported items."""

from wagtail.admin.ui.components import Component

from cms.core.admin_panels import first_and_more

from .selectors import imported_items_with_warnings


def user_sees_imports(user) -> bool:
    return user.has_perm("importer.view_importeditem")


class ImportWarningsPanel(Component):
    name = "import_warnings"
    template_name = "importer/admin/panels/import_warnings.html"
    order = 270

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["items"], context["more"] = first_and_more(imported_items_with_warnings())
        return context
