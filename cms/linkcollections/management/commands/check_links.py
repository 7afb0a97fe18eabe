"""Check the links of link collections and record the results, for editors' link report."""

from django.core.management.base import BaseCommand, CommandError

from ...models import LinkCollectionPage
from ...selectors import PROBLEM_RESULTS
from ...services import DEFAULT_TIMEOUT, MAX_WORKERS, links_check_all

SUMMARY_ORDER = ["ok", "redirect", "broken", "timeout", "error"]


class Command(BaseCommand):
    help = (
        "Check every link of the link collections (HEAD, else GET; up to 5 redirects) and "
        "record the result on each link. Broken links are findings, not failures: the command "
        "exits 0 unless it cannot run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--page", type=int, help="Only the links of this page (its id).")
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help=f"Seconds to wait for each answer (default {DEFAULT_TIMEOUT:g}).",
        )
        parser.add_argument(
            "--only-broken",
            action="store_true",
            help="Only re-check links whose last check found them broken, silent or failing.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=MAX_WORKERS,
            help=f"Links checked at the same time (default {MAX_WORKERS}).",
        )

    def handle(self, *args, page=None, timeout, only_broken, workers, verbosity, **options):
        if timeout <= 0:
            raise CommandError("--timeout must be a positive number of seconds.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if page is not None and not LinkCollectionPage.objects.filter(pk=page).exists():
            raise CommandError(f"There is no link collection page with id {page}.")

        def report(link, outcome):
            # Problems are always listed; everything else only with -v 2.
            if outcome.result in PROBLEM_RESULTS or verbosity >= 2:
                status = outcome.status_code or "-"
                detail = f" ({outcome.detail})" if outcome.detail else ""
                self.stdout.write(
                    f"{outcome.result:<8} {status!s:>3}  {link.url}{detail}  "
                    f"[page {link.page_id}: {link.title}]"
                )

        summary = links_check_all(
            page_id=page,
            only_problems=only_broken,
            timeout=timeout,
            workers=workers,
            on_checked=report,
        )
        counts = ", ".join(f"{summary[result]} {result}" for result in SUMMARY_ORDER)
        self.stdout.write(f"Checked {summary['checked']} links: {counts}.")
