"""The "Translators" group: people who translate pages and the taxonomy, and read the
translation report (cms/core/admin_permissions.py lets only holders of "submit translation" in).

Like Contributors they edit pages anywhere without publishing them: a translated page goes
through the "Editorial review" workflow before it is live.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRANSLATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    *[
        ("core", f"{action}_{model}")
        for model in ("theme", "audience", "licence")
        for action in ("add", "change", "view")
    ],
]
TRANSLATOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
TRANSLATOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]


def _permission(Permission, app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_translators(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    translators, _created = Group.objects.get_or_create(name="Translators")
    for app_label, codename in TRANSLATOR_PERMISSIONS:
        translators.permissions.add(_permission(Permission, app_label, codename))

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for codename in TRANSLATOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=translators,
                page=root_page,
                permission=_permission(Permission, "wagtailcore", codename),
            )
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for app_label, codename in TRANSLATOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=translators,
                collection=root_collection,
                permission=_permission(Permission, app_label, codename),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0004_contributors_and_workflow"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_translators, migrations.RunPython.noop)]
