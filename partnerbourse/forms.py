"""Forms of the partner board. They validate input; the services do the writing.

No form has an organisation field: the organisation comes from the URL and is checked against
the user's memberships by the view, so a tampered POST cannot post for another organisation.
"""

import unicodedata

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.text import display_text

from .models import (
    COUNTRIES,
    LANGUAGES,
    ListingKind,
    MembershipRole,
    OrganisationSize,
    OrganisationType,
    Programme,
    RoleSought,
    VerificationEvidence,
)
from .selectors.listings import BoardFilters, theme_choices

ANY = [("", _("Any"))]
SORT_CHOICES = [("newest", _("Newest first")), ("closing", _("Closing soonest"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "pb-checkboxes"})


def name_sort_key(name) -> str:
    """Sorts names as readers expect in most European languages: accents and case do not
    count ("Österreich" beside "Oman"). No ICU or pyuca is installed, and the C library's
    ``locale`` is process-wide and often lacks the locales, so this is the portable middle."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def by_name(choices):
    """``choices`` sorted by their labels in the active language. Returned as a callable so
    that Django evaluates it per render, after the request's language is activated."""

    def sorted_choices():
        return sorted(choices, key=lambda choice: name_sort_key(choice[1]))

    return sorted_choices


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """A long list of checkboxes in a short scrolling box (inside Django's fieldset and legend),
    which multiselect.js enhances with a filter box and the choices as removable chips. The
    script's words come from the form's template (Django's widget template has no room for them)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "pb-checkboxes pb-multiselect", **(attrs or {})})


class BoardFilterForm(forms.Form):
    """The board's filters. Invalid values are ignored (with a note), never an error page, so
    old and hand-edited links keep working."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + ListingKind.choices)
    programme = forms.ChoiceField(
        label=_("Funding programme"), required=False, choices=ANY + Programme.choices
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=lambda: ANY + by_name(COUNTRIES)(),
        help_text=_("Listings from this country or looking for partners there."),
    )
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int)
    language = forms.ChoiceField(
        label=_("Working language"), required=False, choices=lambda: ANY + by_name(LANGUAGES)()
    )
    organisation_type = forms.ChoiceField(
        label=_("Posted by"), required=False, choices=ANY + OrganisationType.choices
    )
    closing_from = forms.DateField(
        label=_("Closing on or after"), required=False, widget=DateInput()
    )
    closing_to = forms.DateField(
        label=_("Closing on or before"), required=False, widget=DateInput()
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = ANY + list(themes if themes is not None else theme_choices())

    def filters(self) -> BoardFilters:
        """The valid filters, ignoring the others."""
        if not self.is_bound:
            return BoardFilters()
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {
            name: value
            for name, value in cleaned.items()
            if name not in self.errors and value not in ("", None)
        }
        return BoardFilters(**values)


def board_filters_from_query(query: dict, *, themes=None) -> BoardFilters:
    """Filters from a stored query (a saved search) or a request's GET parameters."""
    return BoardFilterForm(query or {}, themes=themes).filters()


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation_type = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices)
    country = forms.ChoiceField(
        label=_("Country"), choices=lambda: [("", "---------"), *by_name(COUNTRIES)()]
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    description = forms.CharField(
        label=_("About the organisation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    themes = forms.TypedMultipleChoiceField(
        label=_("Themes"), required=False, coerce=int, widget=_checkboxes()
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        required=False,
        choices=by_name(LANGUAGES),
        widget=_checkboxes(),
    )
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("Not stated")), *OrganisationSize.choices]
    )
    pic = forms.CharField(
        label=_("EU PIC"),
        required=False,
        max_length=9,
        help_text=_("Participant Identification Code, nine digits."),
    )
    oid = forms.CharField(
        label=_("Erasmus+ OID"),
        required=False,
        max_length=9,
        help_text=_("E followed by eight digits."),
    )
    isil = forms.CharField(
        label=_("ISIL"),
        required=False,
        max_length=16,
        help_text=_("For libraries and archives, for example DK-710100."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices()

    @classmethod
    def initial_for(cls, organisation) -> dict:
        initial = {
            name: getattr(organisation, name) for name in cls.base_fields if name != "themes"
        }
        initial["themes"] = [theme.pk for theme in organisation.themes.all()]
        # As it will be saved: a name from before the cleaning shows without bidi controls.
        initial["name"] = display_text(organisation.name)
        return initial

    def service_fields(self) -> dict:
        from cms.core.models import Theme

        data = dict(self.cleaned_data)
        data["themes"] = list(Theme.objects.filter(pk__in=data["themes"]))
        data["pic"] = data["pic"].strip()
        data["oid"] = data["oid"].strip().upper()
        data["isil"] = data["isil"].strip()
        return data


class ListingForm(forms.Form):
    """A listing. The fields come in the order the template lays them out in rows (four short
    fields or four long lists side by side on wide screens, two on medium ones), so that the
    form fits on about two screens and reading order and visual order stay the same."""

    kind = forms.ChoiceField(label=_("Kind of listing"), choices=ListingKind.choices)
    language = forms.ChoiceField(
        label=_("Language of this listing"),
        choices=by_name(LANGUAGES),
        help_text=_("Shown with the listing so that readers know what to expect."),
    )
    programme = forms.ChoiceField(label=_("Funding programme"), choices=Programme.choices)
    contact_person = forms.TypedChoiceField(
        label=_("Contact person"),
        coerce=int,
        help_text=_("Receives the responses by e-mail. Never shown publicly."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    action = forms.CharField(
        label=_("Action or call"),
        required=False,
        max_length=200,
        help_text=_("For example KA220-ADU Cooperation partnerships in adult education."),
    )
    role_sought = forms.ChoiceField(
        label=_("Role sought"), required=False, choices=[("", _("Any role")), *RoleSought.choices]
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The project, what you bring and whom you look for. Markdown is allowed: **bold**, "
            "*italic*, lists and links. Do not put e-mail addresses or phone numbers here: "
            "responses reach you through the site."
        ),
    )
    programme_deadline = forms.DateField(
        label=_("Call deadline"), required=False, widget=DateInput()
    )
    closing_date = forms.DateField(
        label=_("Closing date"),
        required=False,
        widget=DateInput(),
        help_text=_("The listing leaves the board after this day. Empty: the call deadline."),
    )
    organisation_types_wanted = forms.MultipleChoiceField(
        label=_("Types of organisation wanted"),
        required=False,
        choices=OrganisationType.choices,
        widget=_checkboxes(),
    )
    countries_in = forms.MultipleChoiceField(
        label=_("Countries already in the consortium"),
        required=False,
        choices=by_name(COUNTRIES),
        widget=SearchableCheckboxes(),
    )
    countries_wanted = forms.MultipleChoiceField(
        label=_("Countries wanted"),
        required=False,
        choices=by_name(COUNTRIES),
        widget=SearchableCheckboxes(),
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages of the project"),
        required=False,
        choices=by_name(LANGUAGES),
        widget=SearchableCheckboxes(),
    )
    themes = forms.TypedMultipleChoiceField(
        label=_("Themes"), required=False, coerce=int, widget=SearchableCheckboxes()
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["themes"].choices = theme_choices()
        members = organisation.memberships.select_related("user").order_by("user__email")
        self.fields["contact_person"].choices = [
            # An <option> holds text only, so no <bdi>: the name goes without bidi controls.
            (
                membership.user_id,
                f"{display_text(membership.user.public_name)} <{membership.user.email}>",
            )
            for membership in members
        ]

    @classmethod
    def initial_for(cls, listing) -> dict:
        initial = {
            name: getattr(listing, name)
            for name in cls.base_fields
            if name not in ("themes", "contact_person")
        }
        initial["themes"] = [theme.pk for theme in listing.themes.all()]
        initial["contact_person"] = listing.contact_person_id
        initial["title"] = display_text(listing.title)
        return initial

    def clean(self):
        cleaned = super().clean()
        no_date = not cleaned.get("closing_date") and not cleaned.get("programme_deadline")
        if no_date and "closing_date" not in self.errors:
            self.add_error(
                "closing_date", _("Give a closing date or the programme's call deadline.")
            )
        return cleaned

    def service_fields(self) -> dict:
        from django.contrib.auth import get_user_model

        from cms.core.models import Theme

        data = dict(self.cleaned_data)
        data["themes"] = list(Theme.objects.filter(pk__in=data["themes"]))
        # Choices are limited to members, so this is one of them.
        data["contact_person"] = get_user_model().objects.get(pk=data["contact_person"])
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )


class ExtendForm(forms.Form):
    closing_date = forms.DateField(label=_("New closing date"), widget=DateInput())

    def clean_closing_date(self):
        value = self.cleaned_data["closing_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The closing date cannot be in the past."))
        return value


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the poster sees it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class VerifyForm(forms.Form):
    evidence = forms.ChoiceField(
        label=_("Evidence"), choices=VerificationEvidence.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you checked, for the other moderators."),
    )


class DismissReportsForm(forms.Form):
    resolution = forms.CharField(label=_("Note"), required=False, max_length=2000)
