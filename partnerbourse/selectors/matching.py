"""“Suggested for you”: listings and organisations ranked by how well they complement an
organisation.

The scoring is a set of pure functions over small frozen profiles, so it is deterministic and
tested on constructed cases; the selectors only load profiles (a fixed number of queries) and
sort by ``(-score, id)``. What counts, for organisation O looking at listing L:

* O is of a type L asks for (+3), O's country is one L asks for (+3);
* O adds a country L's consortium does not have yet (+2): “adds a third country: Denmark”;
* each theme O and L share (+2);
* a common working language (+1).

A suggestion needs at least one substantive reason (a wanted type or country, or a shared
theme); a common language or a new country alone is not a reason to write to someone. For
organisations the same rules apply with O's open listings standing in for “what O asks for”.
"""

import dataclasses
from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from cms.core.models import Theme

from ..models import (
    COUNTRY_NAMES,
    LANGUAGE_NAMES,
    Listing,
    Organisation,
    OrganisationType,
)

WEIGHT_TYPE_WANTED = 3
WEIGHT_COUNTRY_WANTED = 3
WEIGHT_NEW_COUNTRY = 2
WEIGHT_THEME = 2
WEIGHT_LANGUAGE = 1
SUBSTANTIVE = {"type_wanted", "country_wanted", "themes"}
MAX_CANDIDATES = 2000
MAX_SUGGESTIONS = 20


@dataclasses.dataclass(frozen=True)
class OrgProfile:
    pk: int
    organisation_type: str
    country: str
    themes: frozenset = frozenset()
    languages: frozenset = frozenset()


@dataclasses.dataclass(frozen=True)
class NeedsProfile:
    """What a listing (or all open listings of an organisation) asks for."""

    pk: int
    organisation_id: int
    consortium_countries: frozenset  # the poster's country and the countries already in
    countries_wanted: frozenset = frozenset()
    types_wanted: frozenset = frozenset()
    themes: frozenset = frozenset()
    languages: frozenset = frozenset()


@dataclasses.dataclass(frozen=True)
class Reason:
    kind: str  # new_country, country_wanted, type_wanted, themes, language
    values: tuple = ()
    count: int = 0  # for new_country: the size of the consortium with the newcomer


@dataclasses.dataclass(frozen=True)
class Score:
    points: int
    reasons: tuple

    @property
    def suggestible(self) -> bool:
        return any(reason.kind in SUBSTANTIVE for reason in self.reasons)


def score_fit(*, candidate: OrgProfile, needs: NeedsProfile) -> Score:
    """How well organisation ``candidate`` complements ``needs``; reasons strongest first."""
    points = 0
    reasons = []
    country = candidate.country
    if country and country not in needs.consortium_countries:
        points += WEIGHT_NEW_COUNTRY
        reasons.append(Reason("new_country", (country,), count=len(needs.consortium_countries) + 1))
    if country in needs.countries_wanted:
        points += WEIGHT_COUNTRY_WANTED
        reasons.append(Reason("country_wanted", (country,)))
    if candidate.organisation_type in needs.types_wanted:
        points += WEIGHT_TYPE_WANTED
        reasons.append(Reason("type_wanted", (candidate.organisation_type,)))
    shared_themes = tuple(sorted(candidate.themes & needs.themes))
    if shared_themes:
        points += WEIGHT_THEME * len(shared_themes)
        reasons.append(Reason("themes", shared_themes))
    shared_languages = tuple(sorted(candidate.languages & needs.languages))
    if shared_languages:
        points += WEIGHT_LANGUAGE
        reasons.append(Reason("language", shared_languages))
    return Score(points=points, reasons=tuple(reasons))


def rank(scored: Iterable[tuple[int, Score]], *, limit: int = MAX_SUGGESTIONS) -> list:
    """Suggestible candidates, best first; equal scores in id order (deterministic)."""
    eligible = [(pk, score) for pk, score in scored if score.suggestible]
    return sorted(eligible, key=lambda item: (-item[1].points, item[0]))[:limit]


ORDINALS = {
    2: lambda country: _("adds a second country: %(country)s") % {"country": country},
    3: lambda country: _("adds a third country: %(country)s") % {"country": country},
    4: lambda country: _("adds a fourth country: %(country)s") % {"country": country},
    5: lambda country: _("adds a fifth country: %(country)s") % {"country": country},
    6: lambda country: _("adds a sixth country: %(country)s") % {"country": country},
}


def reason_text(reason: Reason, *, theme_names: dict | None = None) -> str:
    theme_names = theme_names or {}
    if reason.kind == "new_country":
        country = str(COUNTRY_NAMES.get(reason.values[0], reason.values[0]))
        if reason.count in ORDINALS:
            return ORDINALS[reason.count](country)
        return _("adds country number %(number)d: %(country)s") % {
            "number": reason.count,
            "country": country,
        }
    if reason.kind == "country_wanted":
        return _("looks for partners in %(country)s") % {
            "country": COUNTRY_NAMES.get(reason.values[0], reason.values[0])
        }
    if reason.kind == "type_wanted":
        return _("looks for: %(type)s") % {"type": OrganisationType(reason.values[0]).label}
    if reason.kind == "themes":
        names = sorted(str(theme_names.get(pk, pk)) for pk in reason.values)
        return _("shared themes: %(themes)s") % {"themes": ", ".join(names)}
    if reason.kind == "language":
        return _("common working language: %(languages)s") % {
            "languages": ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in reason.values)
        }
    return ""


