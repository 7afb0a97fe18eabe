"""Public pages of the partner board: the board, its feeds, a listing, an organisation.

Nothing here shows contact data: listings name their organisation but never a person or an
address, and only published listings (and the archived filled or expired ones) are public.
"""

import html

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms.core.text import display_text

from ..forms import BoardFilterForm
from ..models import Listing
from ..selectors.listings import (
    board_feed_items,
    board_page,
    listing_public,
    localize_themes,
    with_card_data,
)
from ..selectors.organisations import is_member, organisation_public, user_can_moderate
from ..templatetags.partnerbourse_tags import render_board_text
from .directory import organisation_join_context

FEED_GENERATORS = {"atom": feedgenerator.Atom1Feed, "rss": feedgenerator.Rss201rev2Feed}


@require_GET
def board(request):
    form = BoardFilterForm(request.GET or None)
    filters = form.filters()
    page = board_page(filters=filters, page_number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnerbourse/board.html",
        {
            "filter_form": form,
            "filters": filters,
            "page_obj": page,
            "feed_query": query.urlencode(),
        },
    )


@require_GET
def board_feed(request, kind: str):
    if kind not in FEED_GENERATORS:
        raise Http404
    form = BoardFilterForm(request.GET or None)
    filters = form.filters()
    feed = FEED_GENERATORS[kind](
        title=_("Heritage Hub partner board"),
        link=request.build_absolute_uri(reverse("partnerbourse:board")),
        description=_("New partner searches, offers and calls of museums and heritage bodies."),
        language=request.LANGUAGE_CODE,
        feed_url=request.build_absolute_uri(),
    )
    for listing in board_feed_items(filters=filters):
        url = request.build_absolute_uri(listing.get_absolute_url())
        text = html.unescape(strip_tags(render_board_text(listing.description)))
        summary = Truncator(text).words(60)
        closes = _("Closes %(date)s.") % {"date": listing.closing_date.isoformat()}
        feed.add_item(
            # Feed readers show titles as plain text, where no <bdi> isolates a bidi control.
            title=display_text(listing.title),
            link=url,
            unique_id=url,
            # Readers render RSS descriptions and Atom summaries as HTML: escape the plain text,
            # or markup in an organisation's name would run in the subscriber's reader.
            description=escape(f"{display_text(listing.organisation.name)}: {summary} {closes}"),
            pubdate=listing.published_at,
            updateddate=listing.updated_at,
            categories=[listing.get_kind_display(), *listing.theme_names],
        )
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response


@require_GET
def listing_detail(request, pk: int, slug: str = ""):
    listing = listing_public(pk=pk)
    preview = False
    if listing is None:
        # Members of the organisation and moderators may look at a draft or pending listing
        # as the public will see it; everyone else gets the same 404 as for a missing id.
        from ..selectors.listings import listing_for_member

        listing = listing_for_member(user=request.user, pk=pk)
        if listing is None and user_can_moderate(user=request.user):
            listing = with_card_data(Listing.objects.filter(pk=pk)).first()
            if listing is not None:
                localize_themes([listing])
        if listing is None:
            raise Http404
        preview = True
    if slug != listing.slug and not preview:
        return redirect(listing.get_absolute_url(), permanent=True)
    return render(
        request,
        "partnerbourse/listing_detail.html",
        {
            "listing": listing,
            "organisation": listing.organisation,
            "preview": preview,
            "is_member": is_member(user=request.user, organisation=listing.organisation),
            "today": timezone.localdate(),
        },
    )


@require_GET
def organisation_detail(request, slug: str):
    organisation = organisation_public(slug=slug)
    if organisation is None:
        raise Http404
    localize_themes([organisation, *organisation.published_listings])
    return render(
        request,
        "partnerbourse/organisation_detail.html",
        {
            "organisation": organisation,
            "listings": organisation.published_listings,
            # The join form, or where the visitor stands (member, request pending).
            **organisation_join_context(request, organisation),
        },
    )
