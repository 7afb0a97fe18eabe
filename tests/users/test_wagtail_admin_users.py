"""Administrators manage accounts in the Wagtail admin with the site's e-mail-based user model."""

from django.contrib.auth.models import Group
from django.test import Client

import pytest

from cms.users.factories import UserFactory
from cms.users.models import User
from tests.users.utils import ADMIN_LOGIN_URL, is_logged_in

USERS_URL = "/admin/users/"
ADD_URL = "/admin/users/new/"
PASSWORD = "an unusual passphrase 4 heritage"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(email="admin@example.org", superuser=True))
    return client


def new_user_data(**overrides):
    """What Wagtail's user creation form posts."""
    return {
        "email": "new.editor@example.org",
        "first_name": "New",
        "last_name": "Editor",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def test_the_user_list_shows_accounts(admin_client):
    UserFactory(email="listed@example.org", display_name="Listed Learner")

    response = admin_client.get(USERS_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "listed@example.org" in html
    assert "Listed Learner" in html


def test_the_user_list_searches_by_address(admin_client):
    UserFactory(email="findme@example.org")
    UserFactory(email="hidden@example.org")

    response = admin_client.get(USERS_URL, {"q": "findme"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "findme@example.org" in html
    assert "hidden@example.org" not in html


def test_creating_a_user_who_can_then_log_in_to_the_admin(admin_client):
    editors = Group.objects.get(name="Editors")
    assert admin_client.get(ADD_URL).status_code == 200

    response = admin_client.post(
        ADD_URL, new_user_data(email="New.Editor@Example.org", groups=[editors.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == USERS_URL
    # Stored in lower case, as allauth and django-axes look accounts up.
    user = User.objects.get(email="new.editor@example.org")
    assert list(user.groups.all()) == [editors]
    assert user.is_active
    assert not user.is_superuser

    editor = Client()
    login = editor.post(
        ADMIN_LOGIN_URL, {"username": "New.Editor@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert is_logged_in(editor)
    assert editor.get("/admin/").status_code == 200


def test_an_address_already_in_use_in_another_case_is_refused(admin_client):
    UserFactory(email="taken@example.org")

    response = admin_client.post(ADD_URL, new_user_data(email="Taken@Example.org"))

    assert response.status_code == 200
    assert "A user with this e-mail address already exists." in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_editing_a_user(admin_client):
    user = UserFactory(email="learner@example.org", first_name="Old", last_name="Name")
    edit_url = f"/admin/users/edit/{user.pk}/"
    assert admin_client.get(edit_url).status_code == 200

    response = admin_client.post(
        edit_url,
        {
            "email": "learner@example.org",
            "first_name": "Fresh",
            "last_name": "Name",
            "password1": "",
            "password2": "",
            # is_active left out: the administrator suspends the account.
        },
    )

    assert response.status_code == 302
    assert response["Location"] == USERS_URL
    user.refresh_from_db()
    assert user.first_name == "Fresh"
    assert not user.is_active
    assert user.email == "learner@example.org"


def test_administrators_set_the_public_display_name(admin_client):
    user = UserFactory(email="named@example.org", display_name="")
    edit_url = f"/admin/users/edit/{user.pk}/"
    assert 'name="display_name"' in admin_client.get(edit_url).content.decode()

    response = admin_client.post(
        edit_url,
        {
            "email": "named@example.org",
            "first_name": "Named",
            "last_name": "Person",
            "display_name": "Conservation Lab",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Conservation Lab"


def test_deleting_a_user_in_the_admin_erases_personal_data_like_self_service(admin_client):
    user = UserFactory(email="leaving@example.org", display_name="Leaving Learner")
    delete_url = f"/admin/users/delete/{user.pk}/"
    assert admin_client.get(delete_url).status_code == 200

    response = admin_client.post(delete_url)

    assert response.status_code == 302
    user.refresh_from_db()
    # The row stays for the anonymised contributions; nothing identifies the person any more.
    assert user.email.endswith("@deleted.invalid")
    assert user.display_name == ""
    assert not user.is_active
    assert not user.has_usable_password()
    admin_client.get(USERS_URL)  # shows (and consumes) the success message, which names them
    listing = admin_client.get(USERS_URL).content.decode()
    assert "leaving@example.org" not in listing
    assert "Leaving Learner" not in listing
