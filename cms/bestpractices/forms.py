"""The contact form on a best practice: visitors write to the private contact through the site."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.core.relayed_forms import MESSAGE_MAX_LENGTH, HoneypotMixin, honeypot_field


def validate_single_line(value: str) -> None:
    # A line break in a name could become a new mail header (Bcc: ...) wherever it is reused.
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValidationError(_("Enter your name on one line, without special characters."))


class BestPracticeContactForm(HoneypotMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The contact person replies to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    website = honeypot_field()
