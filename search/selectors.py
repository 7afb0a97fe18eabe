"""Reads of the site search: results with facets and snippets, suggestions and promotions.

One search runs per kind of thing (pages, transcript cues, board listings), each through
``cms.core.search_fallback.search_with_fallback``; the hits are merged by relevance, then date.
Facets are counted over the hits, so the page costs the same number of queries for 3 results as
for 300: a fixed number per source plus, for pages, two per page type found (dates and taxonomy
terms as plain values) and one per page type among the results shown (their specific pages, for
titles, links and snippets).
"""

import datetime
import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page, get_page_models
from wagtail.search.utils import normalise_query_string

from cms.core.models import Audience, Theme
from cms.core.search_fallback import query_terms, search_with_fallback
from cms.core.search_query import MAX_QUERY_LENGTH, clean_query, parsed_query
from courses.models import ModulePage, TranscriptCue
from courses.selectors.common import default_language_code
from partnerbourse.models import Listing

# Best hits kept per source: relevance beyond this is noise, and it bounds the work per page.
MAX_HITS_PER_SOURCE = 300
RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 36
SUGGESTIONS = 8
# Places kept for partner listings among the suggestions when they match: their scores come from
# a search of their own and do not compare with the pages' (SQLite's bm25 is even negative).
SUGGESTED_LISTINGS = 2

KIND_TRANSCRIPT = "transcript"
KIND_LISTING = "listing"
ALL_LANGUAGES = "all"


@dataclass
class SearchHit:
    kind: str
    title: str
    date: datetime.date | None
    language: str
    score: float
    theme_keys: set = field(default_factory=set)
    audience_keys: set = field(default_factory=set)
    detail: str = ""
    kind_label: str = ""
    url: str = ""
    snippet: str = ""  # a SafeString once completed
    object_id: int | None = None
    # Makes (url, snippet). Called for the hits on the page shown only: up to 900 hits are
    # ranked and counted for the facets, and highlighting or resolving all of them was most of
    # the page's time.
    link_and_snippet: Callable[[], tuple[str, SafeString]] | None = field(default=None, repr=False)
    # Completes all the shown hits of one source at once (title, url, snippet), where that
    # needs the objects themselves: one load for the page shown, not one per hit.
    complete_batch: Callable[[list], None] | None = field(default=None, repr=False)

    def complete(self) -> None:
        if self.link_and_snippet is not None:
            self.url, self.snippet = self.link_and_snippet()
            self.link_and_snippet = None


def _complete(hits: list[SearchHit]) -> None:
    batches = defaultdict(list)
    for hit in hits:
        if hit.complete_batch is not None:
            batches[hit.complete_batch].append(hit)
        hit.complete()
    for complete_batch, same_source in batches.items():
        complete_batch(same_source)
        for hit in same_source:
            hit.complete_batch = None


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


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


# --- The query ---------------------------------------------------------------------------------


def _parsed(query: str):
    return parsed_query(query, operator="and")


# --- Filters -----------------------------------------------------------------------------------


@dataclass
class SearchFilters:
    kind: str = ""
    theme: int | None = None
    audience: int | None = None
    language: str = ""  # "" = the current language, "all", or a language code
    # Terms match by translation key: a translated page keeps the terms chosen on the original.
    theme_key: str = ""
    audience_key: str = ""


def searchable_kinds() -> dict[str, str]:
    """Facet value -> label of every kind of result, whether or not anything is published.

    The labels are translated here, once: a lazy label is translated again each time it is
    read, and the search page reads one per result.
    """
    kinds = {
        model._meta.model_name: str(capfirst(model._meta.verbose_name))
        for model in get_page_models()
        if model is not Page
    }
    kinds[KIND_TRANSCRIPT] = str(capfirst(_("transcript")))
    kinds[KIND_LISTING] = str(capfirst(_("partner listing")))
    return kinds


def filters_from_params(params) -> tuple[SearchFilters, bool]:
    """Facet choices from the query string, and whether any value was not recognised."""
    filters, unknown = SearchFilters(), False
    kind = params.get("type", "")
    if kind:
        if kind in searchable_kinds():
            filters.kind = kind
        else:
            unknown = True
    for name, model in (("theme", Theme), ("audience", Audience)):
        value = params.get(name, "")
        if not value:
            continue
        key = None
        if value.isdigit() and len(value) < 12:
            key = model.objects.filter(pk=int(value)).values_list("translation_key", flat=True)
            key = key.first()
        if key is None:
            unknown = True
        else:
            setattr(filters, name, int(value))
            setattr(filters, f"{name}_key", str(key))
    language = params.get("lang", "")
    if language:
        if language == ALL_LANGUAGES or language in dict(settings.LANGUAGES):
            filters.language = language
        else:
            unknown = True
    return filters, unknown


