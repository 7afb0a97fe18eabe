"""``runserver`` that knows the address it serves and says how to use it.

Links that leave the request (e-mails, QR codes, badges, feeds, the sitemap) are built from
``SITE_URL``. On a development server started on another port, the default (:8000) would point
them at the wrong server, so unless ``SITE_URL`` is set the served address becomes it.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.management.commands.runserver import Command as StaticfilesRunserver
from django.core.management import call_command
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

# What a browser on this machine can open when the server listens on every interface.
# Compared with the address asked for, never bound to.
WILDCARD_ADDRESSES = {"0", "0.0.0.0", "::"}  # noqa: S104  # nosec B104


class Command(StaticfilesRunserver):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--prepare-demo",
            action="store_true",
            help="First migrate, load the demo and create the demo admin (prepare_demo_site), in "
            "this process: each start of Django costs seconds (make run).",
        )

    def handle(self, *args, **options):
        # The autoreloader runs this command again in a child process, which serves; only the
        # first process prepares.
        if options["prepare_demo"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            call_command("prepare_demo_site", stdout=self.stdout)
        super().handle(*args, **options)

    def inner_run(self, *args, **options):
        if "SITE_URL" not in os.environ:
            settings.SITE_URL = self.served_url()
            settings.WAGTAILADMIN_BASE_URL = settings.SITE_URL
        super().inner_run(*args, **options)

    def served_url(self) -> str:
        host = "127.0.0.1" if self.addr in WILDCARD_ADDRESSES else self.addr
        if self._raw_ipv6 and host == self.addr:
            host = f"[{host}]"
        return f"{self.protocol}://{host}:{self.port}"

    def on_bind(self, server_port):
        super().on_bind(server_port)
        site = settings.SITE_URL
        lines = [
            "",
            f"Heritage Hub is running at {site}/",
            f"The editors' admin is at {site}/admin/",
        ]
        admin_email = os.environ.get("DEMO_ADMIN_EMAIL", "admin@example.com").lower()
        if get_user_model().objects.filter(email=admin_email, is_superuser=True).exists():
            lines.append(
                f"Log in as {admin_email} with DEMO_ADMIN_PASSWORD, or the password printed when"
                " the demo admin was created"
                f" (`uv run python manage.py changepassword {admin_email}` sets another)."
            )
        else:
            lines.append("Create an administrator with `make admin` to log in.")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
