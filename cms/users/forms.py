"""The account forms: sign-up (allauth's, with the display name), password change and reset
(allauth's, checked and mailed as below), the profile, the password re-entry before the data
download and deletion."""

from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm

from .rules import DISPLAY_NAME_MAX_LENGTH, display_name_has_a_letter, display_name_normalise
from .services import password_reset_request, user_update_profile


class DisplayNameField(forms.CharField):
    """The name others see: normalised before it is checked, so that the length counts what is
    stored and a name of spaces or invisible characters counts as none."""

    default_error_messages = {
        "no_letter": _("Enter a name with at least one letter."),
        "email": _("Enter a name, not an e-mail address: others can see this name."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault(
            "help_text",
            _(
                "The name on your certificates and the one others see, for example on the "
                "partner board."
            ),
        )
        kwargs.setdefault("max_length", DISPLAY_NAME_MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "name"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return display_name_normalise(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if not display_name_has_a_letter(value):
            raise ValidationError(self.error_messages["no_letter"], code="no_letter")
        try:
            validate_email(value)
        except ValidationError:
            pass
        else:
            raise ValidationError(self.error_messages["email"], code="email")


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS), asking for the display name too."""

    display_name = DisplayNameField()

    field_order = ["display_name", "email", "password1", "password2"]

    def clean(self):
        cleaned_data = super().clean()
        # allauth compares the two passwords only when the first passes the password rules, so
        # "short" then "shorx" would be answered with the rules alone; the mismatch is reported
        # too, so that both fields say what is wrong at once.
        if "password2" in self.fields and "password2" not in self.errors:
            password1 = self["password1"].data or ""
            password2 = cleaned_data.get("password2") or ""
            if password1 and password2 and password1 != password2:
                self.add_error("password2", _("You must type the same password each time."))
        return cleaned_data

    def try_save(self, request):
        if self.account_already_exists:
            # A new account costs a password hash, by far the slowest step of a sign-up; an
            # address that already has an account would be answered that much sooner and give
            # itself away. The hash is thrown away.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)

    def signup(self, request, user):
        # Called by allauth once the account is saved; never for an address that already has
        # an account (enumeration prevention answers those without creating anything).
        user_update_profile(user=user, display_name=self.cleaned_data["display_name"])


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's password change (ACCOUNT_FORMS), with the current password checked the way a
    log-in checks it: through the authentication backends, so that django-axes counts a wrong
    one towards the lockouts of the account and of the address, and allauth towards its log-in
    rate limit. allauth's own form compares it directly, with no limit at all."""

    def clean_oldpassword(self):
        password = self.cleaned_data.get("oldpassword", "")
        adapter = get_adapter()
        if not adapter.reauthenticate(self.user, password):
            raise adapter.validation_error("enter_current_password")
        return password


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's password reset request (ACCOUNT_FORMS), which only queues the reset.

    allauth looks the address up in the request, and mails there: an address with an account
    costs more queries and a mail, and the answer time tells whether it has one. Here both are
    the task's (``services.password_reset_request``). This relies on ACCOUNT_PREVENT_ENUMERATION
    (the form never says that an address is unknown).
    """

    def clean_email(self):
        return get_adapter().clean_email(self.cleaned_data["email"].lower())

    def save(self, request, **kwargs):
        email = self.cleaned_data["email"]
        password_reset_request(email=email)
        return email


class ProfileForm(forms.Form):
    display_name = DisplayNameField()


class PasswordConfirmForm(forms.Form):
    """The password once more before the data download or deleting the account: whether it is
    right is the service's check (``user_reauthenticate``), which counts wrong guesses towards
    the log-in lockout."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
