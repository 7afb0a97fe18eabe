"""Give every existing theme and audience a slug for the filter links (?theme=education).

A term and its translations share one slug, made from the name of the term in the default
language (else the first one stored), so that a filter link works in every language.
"""

from django.conf import settings
from django.db import migrations
from django.utils.text import slugify


def populate_slugs(apps, schema_editor):
    default_language = settings.LANGUAGE_CODE.split("-")[0]
    for model_name in ("Theme", "Audience"):
        model = apps.get_model("core", model_name)
        groups: dict = {}
        for term in model.objects.select_related("locale").order_by("pk"):
            groups.setdefault(term.translation_key, []).append(term)
        taken: set[str] = set(model.objects.exclude(slug="").values_list("slug", flat=True))
        for terms in groups.values():
            existing = next((term.slug for term in terms if term.slug), "")
            if existing:
                slug = existing
            else:
                source = next(
                    (term for term in terms if term.locale.language_code == default_language),
                    terms[0],
                )
                base = slugify(source.name)[:90] or model_name.lower()
                slug, number = base, 2
                while slug in taken or slug.isdigit():
                    slug, number = f"{base}-{number}", number + 1
            taken.add(slug)
            for term in terms:
                if not term.slug:
                    term.slug = slug
                    term.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_taxonomy_slugs"),
    ]

    operations = [
        migrations.RunPython(populate_slugs, migrations.RunPython.noop),
    ]