# --- Searching ---------------------------------------------------------------------------------


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
        partial(_page_hits, private=private),
        partial(_transcript_hits, private=private),
        _listing_hits,
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
    outcome.facets = _facets(hits, filters, language=outcome.language, kinds=kinds)
    outcome.facets["current_language_count"] = sum(
        1
        for hit in hits
        if hit.language == language_code
        and _matches(hit, filters, language=ALL_LANGUAGES, skip="language")
    )
    selected = [hit for hit in hits if _matches(hit, filters, language=outcome.language)]
    for hit in selected:
        hit.kind_label = kinds.get(hit.kind, hit.kind)
    outcome.page_obj = Paginator(selected, RESULTS_PER_PAGE).get_page(page_number)
    _complete(list(outcome.page_obj.object_list))
    outcome.promotions = promotions_for_query(query=raw_query, request=request)
    return outcome


def _ordinal(date) -> int:
    return date.toordinal() if date else 0


def _relevance(scores: list[float]) -> list[float]:
    """Scores where higher is better, whatever the backend's convention.

    Backends return hits best first, but SQLite's bm25 scores best as most negative while
    PostgreSQL and Elasticsearch score best as highest; the order tells which it is.
    """
    scores = [float(score or 0) for score in scores]
    if len(scores) > 1 and scores[0] < scores[-1]:
        return [-score for score in scores]
    return scores


def _scores(results: list) -> list[float]:
    return _relevance([getattr(result, "_score", 0) for result in results])


def _page_hits(*, request, query, terms, language, private) -> tuple[list[SearchHit], bool]:
    """Page hits from ranked value rows: no page object is built.

    Ranking, ordering and facets need only a page's type, language, date and terms; the
    specific pages (titles, body text for the snippet, URLs) are loaded for the page of
    results shown only (``_complete_page_hits``).
    """
    queryset = Page.objects.live().exclude(private).filter(depth__gt=1)
    rows, limited = search_with_fallback(
        queryset=queryset,
        query=query,
        limit=MAX_HITS_PER_SOURCE,
        operator="and",
        values=("title", "content_type_id", "locale_id", "first_published_at"),
    )
    if not rows:
        return [], limited
    page_types = {row["pk"]: row["content_type_id"] for row in rows}
    facet_rows = _page_facet_rows(page_types)
    locale_codes = dict(Locale.objects.values_list("pk", "language_code"))
    complete_batch = partial(
        _complete_page_hits, request=request, terms=terms, page_types=page_types
    )
    hits = []
    for row, score in zip(rows, _relevance([row["_score"] for row in rows]), strict=True):
        date, theme_keys, audience_keys = facet_rows.get(row["pk"], (None, set(), set()))
        hits.append(
            SearchHit(
                kind=ContentType.objects.get_for_id(row["content_type_id"]).model,
                title=row["title"],
                object_id=row["pk"],
                complete_batch=complete_batch,
                date=date or _date(row["first_published_at"]),
                language=locale_codes.get(row["locale_id"], ""),
                score=score,
                theme_keys=theme_keys,
                audience_keys=audience_keys,
            )
        )
    return hits, limited


def _page_facet_rows(page_types: dict) -> dict:
    """Page id -> (date, theme keys, audience keys) for the page types that have them.

    Plain value rows through the taxonomy tables, one query for all the page types found (a
    row per theme and audience pair of a page): building 300 specific pages with their bodies and
    terms only to count facets was most of the search page's time at 100,000 documents.
    """
    per_type = []
    for model, ids in _ids_by_model(page_types).items():
        if not _has_fields(model, "date", "themes", "audiences"):
            continue
        # No ordering: the page manager's (by tree path) would join the page table for nothing.
        per_type.append(
            model.objects.filter(pk__in=ids)
            .order_by()
            .values_list("pk", "date", "themes__translation_key", "audiences__translation_key")
        )
    rows = {}
    if not per_type:
        return rows
    values = per_type[0].union(*per_type[1:], all=True) if len(per_type) > 1 else per_type[0]
    for pk, date, theme_key, audience_key in values:
        _date_value, themes, audiences = rows.setdefault(pk, (date, set(), set()))
        if theme_key is not None:
            themes.add(str(theme_key))
        if audience_key is not None:
            audiences.add(str(audience_key))
    return rows


