from django.core.management import call_command
from django.http import HttpRequest

from wagtail.models import Locale, Page, Site

import pytest

from cms.core.models import Theme
from cms.home.models import HomePage
from cms.standardpages.models import StandardPage


@pytest.mark.django_db
def test_load_demo_builds_a_translated_site_and_is_safe_to_repeat(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page_count = Page.objects.count()
    theme_count = Theme.objects.count()

    # What a second `make run` does: migrations, the demo and the admin in one process.
    call_command("prepare_demo_site", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Page.objects.count() == page_count
    assert Theme.objects.count() == theme_count
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    for code in ("en", "da", "de", "it", "el"):
        assert HomePage.objects.live().filter(locale__language_code=code).count() == 1
        assert StandardPage.objects.live().filter(locale__language_code=code).exists()
    assert Theme.objects.filter(locale__language_code="de", name="Technologie").exists()

    about = StandardPage.objects.get(locale__language_code="en", slug="about")
    german_about = about.get_translation(Locale.objects.get(language_code="de"))
    response = client.get(german_about.url)
    assert response.status_code == 200
    assert "Über Heritage Hub" in response.content.decode()
    assert client.get("/da/").status_code == 200


@pytest.mark.django_db
def test_create_demo_admin_prints_a_generated_password_once(monkeypatch, client):
    import io

    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    first, second = io.StringIO(), io.StringIO()
    call_command("create_demo_admin", stdout=first)
    call_command("create_demo_admin", stdout=second)

    password = first.getvalue().rsplit(": ", 1)[1].strip()
    assert "already exists" in second.getvalue()
    assert password not in second.getvalue()
    assert client.login(request=HttpRequest(), email="admin@example.com", password=password)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_create_demo_admin_takes_the_password_from_the_environment(monkeypatch, client):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a demo password from the environment")
    out = open("/dev/null", "w")  # noqa: SIM115
    call_command("create_demo_admin", stdout=out)
    assert client.login(
        request=HttpRequest(),
        email="admin@example.com",
        password="a demo password from the environment",
    )
