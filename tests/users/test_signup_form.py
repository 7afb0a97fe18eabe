"""Sign-up asks for the name others see, and every error is shown next to its field; a person
without a name is never called "Member"."""

from django.core import mail

import pytest
from bs4 import BeautifulSoup

from cms.users.factories import DEFAULT_PASSWORD, UserFactory
from cms.users.forms import SignupForm
from cms.users.models import User
from cms.users.services import user_delete_account
from tests.users.utils import LOGIN_URL, PROFILE_URL, SIGNUP_URL, main_text

PASSWORD = "an unusual passphrase 4 heritage"


def sign_up(client, **overrides):
    data = {
        "display_name": "Ada Lovelace",
        "email": "ada@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(SIGNUP_URL, {**data, **overrides})


def field_errors(response, name: str) -> list[str]:
    """The errors that assistive technology reads with the field: those its aria-describedby
    names, and only if the field is marked invalid."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    field = soup.find(attrs={"name": name})
    assert field is not None, f"no field {name!r} on the page"
    if field.get("aria-invalid") != "true":
        return []
    described = [soup.find(id=ref) for ref in field.get("aria-describedby", "").split()]
    return [
        " ".join(item.get_text(" ", strip=True).removeprefix("Error:").split())
        for element in described
        if element is not None and "field__errors" in element.get("class", [])
        for item in element.find_all("li")
    ]


def error_summary(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    summary = soup.find(class_="form-errors", attrs={"role": "alert"})
    return " ".join(summary.get_text(" ", strip=True).split()) if summary else ""


# The display name


def test_the_sign_up_form_asks_for_the_name_first(client, db):
    soup = BeautifulSoup(client.get(SIGNUP_URL).content.decode(), "html.parser")

    names = [field["name"] for field in soup.select("form.form input:not([type=hidden])")]
    assert names == ["display_name", "email", "password1", "password2"]
    field = soup.find("input", attrs={"name": "display_name"})
    assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Display name"
    assert field.has_attr("required")
    assert field["maxlength"] == "100"
    assert field["autocomplete"] == "name"
    help_text = soup.find(id=field["aria-describedby"]).get_text(strip=True)
    assert "certificates" in help_text


def test_the_name_is_saved_cleaned_up(client, db):
    response = sign_up(client, display_name="  Ada\u202e \n Lovelace\u200b  ")

    assert response.status_code == 302
    assert User.objects.get().display_name == "Ada Lovelace"


@pytest.mark.parametrize(
    ("display_name", "error"),
    [
        ("", "This field is required."),
        (" \u200b\u202e ", "This field is required."),
        ("x" * 101, "Ensure this value has at most 100 characters (it has 101)."),
        ("...", "Enter a name with at least one letter."),
        ("ada@example.org", "Enter a name, not an e-mail address: others can see this name."),
    ],
)
def test_a_missing_or_unusable_name_is_refused_next_to_the_field(client, db, display_name, error):
    response = sign_up(client, display_name=display_name)

    assert response.status_code == 200
    assert field_errors(response, "display_name") == [error]
    assert f"Display name: {error}" in error_summary(response)
    # What was typed stays, so that only the mistake needs correcting.
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find("input", attrs={"name": "email"})["value"] == "ada@example.org"
    assert not User.objects.exists()
    assert mail.outbox == []


def test_a_name_of_a_hundred_characters_in_any_script_is_taken(client, db):
    name = "Ελένη Παπαδοπούλου " + "\N{GREEK SMALL LETTER ALPHA}" * 81

    assert sign_up(client, display_name=name).status_code == 302
    assert User.objects.get().display_name == name


# Password errors


def test_different_passwords_are_reported_next_to_the_second(client, db):
    response = sign_up(client, password2=PASSWORD + "!")

    assert response.status_code == 200
    assert field_errors(response, "password2") == ["You must type the same password each time."]
    assert field_errors(response, "password1") == []
    assert "Password (again): You must type the same password each time." in error_summary(response)
    assert not User.objects.exists()


def test_different_passwords_are_reported_even_when_the_first_is_too_weak(client, db):
    # allauth alone reported only the weak password, and the mismatch came as a surprise later.
    response = sign_up(client, password1="short", password2="different")

    assert response.status_code == 200
    assert "This password is too short." in " ".join(field_errors(response, "password1"))
    assert field_errors(response, "password2") == ["You must type the same password each time."]
    summary = error_summary(response)
    assert "Password: This password is too short." in summary
    assert "Password (again): You must type the same password each time." in summary


def test_a_missing_second_password_is_reported_once(client, db):
    response = sign_up(client, password2="")

    assert field_errors(response, "password2") == ["This field is required."]


def test_errors_about_the_whole_form_are_shown_at_its_top(client, db, monkeypatch):
    def clean_with_a_form_error(form):
        cleaned_data = original_clean(form)
        form.add_error(None, "Something is wrong with the form as a whole.")
        return cleaned_data

    original_clean = SignupForm.clean
    monkeypatch.setattr(SignupForm, "clean", clean_with_a_form_error)

    response = sign_up(client)

    assert response.status_code == 200
    assert "Something is wrong with the form as a whole." in error_summary(response)
    assert not User.objects.exists()


# Never "Member"


def test_the_header_shows_the_persons_name(client, home_page):
    client.force_login(UserFactory(display_name="Ada Lovelace"))

    page = client.get("/en/").content.decode()

    account_nav = BeautifulSoup(page, "html.parser").find(
        "nav", attrs={"aria-label": "Your account"}
    )
    assert "Ada Lovelace" in account_nav.get_text(" ", strip=True)


def test_an_account_without_a_name_is_not_called_member(client, home_page):
    nameless = UserFactory(display_name="", email="legacy@example.org")
    client.force_login(nameless)

    page = client.get("/en/").content.decode()

    account_nav = BeautifulSoup(page, "html.parser").find(
        "nav", attrs={"aria-label": "Your account"}
    )
    assert "Member" not in account_nav.get_text(" ", strip=True)
    assert "Name not set" in account_nav.get_text(" ", strip=True)
    # Nor is the address used instead: it is never shown to others.
    assert "legacy" not in nameless.public_name
    assert nameless.get_full_name() == nameless.get_short_name() == ""


def test_a_deleted_account_is_called_a_deleted_member(db):
    leaving = UserFactory(display_name="Leaving Person")

    user_delete_account(user=leaving)

    assert leaving.public_name == "Deleted member"
    assert leaving.get_full_name() == ""


def test_the_partner_board_member_list_names_no_one_member(client, home_page):
    from partnerbourse.factories import OrganisationFactory, OrganisationMembershipFactory
    from partnerbourse.models import MembershipRole

    admin = UserFactory(display_name="Olga Admin", email="olga@example.org")
    organisation = OrganisationFactory()
    OrganisationMembershipFactory(organisation=organisation, user=admin, role=MembershipRole.ADMIN)
    OrganisationMembershipFactory(
        organisation=organisation, user=UserFactory(display_name="", email="quiet@example.org")
    )
    client.force_login(admin)

    response = client.get(f"/en/partners/my/organisations/{organisation.pk}/members/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    # The name is the first text of the row's title (isolated in <bdi>), the e-mail after it.
    names = sorted(title.find(string=True).strip() for title in soup.select(".pb-row__title"))
    # ("Member" is still the role of the second, shown apart from the name.)
    assert names == ["Name not set", "Olga Admin"]


def test_the_certificate_carries_the_name_given_at_sign_up(home_page):
    from courses.factories import CourseIndexPageFactory, CoursePageFactory
    from courses.services.certificates import certificate_issue

    index = CourseIndexPageFactory(parent=home_page, title="Courses", slug="courses")
    course = CoursePageFactory(parent=index, title="Caring for collections", slug="care")

    named = certificate_issue(user=UserFactory(display_name="Ada Lovelace"), course=course)
    nameless = certificate_issue(user=UserFactory(display_name=""), course=course)

    assert named.learner_name == "Ada Lovelace"
    assert "Member" not in nameless.learner_name


def test_logging_in_without_a_name_asks_for_one(client, home_page):
    nameless = UserFactory(display_name="")

    response = client.post(
        LOGIN_URL, {"login": nameless.email, "password": DEFAULT_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == PROFILE_URL
    text = main_text(response)
    assert "Your account has no name yet: please choose one on your profile page." in text
    assert "Member" not in text


def test_logging_in_with_a_name_greets_by_it(client, home_page):
    named = UserFactory(display_name="Ada Lovelace")

    response = client.post(
        LOGIN_URL, {"login": named.email, "password": DEFAULT_PASSWORD}, follow=True
    )

    assert "Successfully signed in as Ada Lovelace." in main_text(response)
