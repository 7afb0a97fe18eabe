"""The event index's filters: the shared ones plus upcoming/past, which replaces the sort order."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.forms import IndexFilterForm

UPCOMING = "upcoming"
PAST = "past"
WHEN_CHOICES = [(UPCOMING, _("Upcoming events")), (PAST, _("Past events"))]


class EventFilterForm(IndexFilterForm):
    when = forms.ChoiceField(label=_("Show"), required=False, choices=WHEN_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Events are ordered by their sessions, soonest or latest first, not by a sort choice.
        del self.fields["sort"]
        self.order_fields(["when"])

    def filters(self) -> dict:
        """The valid filters, always with "when" (upcoming unless past is asked for)."""
        filters = super().filters()
        filters.setdefault("when", UPCOMING)
        return filters
