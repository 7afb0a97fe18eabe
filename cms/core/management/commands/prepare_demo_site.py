from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Apply migrations, load the demo content and create the demo admin: what `make run` needs "
        "before serving, in one process (each start of Django costs seconds)."
    )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, stdout=self.stdout)
        call_command("load_demo", stdout=self.stdout)
        call_command("create_demo_admin", stdout=self.stdout)
