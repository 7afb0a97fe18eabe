"""The account forms: sign-up (allauth's, with the display name), the profile and deletion."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from allauth.account.forms import SignupForm as AllauthSignupForm

from .rules import DISPLAY_NAME_MAX_LENGTH, display_name_has_a_letter, display_name_normalise
from .services import user_update_profile


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

    def signup(self, request, user):
        # Called by allauth once the account is saved; never for an address that already has
        # an account (enumeration prevention answers those without creating anything).
        user_update_profile(user=user, display_name=self.cleaned_data["display_name"])


class ProfileForm(forms.Form):
    display_name = DisplayNameField()


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone, so it asks for the password once more."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
