"""“Delete my account”: personal data goes, contributions stay without a name."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from wagtail import hooks
from wagtail.models import Page
from wagtail.users.models import UserProfile

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessLog

from cms.standardpages.factories import StandardPageFactory
from cms.users.factories import DEFAULT_PASSWORD, EmailAddressFactory, UserFactory
from cms.users.models import User
from cms.users.services import user_delete_account
from tests.users.utils import DELETE_URL, LOGIN_URL, is_logged_in, main_text

OLD_EMAIL = "leaving@example.org"


@pytest.fixture
def leaving(home_page):
    user = UserFactory(
        email=OLD_EMAIL, display_name="Leaving Person", first_name="Leaving", last_name="Person"
    )
    EmailAddressFactory(user=user, email="leaving-at-work@example.org")
    return user


@pytest.fixture
def logged_in(client, leaving):
    """Logged in through the real form, so that django-axes has records about both addresses."""
    client.post(LOGIN_URL, {"login": "leaving-at-work@example.org", "password": "a wrong guess"})
    response = client.post(LOGIN_URL, {"login": OLD_EMAIL, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username="leaving-at-work@example.org").exists()
    assert AccessLog.objects.filter(username=OLD_EMAIL).exists()
    return client


def test_a_wrong_password_deletes_nothing(logged_in, leaving):
    response = logged_in.post(DELETE_URL, {"password": "not my password"})

    assert response.status_code == 400
    assert "That is not your password." in main_text(response)
    assert 'aria-invalid="true"' in response.content.decode()
    leaving.refresh_from_db()
    assert leaving.email == OLD_EMAIL
    assert leaving.is_active
    assert EmailAddress.objects.filter(user=leaving).count() == 2
    assert is_logged_in(logged_in)


def test_the_right_password_anonymises_the_account(logged_in, leaving, home_page):
    page = StandardPageFactory(parent=home_page, owner=leaving, title="Still useful")

    response = logged_in.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert not is_logged_in(logged_in)
    leaving.refresh_from_db()
    assert (leaving.display_name, leaving.first_name, leaving.last_name) == ("", "", "")
    assert not leaving.is_active
    assert not leaving.has_usable_password()
    for address in (OLD_EMAIL, "leaving-at-work@example.org"):
        assert not User.objects.filter(email__iexact=address).exists()
        assert not EmailAddress.objects.filter(email__iexact=address).exists()
        # Nor in django-axes' log-in records.
        assert not AccessAttempt.objects.filter(username__iexact=address).exists()
        assert not AccessLog.objects.filter(username__iexact=address).exists()
    assert not EmailAddress.objects.filter(user=leaving).exists()
    # What they contributed stays, owned by the now nameless row.
    page = Page.objects.get(pk=page.pk)
    assert page.title == "Still useful"
    assert page.owner_id == leaving.pk

    for address in (OLD_EMAIL, "leaving-at-work@example.org"):
        attempt = logged_in.post(LOGIN_URL, {"login": address, "password": DEFAULT_PASSWORD})
        assert attempt.status_code == 200
        assert not is_logged_in(logged_in)


def test_other_accounts_are_untouched(logged_in, leaving):
    colleague = UserFactory(email="staying@example.org", display_name="Staying")

    logged_in.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    colleague.refresh_from_db()
    assert colleague.email == "staying@example.org"
    assert colleague.display_name == "Staying"
    assert EmailAddress.objects.filter(user=colleague, email="staying@example.org").exists()


def test_erase_hooks_run_first_and_inside_the_same_transaction(leaving, home_page):
    page = StandardPageFactory(parent=home_page, owner=leaving, title="Written by Leaving Person")
    seen = []

    def erase_app_data(user):
        # Apps find their data by the account as it was: the address is still there.
        seen.append(user.email)
        Page.objects.filter(owner=user).update(title="Anonymous page")

    def erase_failing(user):
        raise RuntimeError("an app could not erase its data")

    with (
        hooks.register_temporarily("erase_personal_data", erase_app_data, order=0),
        hooks.register_temporarily("erase_personal_data", erase_failing, order=1),
        pytest.raises(RuntimeError),
    ):
        user_delete_account(user=leaving)

    # The failure undid the first hook's work too, and the account is as it was.
    assert seen == [OLD_EMAIL]
    page.refresh_from_db()
    assert page.title == "Written by Leaving Person"
    assert User.objects.get(pk=leaving.pk).email == OLD_EMAIL
    assert EmailAddress.objects.filter(user=leaving).count() == 2

    with hooks.register_temporarily("erase_personal_data", erase_app_data):
        user_delete_account(user=leaving)

    page.refresh_from_db()
    assert page.title == "Anonymous page"
    assert not User.objects.filter(Q(email=OLD_EMAIL) | Q(display_name="Leaving Person")).exists()


def test_the_profile_picture_is_deleted_once_the_erasure_is_committed(
    leaving, django_capture_on_commit_callbacks
):
    profile = UserProfile.get_for_user(leaving)
    profile.avatar = SimpleUploadedFile("me.png", b"not really a picture", content_type="image/png")
    profile.save()
    storage, name = profile.avatar.storage, profile.avatar.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        user_delete_account(user=leaving)

    assert not storage.exists(name)
    assert not UserProfile.objects.filter(user=leaving).exists()


def test_password_guesses_on_the_delete_form_count_towards_the_lockout(logged_in):
    statuses = [
        logged_in.post(DELETE_URL, {"password": "a wrong guess"}).status_code for _ in range(5)
    ]
    # Wrong guesses are told so, until the log-in lockout (django-axes) refuses them all.
    assert statuses[0] == 400
    assert statuses[-1] == 429
    response = logged_in.post(DELETE_URL, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert User.objects.filter(email=OLD_EMAIL, is_active=True).exists()
