"""The Editors and Moderators groups with admin access, taxonomy and translation rights.

Wagtail's own migrations give both groups their page, image and document permissions; this adds
what the site's apps define. Ordinary users belong to no group: they are learners.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORIAL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    *[
        ("core", f"{action}_{model}")
        for model in ("theme", "audience", "licence")
        for action in ("add", "change", "delete", "view")
    ],
]
GROUP_PERMISSIONS = {"Editors": EDITORIAL_PERMISSIONS, "Moderators": EDITORIAL_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for app_label, codename in permissions:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
        ("core", "0002_site_locales"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
