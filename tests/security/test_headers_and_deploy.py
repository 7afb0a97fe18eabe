"""Clickjacking and content-security headers on every kind of response; `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client
from django.urls import reverse

from cms.users.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]


def test_public_personal_and_form_pages_refuse_framing_and_carry_a_csp(home_page, listing):
    client = Client()
    client.force_login(UserFactory())
    paths = [
        "/en/",
        reverse("account_login"),
        reverse("partnerbourse:board"),
        listing.get_absolute_url(),
        reverse("partnerbourse:dashboard"),
        reverse("courses:dashboard"),
        reverse("users:privacy"),
        "/en/no-such-page/",  # the 404 page too
    ]
    for path in paths:
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        policy = response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy, path
        assert "default-src 'self'" in policy, path
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[-1].split(";")[0], path


def test_the_admin_may_frame_only_itself(home_page):
    client = Client()
    client.force_login(UserFactory(superuser=True))

    response = client.get("/admin/")

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_json_endpoints_carry_nosniff(home_page):
    for path in ("/api/v2/pages/", "/healthz"):
        response = Client().get(path)
        assert response["X-Content-Type-Options"] == "nosniff", path


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "deploy-check-" + "k" * 60,
        "ALLOWED_HOSTS": "hub.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        # Required in production; the check does not connect to it.
        "CACHE_URL": "redis://127.0.0.1:6379/0",
    }
    env.pop("DEBUG", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
