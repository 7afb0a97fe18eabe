"""Give the Moderators group the right to moderate the partner board.

``moderate_board`` is what the "Partner board" admin menu, the moderation queue and the verify
action check; the view permissions let moderators open the listings and organisations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    "moderate_board",
    "view_listing",
    "view_organisation",
    "view_listingreport",
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so they can be granted.
    app_config = apps.get_app_config("partnerbourse")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="partnerbourse", codename__in=MODERATOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="partnerbourse", codename__in=MODERATOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partnerbourse", "0001_initial"),
        ("users", "0004_contributors_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
