"""Admin registration of the importer's records (cms.importer.viewsets)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_panels import ImportWarningsPanel, user_sees_imports
from .models import ImportedItem
from .viewsets import ImportedItemPermissionPolicy, ImportedItemViewSet

register_permission_policy(ImportedItem, ImportedItemPermissionPolicy(ImportedItem))


@hooks.register("register_admin_viewset")
def register_imported_item_viewset():
    return ImportedItemViewSet("importer_importeditem")


@hooks.register("construct_homepage_panels")
def add_import_warnings_panel(request, panels):
    if user_sees_imports(request.user):
        panels.append(ImportWarningsPanel())