def why_line(score: Score, *, theme_names: dict | None = None, parts: int = 2) -> str:
    """One line: the strongest reasons (at most ``parts``), capitalised."""
    texts = []
    for reason in score.reasons:
        if reason.kind == "country_wanted" and any(r.kind == "new_country" for r in score.reasons):
            continue
        texts.append(reason_text(reason, theme_names=theme_names))
        if len(texts) == parts:
            break
    line = "; ".join(texts)
    return line[:1].upper() + line[1:]


# Loading profiles -------------------------------------------------------------------------


def organisation_profile(organisation: Organisation) -> OrgProfile:
    return OrgProfile(
        pk=organisation.pk,
        organisation_type=organisation.organisation_type,
        country=organisation.country,
        themes=frozenset(theme.pk for theme in organisation.themes.all()),
        languages=frozenset(organisation.working_languages or []),
    )


def listing_needs(listing: Listing) -> NeedsProfile:
    """Uses the prefetched ``facets`` and ``themes`` and the joined ``organisation``."""
    facets = {
        "country_in": set(),
        "country_wanted": set(),
        "organisation_type": set(),
        "language": set(),
    }
    for facet in listing.facets.all():
        facets.setdefault(facet.facet, set()).add(facet.value)
    return NeedsProfile(
        pk=listing.pk,
        organisation_id=listing.organisation_id,
        consortium_countries=frozenset({listing.organisation.country} | facets["country_in"]),
        countries_wanted=frozenset(facets["country_wanted"]),
        types_wanted=frozenset(facets["organisation_type"]),
        themes=frozenset(theme.pk for theme in listing.themes.all()),
        languages=frozenset(facets["language"] | {listing.language}),
    )


def _theme_names(theme_ids) -> dict:
    """Theme names in the active language where translated (two queries)."""
    themes = list(Theme.objects.filter(pk__in=theme_ids))
    translated = dict(
        Theme.objects.filter(
            translation_key__in=[theme.translation_key for theme in themes],
            locale__language_code=translation.get_language(),
        ).values_list("translation_key", "name")
    )
    return {theme.pk: translated.get(theme.translation_key, theme.name) for theme in themes}


def _open_listings():
    return (
        Listing.objects.visible()
        .select_related("organisation")
        .prefetch_related("facets", "themes")
    )


@dataclasses.dataclass
class Suggestion:
    item: object
    score: Score
    why: str


def suggested_listings(*, organisation: Organisation, limit: int = MAX_SUGGESTIONS) -> list:
    """Open listings of other organisations that ``organisation`` would complement."""
    candidate = organisation_profile(organisation)
    listings = list(
        _open_listings()
        .exclude(organisation=organisation)
        .order_by("-published_at", "-pk")[:MAX_CANDIDATES]
    )
    by_pk = {listing.pk: listing for listing in listings}
    ranked = rank(
        (
            (listing.pk, score_fit(candidate=candidate, needs=listing_needs(listing)))
            for listing in listings
        ),
        limit=limit,
    )
    names = _theme_names(candidate.themes)
    return [
        Suggestion(by_pk[pk], score, why_line(score, theme_names=names)) for pk, score in ranked
    ]


def organisation_needs(organisation: Organisation, listings: list[Listing]) -> NeedsProfile:
    """What an organisation asks for across its open listings (its profile when it has none)."""
    consortium = {organisation.country}
    wanted_countries, wanted_types = set(), set()
    themes = {theme.pk for theme in organisation.themes.all()}
    languages = set(organisation.working_languages or [])
    for listing in listings:
        needs = listing_needs(listing)
        consortium |= needs.consortium_countries
        wanted_countries |= needs.countries_wanted
        wanted_types |= needs.types_wanted
        themes |= needs.themes
    return NeedsProfile(
        pk=organisation.pk,
        organisation_id=organisation.pk,
        consortium_countries=frozenset(consortium),
        countries_wanted=frozenset(wanted_countries),
        types_wanted=frozenset(wanted_types),
        themes=frozenset(themes),
        languages=frozenset(languages),
    )


def suggested_organisations(*, organisation: Organisation, limit: int = MAX_SUGGESTIONS) -> list:
    """Other organisations that complement ``organisation`` and what its listings ask for."""
    own_listings = list(_open_listings().filter(organisation=organisation))
    needs = organisation_needs(organisation, own_listings)
    others = list(
        Organisation.objects.exclude(pk=organisation.pk)
        .filter(closed_at__isnull=True)
        .prefetch_related("themes")
        .order_by("pk")[:MAX_CANDIDATES]
    )
    by_pk = {other.pk: other for other in others}
    ranked = rank(
        (
            (other.pk, score_fit(candidate=organisation_profile(other), needs=needs))
            for other in others
        ),
        limit=limit,
    )
    names = _theme_names(needs.themes)
    return [
        Suggestion(by_pk[pk], score, why_line(score, theme_names=names)) for pk, score in ranked
    ]


def organisation_for_suggestions(*, user, pk: int | None):
    from ..models import OrganisationMembership

    memberships = (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .prefetch_related(Prefetch("organisation__themes"))
        .order_by("organisation__name", "organisation__pk")
    )
    organisations = [membership.organisation for membership in memberships]
    if pk is None:
        return (organisations[0] if organisations else None), organisations
    chosen = next((org for org in organisations if org.pk == pk), None)
    return chosen, organisations
