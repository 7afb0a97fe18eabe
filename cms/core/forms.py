from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from .models import Audience, Theme

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title A–Z")),  # noqa: RUF001 (a real en dash)
]


class FilterForm(forms.Form):
    """A GET filter form whose unknown or invalid values are ignored, not refused: a shared or
    stale link still shows results."""

    def filters(self) -> dict:
        """The filters that are valid, ignoring the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: value
            for name, value in cleaned.items()
            if name not in self.errors and value not in ("", None)
        }


class IndexFilterForm(FilterForm):
    """The filters of a section index. Values that are not (or no longer) valid are dropped with
    a message rather than answered with an error page, so old or hand-edited links still work."""

    # Terms by slug (?theme=education): a translation shares its term's slug, so a link keeps
    # working when the visitor switches language. Old numeric links are redirected before the
    # form sees them (cms.core.filter_links).
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    category = forms.ChoiceField(label=_("Type"), required=False)
    keyword = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, index, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import index_years

        locale = Locale.get_active()
        any_choice = [("", _("All"))]
        self.fields["theme"].choices = any_choice + [
            (term.slug, term.name) for term in Theme.objects.filter(locale=locale)
        ]
        self.fields["audience"].choices = any_choice + [
            (term.slug, term.name) for term in Audience.objects.filter(locale=locale)
        ]
        category_choices = index.category_choices()
        if category_choices:
            self.fields["category"].choices = any_choice + category_choices
            if index.category_label:
                self.fields["category"].label = index.category_label
        else:
            del self.fields["category"]
        self.fields["year"].choices = any_choice + [
            (year, str(year)) for year in index_years(index=index)
        ]
