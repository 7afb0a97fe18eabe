"""Events and webinars: the event page with its sessions, and the section index of events."""

import datetime
import zoneinfo
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from cms.core.models import ContentPage, IndexPage, keywords_field

from .forms import EventPageForm

DEFAULT_TIME_ZONE = "Europe/Brussels"


class EventKind(models.TextChoices):
    EVENT = "event", _("Event")
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=200)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=200)
    organisation = blocks.CharBlock(label=_("Organisation"), required=False, max_length=200)

    class Meta:
        icon = "user"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Enter a time zone such as Europe/Copenhagen."))


class EventPage(RoutablePageMixin, ContentPage):
    """An event or webinar with one or more sessions, and its recording once it has taken place.

    A page without sessions is a recording: a webinar known only by its video (the importer makes
    these from posts that carry no event date). It has no calendar entry, is listed among the
    past events by its own date, and is described to search engines as a video, not an event.
    """

    event_kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.WEBINAR
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    speakers = StreamField([("speaker", SpeakerBlock())], blank=True, verbose_name=_("speakers"))
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recording_url = models.URLField(
        _("recording URL"), blank=True, help_text=_("A video page such as YouTube or Vimeo.")
    )
    recording_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("recording file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An uploaded video file, if the recording is not hosted elsewhere."),
    )
    captions_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("captions file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("WebVTT (.vtt) or SubRip (.srt) captions of the recording."),
    )
    keywords = keywords_field(related_name="event_pages")
    card_kind_field = "event_kind"

    parent_page_types = ["events.EventIndexPage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("event_kind"),
        *ContentPage.intro_panels,
        # No min_num: a recording has no sessions. EventPageForm asks for one when there is no
        # recording either.
        InlinePanel("sessions", label=_("Sessions")),
        FieldPanel("registration_url"),
        FieldPanel("speakers"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("recording_url"),
                FieldPanel("recording_file"),
                FieldPanel("captions_file"),
                FieldPanel("slides"),
            ],
            heading=_("Recording and slides"),
        ),
        *ContentPage.classification_panels,
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.FilterField("event_kind"),
        index.SearchField("speakers"),
    ]
    api_fields = [
        *ContentPage.api_fields,
        APIField("event_kind"),
        APIField("registration_url"),
        APIField("speakers"),
        APIField("recording_url"),
        APIField("sessions"),
    ]

    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event or webinar")
        verbose_name_plural = _("events and webinars")

    @path("ical/", name="ical")
    def ical(self, request):
        """All the event's sessions as an iCalendar file, for "Add to calendar"."""
        from .ical import calendar_response

        if self.is_recording:
            raise Http404  # nothing to put in a calendar
        return calendar_response(
            events=[self],
            request=request,
            name=self.title,
            filename=f"{self.slug}.ics",
        )

    @path("ical/<int:session_id>/", name="session_ical")
    def session_ical(self, request, session_id: int):
        """One session as an iCalendar file: people often attend only some of a series."""
        from .ical import calendar_response

        session = next((item for item in self.session_list if item.pk == session_id), None)
        if session is None:
            raise Http404
        return calendar_response(
            events=[self],
            sessions=[session],
            request=request,
            name=self.title,
            filename=f"{self.slug}-{session.pk}.ics",
        )

    @cached_property
    def session_list(self) -> list:
        """The sessions, read once per page object (the template, its meta tags and the JSON-LD
        all ask)."""
        return list(self.sessions.all())

    @cached_property
    def sessions_by_start(self) -> list:
        return sorted(self.session_list, key=lambda session: (session.starts_at, session.pk))

    @cached_property
    def card_session(self):
        """The session a card shows: the next one not yet over, else the first; None for a
        recording."""
        sessions = self.sessions_by_start
        upcoming = (session for session in sessions if not session.is_over)
        return next(upcoming, sessions[0] if sessions else None)

    @property
    def is_over(self) -> bool:
        """Whether every session has ended (a recording, having none, counts as over)."""
        return all(session.is_over for session in self.session_list)

    @property
    def shows_recording_instead_of_calendar(self) -> bool:
        # Once an event is over, its recording is what a visitor can still attend.
        return self.has_recording and self.is_over

    @property
    def is_recording(self) -> bool:
        """Whether the page stands for a recording alone: it has no sessions."""
        return not self.session_list

    @property
    def has_recording(self) -> bool:
        return bool(self.recording_url or self.recording_file_id)

    @property
    def schema_type(self) -> str:
        """schema.org type of the page's JSON-LD.

        An Event needs a start date, which a recording does not have: it is a video, or a plain
        article when (against the editor's validation) it has no video either.
        """
        if not self.is_recording:
            return "Event"
        return "VideoObject" if self.has_recording else "Article"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = self.session_list
        return context

    @property
    def captions_are_webvtt(self) -> bool:
        # Browsers only play WebVTT in <track>; other formats are offered as a download.
        return bool(self.captions_file_id) and self.captions_file.file_extension == "vtt"

    def structured_data_extra(self, request) -> dict:
        """schema.org Event fields: the first session's dates and where it takes place.

        A recording (no sessions) gets VideoObject fields instead: its date as the upload date,
        and the uploaded file, when there is one, as the content.
        """
        sessions = self.session_list
        if not sessions:
            if not self.has_recording:
                return {}
            data = {"uploadDate": self.date.isoformat()}
            if self.recording_file_id:
                data["contentUrl"] = request.build_absolute_uri(self.recording_file.url)
            return data
        first = min(sessions, key=lambda session: session.starts_at)
        data = {"startDate": first.starts_at.isoformat()}
        if first.has_end:
            data["endDate"] = first.ends_at.isoformat()
        if first.venue:
            data["location"] = {"@type": "Place", "name": first.venue}
            mode = "Mixed" if first.online_url else "Offline"
        elif first.online_url:
            data["location"] = {"@type": "VirtualLocation", "url": first.online_url}
            mode = "Online"
        else:
            mode = None
        if mode:
            data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
        return data


