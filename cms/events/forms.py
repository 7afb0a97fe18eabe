"""Forms of events: the index's filters (the shared ones plus upcoming/past, which replaces the
sort order), and the event page's editor form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

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


class EventPageForm(WagtailAdminPageForm):
    """The event editor: an event needs a session, unless it is a recording of one.

    The check sits here rather than in the page's clean(): only the form sees the sessions the
    editor is about to save (the page's own relation still holds the stored ones when clean()
    runs), and Page.save() cleans every live page, also when code saves a page first and adds
    its sessions afterwards.
    """

    def clean(self):
        cleaned_data = super().clean()
        sessions = self.formsets.get("sessions")
        # An invalid session already has its own error; a missing one would only add noise.
        if sessions is None or not sessions.is_valid():
            return cleaned_data
        kept = [
            form
            for number, form in enumerate(sessions.forms)
            if form not in sessions.deleted_forms
            and (number < sessions.initial_form_count() or form.has_changed())
        ]
        has_recording = cleaned_data.get("recording_url") or cleaned_data.get("recording_file")
        if not kept and not has_recording:
            self.add_error(
                None,
                _(
                    "Add at least one session, or a recording URL or file if this is a "
                    "recording without sessions."
                ),
            )
        return cleaned_data