def _has_fields(model, *names: str) -> bool:
    known = {model_field.name for model_field in model._meta.get_fields()}
    return all(name in known for name in names)


def _ids_by_model(page_types: dict) -> dict:
    """Page id -> content type id, regrouped as specific page class -> page ids."""
    by_model = defaultdict(list)
    for pk, content_type_id in page_types.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:  # a page type whose code is gone
            by_model[model].append(pk)
    return by_model


def _complete_page_hits(hits: list[SearchHit], *, request, terms, page_types: dict) -> None:
    """Titles, links and snippets of the page hits shown, from their specific pages."""
    shown = {hit.object_id: page_types[hit.object_id] for hit in hits}
    by_id = {}
    for model, ids in _ids_by_model(shown).items():
        by_id.update(model.objects.filter(pk__in=ids).in_bulk())
    for hit in hits:
        page = by_id.get(hit.object_id)
        if page is None:  # unpublished or deleted since it was ranked
            continue
        hit.title = getattr(page, "display_title", page.title)
        hit.url, hit.snippet = _page_link_and_snippet(page, request, terms)


def _page_link_and_snippet(page, request, terms) -> tuple[str, SafeString]:
    summary = getattr(page, "display_summary", "") or page.search_description
    return page.get_url(request=request) or "", highlight(_page_text(page, summary), terms)


def _transcript_hits(*, request, query, terms, language, private) -> tuple[list[SearchHit], bool]:
    """One hit per module and captions language: its best-matching cue.

    Translations of a module usually carry the original's captions, so the same cue is stored
    once per translation. Hits are grouped by the module's translation key and link the module
    in ``language`` where it is published, else its default-language version, else the page the
    cue belongs to; the hit's language is that page's, so the language facet counts pages.
    """
    live_modules = ModulePage.objects.live().exclude(private)
    # The modules come for their key, language, title and link: not their bodies.
    queryset = (
        TranscriptCue.objects.filter(module__in=live_modules.values("pk"))
        .select_related("module__locale")
        .defer("module__body", "module__related_pages")
    )
    results, limited = search_with_fallback(
        queryset=queryset, query=query, limit=MAX_HITS_PER_SOURCE, operator="and"
    )
    best = {}
    for cue, score in zip(results, _scores(results), strict=True):
        best.setdefault((cue.module.translation_key, cue.language), (cue, score))
    if not best:
        return [], limited
    shown = _modules_to_link(live_modules, {key for key, _language in best}, language=language)
    linked = {group: shown.get(group[0], cue.module) for group, (cue, _score) in best.items()}
    _prefetch_taxonomy(list(linked.values()))
    hits = []
    for group, (cue, score) in best.items():
        module = linked[group]
        hits.append(
            SearchHit(
                kind=KIND_TRANSCRIPT,
                title=module.display_title,
                link_and_snippet=partial(_cue_link_and_snippet, module, cue, request, terms),
                date=module.date,
                language=module.locale.language_code,
                score=score,
                theme_keys=_keys(module, "themes"),
                audience_keys=_keys(module, "audiences"),
                detail=_timestamp(cue.start_seconds),
            )
        )
    return hits, limited


def _modules_to_link(live_modules, keys: set, *, language: str) -> dict:
    """The module page to link per translation key: in ``language``, else the default one."""
    default = default_language_code()
    candidates = list(
        live_modules.filter(
            translation_key__in=keys, locale__language_code__in={language, default}
        ).select_related("locale")
    )
    preference = {language: 0, default: 1}
    candidates.sort(key=lambda module: preference[module.locale.language_code])
    shown = {}
    for module in candidates:
        shown.setdefault(module.translation_key, module)
    return shown


def _cue_link_and_snippet(module, cue, request, terms) -> tuple[str, SafeString]:
    return module.get_url_at(cue.start_seconds, request=request), highlight(cue.text, terms)


def _open_listings():
    # Only what the board shows: published and still open. Expired, paused, withdrawn, filled,
    # draft and pending listings never appear, whatever the index still holds.
    return Listing.objects.visible()


