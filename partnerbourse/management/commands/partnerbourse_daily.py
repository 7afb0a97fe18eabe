"""The partner board's daily housekeeping, for cron: expire listings and send reminders."""

from django.core.management.base import BaseCommand

from ...services.expiry import listing_reminders_send, listings_expire


class Command(BaseCommand):
    help = (
        "Expire listings whose closing date has passed (they are archived, never deleted) and "
        "send the reminders due 7 days and 1 day before closing. Safe to run more than once a "
        "day; run it daily, e.g. '15 2 * * * manage.py partnerbourse_daily'. With --enqueue the "
        "work is handed to the task worker instead (TASKS_BACKEND=database, manage.py db_worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the work as a background task instead of running it now.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from ...tasks import board_daily_task

            result = board_daily_task.enqueue()
            self.stdout.write(f"Enqueued partner board housekeeping (task {result.id}).")
            return
        expired = listings_expire()
        reminders = listing_reminders_send()
        self.stdout.write(
            f"Expired {expired} listing(s); sent {reminders['reminder_7']} 7-day and "
            f"{reminders['reminder_1']} 1-day reminder(s)."
        )
        # A catch-up for a moderators' digest the hourly limit held back (see moderation_digest).
        from ...services.moderation_digest import moderation_digest_send

        self.stdout.write(f"Sent {moderation_digest_send()} moderation digest(s).")
