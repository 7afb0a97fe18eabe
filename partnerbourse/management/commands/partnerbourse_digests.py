"""Send the due saved-search digests of the partner board (run hourly or daily from cron).

Each saved search is sent when due (daily: 20 hours after the last digest, weekly: 6 days and
20 hours), only if there are new matching listings, and each listing at most once per search, so
running the command more often than needed, or again after an interrupted run, sends nothing
twice. The command matches and records the digests itself; each batch's mails are a task, sent
right away with the immediate task backend or by ``manage.py db_worker`` with
``TASKS_BACKEND=database``.
"""

from django.core.management.base import BaseCommand

from partnerbourse.models import DigestFrequency
from partnerbourse.services.saved_searches import saved_search_digests_send


class Command(BaseCommand):
    help = "Send the partner board's due saved-search digests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=DigestFrequency.values,
            help="Only digests of this frequency (default: every due digest).",
        )

    def handle(self, *args, frequency=None, **options):
        counts = saved_search_digests_send(frequency=frequency)
        summary = (
            f"Checked {counts['checked']} saved searches, sent {counts['sent']} digests "
            f"listing {counts['listings']} listings."
        )
        if counts["queued"]:
            summary += f" Queued {counts['queued']} digests for the task worker."
        self.stdout.write(summary)
