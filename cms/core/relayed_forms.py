"""What the site's relayed-message forms share: the message length and the spam trap.

Visitors write to a best practice's contact and to a listing's poster through the site; both
forms take a message of the same length and carry the same honeypot.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


def honeypot_field() -> forms.CharField:
    """Hidden from sight by the template, labelled for anyone who still reaches it (a screen
    reader, a browser without styles). Bots fill every field they find."""
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class HoneypotMixin:
    """A form with a ``website`` honeypot field. A filled honeypot gets the same answer as a
    person, so a bot learns nothing."""

    HONEYPOT_FIELD = "website"

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(self.HONEYPOT_FIELD))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != self.HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[self.HONEYPOT_FIELD]
