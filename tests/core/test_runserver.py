"""The development server takes the address it serves as SITE_URL (unless SITE_URL is set) and
ends its start-up with where the site is and how to log in."""

import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import runserver as django_runserver

import pytest

from cms.users.factories import UserFactory


class NoConnections:
    def all(self, initialized_only=False):
        return []


@pytest.fixture
def served(monkeypatch):
    """Run the command up to the point where it would serve, then bind nothing."""
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("DEMO_ADMIN_EMAIL", raising=False)
    original_url = settings.SITE_URL

    def start(addr, port, handler, *, on_bind, **kwargs):
        on_bind(port)

    monkeypatch.setattr(django_runserver, "run", start)
    # The command closes the database connections before serving; here that would end the
    # test's transaction (PostgreSQL), so it closes none.
    monkeypatch.setattr(django_runserver, "connections", NoConnections())
    yield
    settings.SITE_URL = original_url
    settings.WAGTAILADMIN_BASE_URL = original_url


def run(address: str) -> str:
    out = io.StringIO()
    call_command("runserver", address, use_reloader=False, skip_checks=True, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_site_url_follows_the_port_served_and_the_banner_says_how_to_log_in(served):
    UserFactory(email="admin@example.com", superuser=True)

    output = run("127.0.0.1:8012")

    assert settings.SITE_URL == "http://127.0.0.1:8012"
    assert settings.WAGTAILADMIN_BASE_URL == "http://127.0.0.1:8012"
    assert "Heritage Hub is running at http://127.0.0.1:8012/" in output
    assert "admin is at http://127.0.0.1:8012/admin/" in output
    assert "Log in as admin@example.com" in output


@pytest.mark.django_db
def test_a_server_on_every_interface_is_linked_on_this_machines_address(served):
    output = run("0.0.0.0:8013")

    assert settings.SITE_URL == "http://127.0.0.1:8013"
    assert "make admin" in output  # no administrator yet


@pytest.mark.django_db
def test_an_explicit_site_url_wins(served, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://hub.example.org")
    settings.SITE_URL = "https://hub.example.org"

    run("127.0.0.1:8012")

    assert settings.SITE_URL == "https://hub.example.org"


@pytest.mark.django_db
def test_prepare_demo_migrates_loads_the_demo_and_creates_the_admin_before_serving(
    served, monkeypatch
):
    prepared = []
    monkeypatch.setattr(
        "cms.core.management.commands.prepare_demo_site.Command.handle",
        lambda command, *args, **options: prepared.append(True),
    )

    call_command(
        "runserver",
        "127.0.0.1:8012",
        "--prepare-demo",
        use_reloader=False,
        skip_checks=True,
        stdout=io.StringIO(),
    )

    assert prepared == [True]


@pytest.mark.django_db
def test_the_reloaders_serving_process_does_not_prepare_again(served, monkeypatch):
    monkeypatch.setenv("RUN_MAIN", "true")
    prepared = []
    monkeypatch.setattr(
        "cms.core.management.commands.prepare_demo_site.Command.handle",
        lambda command, *args, **options: prepared.append(True),
    )

    call_command(
        "runserver",
        "127.0.0.1:8012",
        "--prepare-demo",
        use_reloader=False,
        skip_checks=True,
        stdout=io.StringIO(),
    )

    assert prepared == []


@pytest.mark.django_db
def test_e_mails_link_to_the_port_served(served, client):
    from django.core import mail

    from tests.users.utils import PASSWORD_RESET_URL, links_in

    UserFactory(email="learner@example.org")
    run("127.0.0.1:8012")

    client.post(PASSWORD_RESET_URL, {"email": "learner@example.org"})

    [message] = mail.outbox
    reset_links = [link for link in links_in(message) if "/password/reset/key/" in link]
    assert reset_links
    assert all(link.startswith("http://127.0.0.1:8012/") for link in reset_links)
