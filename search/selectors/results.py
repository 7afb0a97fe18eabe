"""The search page's results: every source searched, merged, filtered, counted and paged.

The hits of all sources are merged by relevance, then date. Facets are counted over the hits, so
the page costs the same number of queries for 3 results as for 300: a fixed number per source
plus, for pages, two per page type found (dates and taxonomy terms as plain values) and one per
page type among the results shown (their specific pages, for titles, links and snippets).
"""

from dataclasses import dataclass, field
from functools import partial

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from cms.core.search_fallback import query_terms
from cms.core.search_query import MAX_QUERY_LENGTH, clean_query, parsed_query

from .facets import facet_options, hit_matches
from .filters import ALL_LANGUAGES, SearchFilters, searchable_kinds
from .languages import all_languages_notice, language_has_own_content
from .promotions import promotions_for_query
from .sources import complete_hits, listing_hits, page_hits, transcript_hits

RESULTS_PER_PAGE = 10


@dataclass
class SearchOutcome:
    query: str
    page_obj: object | None = None
    facets: dict = field(default_factory=dict)
    language: str = ""
    limited: bool = False
    notices: list = field(default_factory=list)
    promotions: list = field(default_factory=list)
    searched: bool = False
    # The current language has nothing of its own to find, so all languages were searched.
    no_own_content: bool = False

    @property
    def total(self) -> int:
        return self.page_obj.paginator.count if self.page_obj is not None else 0


def _parsed(query: str):
    return parsed_query(query, operator="and")


def site_search(
    *, request, raw_query: str, filters: SearchFilters, page_number, language_code: str
) -> SearchOutcome:
    """Everything the search page shows for a query."""
    query, shortened = clean_query(raw_query)
    outcome = SearchOutcome(query=query, language=filters.language or language_code)
    if shortened:
        outcome.notices.append(
            _("Your search was long, so only its first %(count)s characters were used.")
            % {"count": MAX_QUERY_LENGTH}
        )
    if not query:
        return outcome
    outcome.searched = True
    if not filters.language and not language_has_own_content(language_code):
        # Only Italian, say, would find nothing at all: every language is more useful, and the
        # visitor is told why the results are in other languages.
        outcome.language = ALL_LANGUAGES
        outcome.no_own_content = True
        outcome.notices.append(all_languages_notice(language_code))
    parsed = _parsed(query)
    terms = query_terms(parsed)

    # Transcript hits link the module in the language asked for (or the visitor's).
    wanted = language_code if outcome.language == ALL_LANGUAGES else outcome.language
    hits, limited = [], False
    # Pages in private sections, looked up once for the pages and the modules searched.
    private = Page.objects.all().private_q()
    sources = (
        partial(page_hits, private=private),
        partial(transcript_hits, private=private),
        listing_hits,
    )
    for source in sources:
        source_hits, source_limited = source(
            request=request, query=parsed, terms=terms, language=wanted
        )
        hits.extend(source_hits)
        limited = limited or source_limited
    outcome.limited = limited

    # Relevance first (scores rounded so that near-equal ones count as a tie), then newest.
    hits.sort(key=lambda hit: (-round(hit.score, 4), -_ordinal(hit.date)))
    kinds = searchable_kinds()
    outcome.facets = facet_options(hits, filters, language=outcome.language, kinds=kinds)
    outcome.facets["current_language_count"] = sum(
        1
        for hit in hits
        if hit.language == language_code
        and hit_matches(hit, filters, language=ALL_LANGUAGES, skip="language")
    )
    selected = [hit for hit in hits if hit_matches(hit, filters, language=outcome.language)]
    for hit in selected:
        hit.kind_label = kinds.get(hit.kind, hit.kind)
    outcome.page_obj = Paginator(selected, RESULTS_PER_PAGE).get_page(page_number)
    complete_hits(list(outcome.page_obj.object_list))
    outcome.promotions = promotions_for_query(query=raw_query, request=request)
    return outcome


def _ordinal(date) -> int:
    return date.toordinal() if date else 0
