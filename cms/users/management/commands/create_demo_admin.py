import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from cms.users.services import user_create


class Command(BaseCommand):
    help = (
        "Create the demo administrator (DEMO_ADMIN_EMAIL, default admin@example.com). The password "
        "comes from DEMO_ADMIN_PASSWORD; without it a random one is generated and printed once."
    )

    def handle(self, *args, **options):
        email = os.environ.get("DEMO_ADMIN_EMAIL", "admin@example.com").lower()
        if get_user_model().objects.filter(email=email).exists():
            self.stdout.write(f"Demo admin {email} already exists; its password is unchanged.")
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user_create(email=email, password=password, display_name="Demo Admin", is_superuser=True)
        self.stdout.write(self.style.SUCCESS(f"Created demo admin {email}."))
        if generated:
            self.stdout.write(f"Its password, shown only this once: {password}")
