from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import polib


class Command(BaseCommand):
    """Compile locale/*/LC_MESSAGES/*.po into .mo files without GNU gettext.

    Django's compilemessages needs msgfmt, which a fresh machine may not have; polib (already
    required by wagtail-localize) does the same job in Python.
    """

    help = "Compile the project's .po translation files into .mo files."

    def handle(self, *args, **options):
        po_paths = sorted(
            path for locale_dir in settings.LOCALE_PATHS for path in Path(locale_dir).rglob("*.po")
        )
        if not po_paths:
            raise CommandError("No .po files found under LOCALE_PATHS.")
        failed = []
        for po_path in po_paths:
            try:
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            except (OSError, ValueError) as error:
                failed.append(po_path)
                self.stderr.write(f"{po_path}: {error}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(po_paths)} translation files failed.")
        self.stdout.write(f"Compiled {len(po_paths)} translation files.")
