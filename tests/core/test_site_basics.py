from django.contrib.auth.models import Group

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", ["Editors", "Moderators"])
def test_editorial_groups_exist_with_admin_and_taxonomy_rights(group_name):
    group = Group.objects.get(name=group_name)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "submit_translation", "add_theme", "change_licence"} <= codenames


def test_unknown_page_gets_the_site_404_page(client, home_page):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="#main"' in html


def test_favicon_ico_points_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
