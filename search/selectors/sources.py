"""Hits per kind of thing searched (pages, transcript cues, partner listings).

Each source runs one search through ``cms.core.search_fallback.search_with_fallback`` and
returns light hits: enough to rank them and count the facets. Titles, links and snippets are
completed for the hits on the page shown only (``complete_hits``).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.safestring import SafeString

from wagtail.models import Locale, Page

from cms.core.search_fallback import search_with_fallback
from courses.models import ModulePage, TranscriptCue
from courses.selectors.common import default_language_code
from partnerbourse.models import Listing

from .filters import KIND_LISTING, KIND_TRANSCRIPT
from .snippets import highlight, page_text, plain_markdown

# Best hits kept per source: relevance beyond this is noise, and it bounds the work per page.
MAX_HITS_PER_SOURCE = 300


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
    # ranked and counted for the facets, and highlighting or resolving all of them would take
    # most of the page's time.
    link_and_snippet: Callable[[], tuple[str, SafeString]] | None = field(default=None, repr=False)
    # Completes all the shown hits of one source at once (title, url, snippet), where that
    # needs the objects themselves: one load for the page shown, not one per hit.
    complete_batch: Callable[[list], None] | None = field(default=None, repr=False)

    def complete(self) -> None:
        if self.link_and_snippet is not None:
            self.url, self.snippet = self.link_and_snippet()
            self.link_and_snippet = None


def complete_hits(hits: list[SearchHit]) -> None:
    batches = defaultdict(list)
    for hit in hits:
        if hit.complete_batch is not None:
            batches[hit.complete_batch].append(hit)
        hit.complete()
    for complete_batch, same_source in batches.items():
        complete_batch(same_source)
        for hit in same_source:
            hit.complete_batch = None


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


# --- Pages -------------------------------------------------------------------------------------


def page_hits(*, request, query, terms, language, private) -> tuple[list[SearchHit], bool]:
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
    terms only to count facets would take most of the search page's time at 100,000 documents.
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
    return page.get_url(request=request) or "", highlight(page_text(page, summary), terms)


# --- Transcript cues ---------------------------------------------------------------------------


def transcript_hits(*, request, query, terms, language, private) -> tuple[list[SearchHit], bool]:
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


# --- Partner listings --------------------------------------------------------------------------


def open_listings():
    # Only what the board shows: published and still open. Expired, paused, withdrawn, filled,
    # draft and pending listings never appear, whatever the index still holds.
    return Listing.objects.visible()


def listing_hits(*, request, query, terms, language) -> tuple[list[SearchHit], bool]:
    queryset = open_listings().select_related("organisation")
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
    return listing.get_absolute_url(), highlight(plain_markdown(listing.description), terms)


# --- Shared ------------------------------------------------------------------------------------


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
