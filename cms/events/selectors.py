"""Reads of events: the index's upcoming and past lists, ordered by their sessions."""

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cms.core.models import TaggedPage
from cms.core.selectors import index_items

from .forms import PAST
from .models import EventSession


def event_items(*, index, filters: dict):
    """The live events of an index with the shared filters, split into upcoming and past.

    An event is upcoming while one of its sessions has not finished: its last day is today or
    later, in the site's time zone. Upcoming events come soonest first, by the start of their
    next session; past events latest first, by the start of their last session. Sessions are
    compared by their local date and time, which is exact within one time zone and at most a
    few hours off between zones, and keeps the whole ordering inside one query. Each event
    carries ``session_date``, ``session_time`` and ``session_time_zone`` (that next or last
    session's start).

    Recordings (pages without sessions) are never upcoming: they are listed with the past
    events, by their own date, and carry no session fields (``session_date`` is None).

    The sessions themselves are prefetched (one query for the whole page of events): the card
    shows the next session still to come, else the first, which needs the time of day in each
    session's own zone, and the calendar feed lists them all.
    """
    own = ("when", "sort", "keyword")
    items = index_items(
        index=index, filters={name: value for name, value in filters.items() if name not in own}
    )
    if "keyword" in filters:
        # The shared keyword filter (keywords__name) joins the tag table on the subclass's
        # non-existent "id" column under multi-table inheritance; a subquery on the page id
        # avoids the join (and duplicate rows).
        tagged = TaggedPage.objects.filter(tag__name__iexact=filters["keyword"].strip())
        items = items.filter(pk__in=tagged.values("content_object_id"))
    sessions = EventSession.objects.filter(page=OuterRef("page_ptr")).annotate(
        last_day=Coalesce("end_date", "start_date")
    )
    unfinished = sessions.filter(last_day__gte=timezone.localdate())
    items = items.prefetch_related(
        Prefetch("sessions", queryset=EventSession.objects.order_by("start_date", "start_time"))
    )
    if filters.get("when") == PAST:
        latest = sessions.order_by("-start_date", F("start_time").desc(nulls_last=True), "-pk")
        return (
            items.filter(~Exists(unfinished))
            .annotate(**_session_start(latest))
            .annotate(listed_on=Coalesce("session_date", "date"))
            .order_by(
                F("listed_on").desc(),
                F("session_time").desc(nulls_last=True),
                "-date",
                "-pk",
            )
        )
    following = unfinished.order_by("start_date", F("start_time").asc(nulls_first=True), "pk")
    return (
        items.filter(Exists(unfinished))
        .annotate(**_session_start(following))
        .order_by("session_date", F("session_time").asc(nulls_first=True), "pk")
    )


def _session_start(sessions) -> dict:
    return {
        "session_date": Subquery(sessions.values("start_date")[:1]),
        "session_time": Subquery(sessions.values("start_time")[:1]),
        "session_time_zone": Subquery(sessions.values("time_zone")[:1]),
    }


def event_page_of_items(*, index, filters: dict, page_number):
    """One page of an event index; a page number out of range gives the nearest page."""
    paginator = Paginator(event_items(index=index, filters=filters), index.items_per_page)
    return paginator.get_page(page_number)
