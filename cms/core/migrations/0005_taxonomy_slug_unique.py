"""Slugs of themes and audiences are unique within a language (translations share theirs)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_populate_taxonomy_slugs"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="audience",
            constraint=models.UniqueConstraint(
                fields=("locale", "slug"), name="core_audience_unique_slug"
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                fields=("locale", "slug"), name="core_theme_unique_slug"
            ),
        ),
    ]