def _listing_hits(*, request, query, terms, language) -> tuple[list[SearchHit], bool]:
    queryset = _open_listings().select_related("organisation")
    results, limited = search_with_fallback(
        queryset=queryset, query=query, limit=MAX_HITS_PER_SOURCE, operator="and"
    )
    prefetch_related_objects(results, "themes")
    hits = []
    for listing, score in zip(results, _scores(results), strict=True):
        hits.append(
            SearchHit(
                kind=KIND_LISTING,
                title=listing.title,
                link_and_snippet=partial(_listing_link_and_snippet, listing, terms),
                date=_date(listing.published_at),
                language=listing.language,
                score=score,
                theme_keys={str(theme.translation_key) for theme in listing.themes.all()},
                detail=listing.organisation.name,
            )
        )
    return hits, limited


def _listing_link_and_snippet(listing, terms) -> tuple[str, SafeString]:
    return listing.get_absolute_url(), highlight(_plain_markdown(listing.description), terms)


def _prefetch_taxonomy(pages: list) -> None:
    by_type = defaultdict(list)
    for page in pages:
        if hasattr(page, "themes"):
            by_type[type(page)].append(page)
    for same_type in by_type.values():
        prefetch_related_objects(same_type, "themes", "audiences")


def _keys(page, relation: str) -> set:
    if not hasattr(page, relation):
        return set()
    return {str(term.translation_key) for term in getattr(page, relation).all()}


def _date(value) -> datetime.date | None:
    return timezone.localdate(value) if value else None


