"""``manage.py import_markdown PATH``: import a static-CMS hub's markdown files as pages.

``manage.py import_markdown --check``: render every imported page and report leftovers.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.importer.assets import parse_asset_map
from cms.importer.fidelity import imported_pages_findings
from cms.importer.mapping import MappingError, mapping_load
from cms.importer.services import OUTCOMES, hub_import


class Command(BaseCommand):
    help = (
        "Import markdown files with YAML front matter (one folder per section) as Wagtail pages. "
        "Safe to repeat: unchanged files are skipped, changed ones update their page."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Folder holding one sub-folder per section.")
        parser.add_argument(
            "--mapping",
            default="hub",
            help="A built-in mapping name (hub) or the path of a mapping YAML file.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and convert everything and report what would happen; write nothing.",
        )
        parser.add_argument("--report", help="Write a JSON report of every item to this file.")
        parser.add_argument(
            "--fetch-assets",
            action="store_true",
            help=(
                "Download remote images and documents into Wagtail images and documents "
                "(pages imported before without them are upgraded in place)."
            ),
        )
        parser.add_argument(
            "--asset-map",
            action="append",
            default=[],
            metavar="PREFIX=DIR_OR_URL",
            help=(
                "Read assets whose URL starts with PREFIX from a local folder (or another "
                "server) instead; works offline. Repeatable."
            ),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=(
                "Render every imported page and report leftovers (raw markdown, links "
                "labelled 'Image', <li><br>, URLs glued to words, template tokens); "
                "exits non-zero if any are found. With PATH, after importing it."
            ),
        )

    def handle(self, *args, **options):
        if options["path"] is None and not options["check"]:
            raise CommandError("give the folder to import, or --check")
        if options["path"] is not None:
            self._import(options)
        if options["check"]:
            self._check()

    def _check(self):
        checked, findings = imported_pages_findings()
        for finding in findings:
            self.stderr.write(str(finding))
        self.stdout.write(f"Checked {checked} imported page(s): {len(findings)} leftover(s).")
        if findings:
            raise CommandError(f"{len(findings)} leftover(s) on imported pages; see above")

    def _import(self, options):
        root = Path(options["path"])
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder")
        try:
            mapping = mapping_load(name_or_path=options["mapping"])
            asset_map = parse_asset_map(options["asset_map"])
        except (MappingError, ValueError) as error:
            raise CommandError(
                f"{'mapping' if isinstance(error, MappingError) else 'asset map'}: {error}"
            ) from error
        verbosity = options["verbosity"]

        def progress(number, total, result):
            if verbosity >= 1:
                self.stderr.write(f"[{number}/{total}] {result.source_path}: {result.outcome}")

        report = hub_import(
            root=root,
            mapping=mapping,
            dry_run=options["dry_run"],
            fetch_assets=options["fetch_assets"],
            asset_map=asset_map,
            progress=progress,
        )
        if options["report"]:
            Path(options["report"]).write_text(
                json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
            )
        if verbosity >= 1:
            self._summary(report)
        if report.failed:
            raise CommandError(f"{report.failed} item(s) failed; see the messages above")

    def _summary(self, report):
        folders = report.by_folder()
        width = max([len("folder"), *(len(name) for name in folders)])
        header = f"{'folder':<{width}}  " + "  ".join(f"{o:>9}" for o in OUTCOMES)
        lines = ["", "Dry run: nothing was written." if report.dry_run else "", header]
        totals = dict.fromkeys(OUTCOMES, 0)
        for name, row in folders.items():
            lines.append(f"{name:<{width}}  " + "  ".join(f"{row[o]:>9}" for o in OUTCOMES))
            for outcome in OUTCOMES:
                totals[outcome] += row[outcome]
        lines.append(f"{'total':<{width}}  " + "  ".join(f"{totals[o]:>9}" for o in OUTCOMES))
        lines.append(f"{len(report.items)} items in {report.seconds:.1f} s")
        self.stdout.write("\n".join(line for line in lines if line is not None))
        for item in report.items:
            if item.outcome == "failed":
                self.stderr.write(f"FAILED {item.source_path}: {item.error}")
        not_fetched = {url for item in report.items for url in item.assets_not_fetched}
        if not_fetched:
            self.stdout.write(
                f"{len(not_fetched)} picture(s) and file(s) are shown or linked from their "
                "server, not copied here (listed in --report); --fetch-assets copies them."
            )
        if report.chapters_moved:
            self.stdout.write(f"{report.chapters_moved} guide chapter(s) put in reading order.")
        if report.unmapped_folders:
            self.stderr.write(
                "WARNING: the mapping has no section for "
                + ", ".join(repr(name) for name in report.unmapped_folders)
                + ". Imported as shown; to map them, add to the mapping's 'sections':"
            )
            for lines in report.unmapped_folders.values():
                self.stderr.write(lines)
