"""The translation report (wagtail-localize's, listing every translation by source title) is
for translators and administrators only: other editors neither see it in the menu nor open it."""

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest
from wagtail_localize.models import Translation, TranslationSource

from cms.standardpages.factories import StandardPageFactory
from cms.users.factories import UserFactory

REPORT_VIEWS = (
    "wagtail_localize:translations_report",
    "wagtail_localize:translations_report_results",
)


@pytest.fixture
def translated_page(home_page, locales):
    page = StandardPageFactory(parent=home_page, title="Quokka restoration plan")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    page.copy_for_translation(locales["da"], copy_parents=True)
    Translation.objects.create(source=source, target_locale=locales["da"])
    return page


@pytest.fixture
def section_editor(home_page):
    """Edits and publishes one section, and may not translate."""
    section = StandardPageFactory(parent=home_page, title="Our gallery")
    group = Group.objects.create(name="Gallery editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=section, permission=Permission.objects.get(codename=codename)
        )
    user = UserFactory()
    user.groups.add(group)
    return user


def _member_of(group_name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_the_translators_group_may_translate(db):
    translators = Group.objects.get(name="Translators")
    codenames = set(translators.permissions.values_list("codename", flat=True))
    assert {"access_admin", "submit_translation"} <= codenames
    assert set(
        GroupPagePermission.objects.filter(group=translators).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page"}


@pytest.mark.parametrize("who", ["section editor", "Contributors"])
def test_other_editors_may_not_read_the_translation_report(who, translated_page, section_editor):
    user = section_editor if who == "section editor" else _member_of(who)
    client = Client()
    client.force_login(user)
    for url in map(reverse, REPORT_VIEWS):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")
        assert "Quokka" not in response.content.decode()
    # Nor is it offered in the Reports menu.
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(REPORT_VIEWS[0]) not in home


@pytest.mark.parametrize("who", ["Translators", "superuser"])
def test_translators_and_administrators_read_the_translation_report(who, translated_page):
    user = UserFactory(superuser=True) if who == "superuser" else _member_of(who)
    client = Client()
    client.force_login(user)
    for url in map(reverse, REPORT_VIEWS):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Quokka restoration plan" in response.content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(REPORT_VIEWS[0]) in home
