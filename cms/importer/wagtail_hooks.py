"""Admin registration of the importer's records (cms.importer.viewsets)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import ImportedItem
from .viewsets import ImportedItemPermissionPolicy, ImportedItemViewSet

register_permission_policy(ImportedItem, ImportedItemPermissionPolicy(ImportedItem))


@hooks.register("register_admin_viewset")
def register_imported_item_viewset():
    return ImportedItemViewSet("importer_importeditem")
