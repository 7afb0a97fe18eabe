"""Give every organisation its name's keys (``cms.core.text.name_skeleton`` and
``name_folded_skeleton``), and allow one open organisation per key.

Organisations from before the rule may already share one ("Museum", and the same with a Cyrillic
s): the oldest keeps the key, the later ones keep their names but not that key until their
profile is next saved, when they are asked for a name of their own.
"""

from django.db import migrations, models
from django.db.models import Q

BATCH = 500


def fill_name_skeletons(apps, schema_editor):
    # The live functions, not copies: the stored keys must be the ones the services compare.
    from cms.core.text import name_folded_skeleton, name_skeleton

    Organisation = apps.get_model("partnerbourse", "Organisation")
    keys = {"name_skeleton": name_skeleton, "name_skeleton_folded": name_folded_skeleton}
    taken = {field: set() for field in keys}
    batch = []
    for organisation in (
        Organisation.objects.order_by("pk").only("pk", "name", "closed_at").iterator(BATCH)
    ):
        for field, key_of in keys.items():
            key = key_of(organisation.name) or None
            if key is not None and organisation.closed_at is None:
                if key in taken[field]:
                    key = None
                else:
                    taken[field].add(key)
            setattr(organisation, field, key)
        batch.append(organisation)
        if len(batch) == BATCH:
            Organisation.objects.bulk_update(batch, list(keys))
            batch = []
    Organisation.objects.bulk_update(batch, list(keys))


class Migration(migrations.Migration):
    dependencies = [
        ("partnerbourse", "0004_organisation_closed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="name_skeleton",
            field=models.CharField(blank=True, editable=False, max_length=400, null=True),
        ),
        migrations.AddField(
            model_name="organisation",
            name="name_skeleton_folded",
            field=models.CharField(blank=True, editable=False, max_length=400, null=True),
        ),
        migrations.RunPython(fill_name_skeletons, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=Q(closed_at__isnull=True),
                fields=("name_skeleton",),
                name="partnerbourse_unique_open_organisation_name",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=Q(closed_at__isnull=True),
                fields=("name_skeleton_folded",),
                name="partnerbourse_unique_open_organisation_name_folded",
            ),
        ),
    ]
