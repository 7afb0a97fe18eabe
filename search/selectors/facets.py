"""Facets: which hits the chosen filters keep, and counts per value of each facet."""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from cms.core.models import Audience, Theme
from courses.selectors.common import default_language_code

from .filters import ALL_LANGUAGES, SearchFilters
from .sources import SearchHit


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


def hit_matches(hit: SearchHit, filters: SearchFilters, *, language: str, skip: str = "") -> bool:
    if skip != "language" and language != ALL_LANGUAGES and hit.language != language:
        return False
    if skip != "type" and filters.kind and hit.kind != filters.kind:
        return False
    if skip != "theme" and filters.theme_key and filters.theme_key not in hit.theme_keys:
        return False
    wanted = filters.audience_key if skip != "audience" else ""
    return not wanted or wanted in hit.audience_keys


def facet_options(
    hits: list[SearchHit], filters: SearchFilters, *, language: str, kinds: dict
) -> dict:
    """Counts per value of each facet over the hits that match the other facets.

    Counting each facet without its own choice keeps the alternatives visible: with a theme
    chosen, the theme facet still says how many results every other theme would give.
    """
    type_counts = Counter(
        hit.kind for hit in hits if hit_matches(hit, filters, language=language, skip="type")
    )
    language_counts = Counter(
        hit.language
        for hit in hits
        if hit_matches(hit, filters, language=language, skip="language")
    )
    theme_counts = Counter(
        key
        for hit in hits
        if hit_matches(hit, filters, language=language, skip="theme")
        for key in hit.theme_keys
    )
    audience_counts = Counter(
        key
        for hit in hits
        if hit_matches(hit, filters, language=language, skip="audience")
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
