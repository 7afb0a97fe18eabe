"""Forms of the responding side of the board: express interest, replies, decline, report, saved
searches. They validate input only; the services in ``services/responses.py``,
``services/reports.py`` and ``services/saved_searches.py`` do the writing.

No form names an organisation, a listing or a user: those come from the URL and the session and
are checked by the view, so a tampered POST cannot speak for someone else.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.relayed_forms import MESSAGE_MAX_LENGTH, HoneypotMixin, honeypot_field
from cms.core.text import display_text

from .models import DigestFrequency, ReportReason

DEFAULT_DECLINE_TEXT = _(
    "Thank you for your interest in our listing and for the time you took to write to us. "
    "We have now chosen partners whose profile fits this project more closely, so we will not "
    "take your proposal further this time. We wish you every success and hope to meet again on "
    "another project."
)


class ExpressInterestForm(HoneypotMixin, forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_(
            "Introduce your organisation and what it would bring. The poster replies through "
            "the site: your e-mail address is not passed on."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    organisation = forms.TypedChoiceField(
        label=_("Respond on behalf of"), required=False, coerce=int, empty_value=None
    )
    website = honeypot_field()

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(organisations)
        if organisations:
            self.fields["organisation"].required = True
            # <option> text cannot be isolated with <bdi>: no bidi controls instead.
            self.fields["organisation"].choices = [
                (org.pk, display_text(org.name)) for org in organisations
            ]
        else:
            del self.fields["organisation"]


class ReplyForm(HoneypotMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = honeypot_field()


class DeclineForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the respondent"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("A polite default text; change it as you like."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"body": DEFAULT_DECLINE_TEXT})
        super().__init__(*args, **kwargs)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReportReason.choices)
    message = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the search"),
        required=False,
        max_length=200,
        help_text=_("For your list of saved searches, e.g. “Erasmus+ partners in the Baltics”."),
    )
    frequency = forms.ChoiceField(
        label=_("E-mail me new listings"),
        choices=DigestFrequency.choices,
        initial=DigestFrequency.WEEKLY,
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("E-mail digest"), choices=DigestFrequency.choices)