class EventSession(Orderable):
    """One sitting of an event, in the time zone where it happens."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
        FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
        FieldPanel("time_zone"),
        FieldPanel("venue"),
        FieldPanel("online_url"),
    ]
    api_fields = [
        APIField("title"),
        APIField("start_date"),
        APIField("start_time"),
        APIField("end_date"),
        APIField("end_time"),
        APIField("time_zone"),
        APIField("venue"),
        APIField("online_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def clean(self):
        super().clean()
        if self.start_date is None:
            return  # the field's own "required" error says it
        if self.end_time and not self.start_time:
            raise ValidationError(
                {"start_time": _("Give a start time when the session has an end time.")}
            )
        if self.has_end and self._local_end() < self._local_start():
            field = "end_date" if self.end_date and self.end_date < self.start_date else "end_time"
            raise ValidationError({field: _("The session cannot end before it starts.")})

    @property
    def has_end(self) -> bool:
        return bool(self.end_date or self.end_time)

    @property
    def is_all_day(self) -> bool:
        return self.start_time is None

    def _local_start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start_date, self.start_time or datetime.time())

    def _local_end(self) -> datetime.datetime:
        end_date = self.end_date or self.start_date
        end_time = self.end_time or (self.start_time if self.end_date else datetime.time(23, 59))
        return datetime.datetime.combine(end_date, end_time or datetime.time(23, 59))

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def zone_abbreviation(self) -> str:
        """The zone as people read it where the session happens (CET, CEST, EST), taken at the
        start. Zones without a common abbreviation give an offset, written UTC+03."""
        abbreviation = self.starts_at.strftime("%Z")
        if abbreviation[:1] in "+-":
            return f"UTC{abbreviation}"
        return abbreviation

    @property
    def starts_at(self) -> datetime.datetime:
        return self._local_start().replace(tzinfo=zoneinfo.ZoneInfo(self.time_zone))

    @property
    def ends_at(self) -> datetime.datetime:
        return self._local_end().replace(tzinfo=zoneinfo.ZoneInfo(self.time_zone))


class EventIndexPage(IndexPage):
    """Upcoming events by default (soonest first), past events and recordings on request (latest
    first).

    Replaces the shared index's listing and feeds with ones that know about sessions, and adds
    an iCalendar feed of the upcoming events that honours the same filters.
    """

    listing_model = EventPage
    category_field = "event_kind"
    category_label = _("Kind")
    subpage_types = ["events.EventPage"]
    # Calendar clients fetch the whole feed; this bounds its size.
    ical_feed_limit = 200

    class Meta:
        verbose_name = _("event index")

    @path("")
    def listing(self, request):
        from .forms import EventFilterForm
        from .selectors import event_page_of_items

        form = EventFilterForm(request.GET or None, index=self)
        filters = form.filters()
        page_of_items = event_page_of_items(
            index=self, filters=filters, page_number=request.GET.get("page")
        )
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "page_of_items": page_of_items,
                "when": filters["when"],
            },
        )

    @path("ical/", name="ical_feed")
    def ical_feed(self, request):
        from .forms import UPCOMING, EventFilterForm
        from .ical import calendar_response
        from .selectors import event_items

        form = EventFilterForm(request.GET or None, index=self)
        if request.GET and not form.is_valid():
            raise Http404
        filters = {**form.filters(), "when": UPCOMING}
        # event_items prefetches the sessions.
        events = event_items(index=self, filters=filters)
        return calendar_response(
            events=events[: self.ical_feed_limit], request=request, name=self.title
        )

    def _feed(self, request, *, kind):
        # The shared Atom/RSS feeds, with the events' own filters and order.
        from cms.core.feeds import feed_response

        from .forms import EventFilterForm
        from .selectors import event_items

        form = EventFilterForm(request.GET or None, index=self)
        if request.GET and not form.is_valid():
            raise Http404
        items = event_items(index=self, filters=form.filters())[: self.items_per_page]
        return feed_response(index=self, items=items, request=request, kind=kind)
