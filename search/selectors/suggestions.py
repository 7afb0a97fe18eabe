"""What the search box suggests as you type."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Locale, Page

from cms.core.search_fallback import search_with_fallback
from cms.core.search_query import clean_query

from .filters import searchable_kinds
from .languages import all_languages_notice, language_has_own_content
from .sources import open_listings

SUGGESTIONS = 8
# Places kept for partner listings among the suggestions when they match: their scores come from
# a search of their own and do not compare with the pages' (SQLite's bm25 is even negative).
SUGGESTED_LISTINGS = 2


@dataclass
class Suggestions:
    """What the search box offers as you type: ``suggestions`` are ``{"title", "url", "type",
    "language"}`` dicts; ``notice`` says why they may be in other languages."""

    suggestions: list = field(default_factory=list)
    all_languages: bool = False
    notice: str = ""


def search_suggestions(
    *, query: str, language_code: str, request, limit: int = SUGGESTIONS
) -> Suggestions:
    """Live pages and open partner listings whose title words start like the query, in the
    current language, or in every language where it has no content of its own.

    The language is a filter the backend applies itself: Page indexes ``locale`` and Listing
    ``language`` as filter fields, whereas a lookup through the locale (its language code) is
    not indexed and every backend refuses the search.
    """
    query, _shortened = clean_query(query)
    query = query.replace('"', " ").strip()
    outcome = Suggestions()
    if len(query) < 2:
        return outcome
    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale")
    listings = open_listings()
    locale_id = Locale.objects.filter(language_code=language_code).values_list("pk", flat=True)
    locale_id = locale_id.first()
    if locale_id is not None and language_has_own_content(language_code):
        pages = pages.filter(locale_id=locale_id)
        listings = listings.filter(language=language_code)
    else:
        outcome.all_languages = True
        outcome.notice = all_languages_notice(language_code)
    found_pages, _limited = search_with_fallback(
        queryset=pages, query=query, limit=limit, autocomplete=True
    )
    found_listings, _limited = search_with_fallback(
        queryset=listings, query=query, limit=min(limit, SUGGESTED_LISTINGS), autocomplete=True
    )
    kinds = searchable_kinds()
    shown_pages = found_pages[: limit - len(found_listings)]
    outcome.suggestions = [
        {
            "title": page.title,
            "url": page.get_url(request=request) or "",
            "type": kinds.get(ContentType.objects.get_for_id(page.content_type_id).model, ""),
            "language": page.locale.language_code,
        }
        for page in shown_pages
    ] + [
        {
            "title": listing.title,
            "url": listing.get_absolute_url(),
            "type": str(listing.get_kind_display()),
            "language": listing.language,
        }
        for listing in found_listings[: limit - len(shown_pages)]
    ]
    return outcome
