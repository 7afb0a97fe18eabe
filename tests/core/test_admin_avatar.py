"""Editors' avatars in the admin come from Wagtail, never from Gravatar (which would receive a
hash of each editor's e-mail address)."""

from cms.users.factories import UserFactory


def test_the_admin_shows_no_gravatar(client, home_page):
    editor = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert b"avatar" in response.content
    assert b"gravatar" not in response.content.lower()
