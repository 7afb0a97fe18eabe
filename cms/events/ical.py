"""iCalendar (RFC 5545) files of events: one VEVENT per session, in the session's time zone."""

import datetime

from django.http import HttpResponse
from django.utils import timezone

from icalendar import Calendar, Event

PRODUCT_ID = "-//Heritage Hub//Events//EN"
# Calendar clients match updates by UID, so it must not change with the host name or the URL.
UID_DOMAIN = "events.heritage-hub"


def session_uid(*, event, session) -> str:
    return f"{event.translation_key}-{session.pk}@{UID_DOMAIN}"


def build_calendar(*, events, request, name: str, sessions=None) -> Calendar:
    """A calendar of the sessions of some events (whose sessions should be prefetched), or of
    only the given ``sessions`` of them ("Add this session to your calendar").

    A session has the same UID in every file, so adding it alone and then the whole event
    updates the entry rather than doubling it.
    """
    only = {session.pk for session in sessions} if sessions is not None else None
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    years = []
    for event in events:
        url = event.get_full_url(request)
        stamp = event.last_published_at or timezone.now()
        for session in event.sessions.all():
            if only is not None and session.pk not in only:
                continue
            calendar.add_component(_vevent(event=event, session=session, url=url, stamp=stamp))
            years.append(session.start_date.year)
    if years:
        # VTIMEZONE rules only for the years the sessions fall in keep the file small.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(years) - 1, 1, 1),
            last_date=datetime.date(max(years) + 2, 1, 1),
        )
    return calendar


def calendar_response(
    *, events, request, name: str, filename: str | None = None, sessions=None
) -> HttpResponse:
    calendar = build_calendar(events=events, request=request, name=name, sessions=sessions)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _vevent(*, event, session, url: str, stamp: datetime.datetime) -> Event:
    vevent = Event()
    vevent.add("uid", session_uid(event=event, session=session))
    vevent.add("dtstamp", stamp.astimezone(datetime.UTC))
    summary = f"{event.title}: {session.title}" if session.title else event.title
    vevent.add("summary", summary)
    description = event.summary or event.display_summary
    if session.venue and session.online_url:
        description = f"{description}\n\n{session.online_url}".strip()
    if description:
        vevent.add("description", description)
    vevent.add("url", url)
    location = session.venue or session.online_url
    if location:
        vevent.add("location", location)
    if session.is_all_day:
        # All-day: dates only, and DTEND is the day after the last day (it is exclusive).
        vevent.add("dtstart", session.start_date)
        last_day = session.end_date or session.start_date
        vevent.add("dtend", last_day + datetime.timedelta(days=1))
    else:
        # Aware datetimes in the session's zone give DTSTART;TZID=Europe/Copenhagen:...
        vevent.add("dtstart", session.starts_at)
        if session.has_end:
            vevent.add("dtend", session.ends_at)
    return vevent
