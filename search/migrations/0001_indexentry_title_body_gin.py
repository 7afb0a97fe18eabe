"""A GIN index on ``title || body`` of Wagtail's search index entries, on PostgreSQL.

The database backend matches queries against ``title || body``; with an index on the columns
only, PostgreSQL evaluated the concatenation and the match on every row (and estimated a
handful of matches, so it joined them to the pages with nested loops). modelsearch's own
model notes that this index is expected; Wagtail's migrations do not create it.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