def _timestamp(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


# --- Facets ------------------------------------------------------------------------------------


def _matches(hit: SearchHit, filters: SearchFilters, *, language: str, skip: str = "") -> bool:
    if skip != "language" and language != ALL_LANGUAGES and hit.language != language:
        return False
    if skip != "type" and filters.kind and hit.kind != filters.kind:
        return False
    if skip != "theme" and filters.theme_key and filters.theme_key not in hit.theme_keys:
        return False
    wanted = filters.audience_key if skip != "audience" else ""
    return not wanted or wanted in hit.audience_keys


def _facets(hits: list[SearchHit], filters: SearchFilters, *, language: str, kinds: dict) -> dict:
    """Counts per value of each facet over the hits that match the other facets.

    Counting each facet without its own choice keeps the alternatives visible: with a theme
    chosen, the theme facet still says how many results every other theme would give.
    """
    type_counts = Counter(
        hit.kind for hit in hits if _matches(hit, filters, language=language, skip="type")
    )
    language_counts = Counter(
        hit.language for hit in hits if _matches(hit, filters, language=language, skip="language")
    )
    theme_counts = Counter(
        key
        for hit in hits
        if _matches(hit, filters, language=language, skip="theme")
        for key in hit.theme_keys
    )
    audience_counts = Counter(
        key
        for hit in hits
        if _matches(hit, filters, language=language, skip="audience")
        for key in hit.audience_keys
    )
    language_names = dict(settings.LANGUAGES)
    return {
        "type": sorted(
            (
                FacetOption(kind, kinds.get(kind, kind), count, kind == filters.kind)
                for kind, count in type_counts.items()
            ),
            key=lambda option: (-option.count, option.label),
        ),
        "theme": _term_options(Theme, theme_counts, filters.theme, filters.theme_key),
        "audience": _term_options(
            Audience, audience_counts, filters.audience, filters.audience_key
        ),
        "lang": [
            FacetOption(code, str(language_names[code]), language_counts[code], code == language)
            for code in language_names
            if language_counts[code] or code == language
        ],
        "all_languages_count": sum(language_counts.values()),
    }


def _term_options(
    model, counts: Counter, selected: int | None, selected_key: str
) -> list[FacetOption]:
    """Facet options for taxonomy terms: one per term whatever its language, with its
    translation in the current language, else in the default language, as label and value.

    Only a term that exists in neither (created in another language and never translated) is
    named in a language of its own: without a name it could not be offered at all.
    """
    keys = set(counts) | ({selected_key} if selected and selected_key else set())
    if not keys:
        return []
    preference = {get_language(): 0}
    preference.setdefault(default_language_code(), 1)
    terms = model.objects.filter(translation_key__in=keys).select_related("locale")
    best = {}
    for term in sorted(
        terms, key=lambda term: (preference.get(term.locale.language_code, 2), term.pk)
    ):
        best.setdefault(str(term.translation_key), term)
    options = [
        FacetOption(str(term.pk), term.name, counts.get(key, 0), key == selected_key)
        for key, term in best.items()
    ]
    return sorted(options, key=lambda option: (-option.count, option.label.lower()))


# --- Snippets ----------------------------------------------------------------------------------


def _page_text(page, summary: str) -> str:
    parts = [summary or "", *_indexed_body(page)]
    return " ".join(part for part in parts if part)


def _indexed_body(page) -> list[str]:
    """The body's text as the search backend indexed it (``get_searchable_content``).

    Each block says what of it is text, so a snippet shows what was matched and never a block's
    settings (a heading's level), ids or addresses, which the raw data mixes in.
    """
    try:
        body_field = page._meta.get_field("body")
    except FieldDoesNotExist:
        return []
    searchable = getattr(body_field, "get_searchable_content", None)
    body = getattr(page, "body", None)
    if searchable is None or body is None:
        return []
    return [text for text in searchable(body) if isinstance(text, str) and text.strip()]


_MARKDOWN = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_#>`]+")


def _plain_markdown(text: str) -> str:
    return _MARKDOWN.sub(lambda match: match.group(1) or " ", text or "")


def _term_pattern(terms: list[str]):
    """Words that start like a query term: "Museen" marks "Museum" as the stemmer matched it."""
    stems = []
    for term in terms:
        for word in re.findall(r"\w+", term):
            length = len(word) if len(word) <= 4 else max(4, len(word) - 2)
            stems.append(re.escape(word[:length]))
    if not stems:
        return None
    alternatives = "|".join(sorted(set(stems), key=len, reverse=True))
    return re.compile(r"\b(?:" + alternatives + r")\w*", re.IGNORECASE)


def highlight(text: str, terms: list[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """A window of ``text`` around the first matched term, HTML-escaped, matches in <mark>."""
    text = " ".join((text or "").split())
    pattern = _term_pattern(terms)
    match = pattern.search(text) if pattern else None
    tokens = text.split(" ")
    if match:
        before = len(text[: match.start()].split())
        start = max(0, before - words // 3)
    else:
        start = 0
    window = " ".join(tokens[start : start + words])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + words < len(tokens) else ""
    if pattern is None:
        return mark_safe(html.escape(prefix + window + suffix))  # noqa: S308 - escaped
    out, last = [], 0
    for found in pattern.finditer(window):
        out.append(html.escape(window[last : found.start()]))
        out.append(f"<mark>{html.escape(found.group(0))}</mark>")
        last = found.end()
    out.append(html.escape(window[last:]))
    return mark_safe(html.escape(prefix) + "".join(out) + html.escape(suffix))  # noqa: S308


# --- Languages ---------------------------------------------------------------------------------


def language_has_own_content(language_code: str) -> bool:
    """Whether anything searchable is written in this language: a live page of its own (an
    alias shows another language's text) or an open partner listing."""
    own_pages = Page.objects.live().filter(
        depth__gt=1, locale__language_code=language_code, alias_of__isnull=True
    )
    return own_pages.exists() or _open_listings().filter(language=language_code).exists()


def all_languages_notice(language_code: str) -> str:
    name = get_language_info(language_code)["name_translated"]
    return str(
        _("There is no content in %(language)s yet, so all languages were searched.")
        % {"language": name}
    )


# --- Suggestions and promotions ----------------------------------------------------------------


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
    not indexed and made every backend refuse the search.
    """
    query, _shortened = clean_query(query)
    query = query.replace('"', " ").strip()
    outcome = Suggestions()
    if len(query) < 2:
        return outcome
    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale")
    listings = _open_listings()
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


def promotions_for_query(*, query: str, request) -> list[dict]:
    """Editors' picks for this query (Search → Promoted search results), best first."""
    # Editors promote for the words as typed, which the query log shows them.
    strings = {normalise_query_string(query), normalise_query_string(clean_query(query)[0])}
    promotions = (
        SearchPromotion.objects.filter(query__query_string__in=strings)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    picks = []
    for promotion in promotions:
        if promotion.page_id:
            if not promotion.page.live:
                continue
            url = promotion.page.get_url(request=request) or ""
        else:
            url = promotion.external_link_url
        picks.append({"title": promotion.title, "url": url, "description": promotion.description})
    return picks
