"""“Suggested for you”: pure scoring on constructed cases, then the selectors and the page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from partnerbourse.factories import (
    ListingFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ThemeFactory,
)
from partnerbourse.selectors.matching import (
    NeedsProfile,
    OrgProfile,
    rank,
    score_fit,
    suggested_listings,
    suggested_organisations,
    why_line,
)


def needs(**kwargs):
    defaults = {"pk": 1, "organisation_id": 100, "consortium_countries": frozenset({"FR", "DE"})}
    defaults.update({k: frozenset(v) if isinstance(v, set) else v for k, v in kwargs.items()})
    return NeedsProfile(**defaults)


def org(pk=10, **kwargs):
    defaults = {"organisation_type": "museum", "country": "DK"}
    defaults.update({k: frozenset(v) if isinstance(v, set) else v for k, v in kwargs.items()})
    return OrgProfile(pk=pk, **defaults)


def test_a_new_wanted_country_is_the_first_reason():
    score = score_fit(candidate=org(themes={1}), needs=needs(countries_wanted={"DK"}, themes={1}))
    # 3 wanted country + 2 new country + 2 shared theme
    assert score.points == 7
    with translation.override("en"):
        assert why_line(score, theme_names={1: "Textiles"}) == (
            "Adds a third country: Denmark; shared themes: Textiles"
        )


def test_each_criterion_adds_its_weight():
    base = needs(consortium_countries=frozenset({"DK"}))
    assert score_fit(candidate=org(), needs=base).points == 0
    assert (
        score_fit(
            candidate=org(),
            needs=needs(consortium_countries=frozenset({"DK"}), types_wanted={"museum"}),
        ).points
        == 3
    )
    assert (
        score_fit(
            candidate=org(themes={1, 2}),
            needs=needs(consortium_countries=frozenset({"DK"}), themes={1, 2, 3}),
        ).points
        == 4
    )
    assert (
        score_fit(
            candidate=org(languages={"en", "da"}),
            needs=needs(consortium_countries=frozenset({"DK"}), languages={"en", "da"}),
        ).points
        == 1
    )
    assert score_fit(candidate=org(), needs=needs()).points == 2  # only a new country


def test_language_or_new_country_alone_is_no_suggestion():
    lonely = score_fit(candidate=org(languages={"en"}), needs=needs(languages={"en"}))
    assert lonely.points == 3
    assert not lonely.suggestible
    assert rank([(1, lonely)]) == []


def test_ranking_is_by_score_then_id():
    listing_needs = needs(countries_wanted={"DK"}, types_wanted={"archive_library"}, themes={1})
    candidates = {
        5: org(pk=5, country="FR", themes={1}),  # 2
        3: org(pk=3, country="FR", themes={1}),  # 2, lower id wins the tie
        9: org(pk=9, country="DK", organisation_type="archive_library"),  # 3+2+3 = 8
        7: org(pk=7, country="DK"),  # 3+2 = 5
        1: org(pk=1, country="FR"),  # 0: not suggested
    }
    ranked = rank((pk, score_fit(candidate=c, needs=listing_needs)) for pk, c in candidates.items())
    assert [pk for pk, _score in ranked] == [9, 7, 3, 5]


def test_ordinal_follows_the_consortium_size():
    five = needs(consortium_countries=frozenset({"FR", "DE", "IT", "ES"}), types_wanted={"museum"})
    with translation.override("en"):
        assert why_line(score_fit(candidate=org(), needs=five)).startswith(
            "Adds a fifth country: Denmark"
        )


# Selectors and page ---------------------------------------------------------------------


@pytest.fixture
def setting(db):
    textiles, maps = ThemeFactory(name="Textiles"), ThemeFactory(name="Maps")
    mine = OrganisationFactory(country="DK", themes=[textiles], working_languages=["en"])
    fits = ListingFactory(countries_wanted=["DK"], themes=[textiles], organisation__country="FR")
    weaker = ListingFactory(themes=[textiles], organisation__country="FR")
    unrelated = ListingFactory(themes=[maps], organisation__country="FR")
    own = ListingFactory(organisation=mine, themes=[textiles])
    return {"mine": mine, "fits": fits, "weaker": weaker, "unrelated": unrelated, "own": own}


def test_suggested_listings_rank_and_explain(setting):
    with translation.override("en"):
        suggestions = suggested_listings(organisation=setting["mine"])
    assert [s.item for s in suggestions] == [setting["fits"], setting["weaker"]]
    assert suggestions[0].why == "Adds a second country: Denmark; shared themes: Textiles"


def test_suggested_organisations_exclude_itself(setting):
    partner = OrganisationFactory(country="SE", themes=list(setting["mine"].themes.all()))
    suggestions = suggested_organisations(organisation=setting["mine"])
    assert partner in [s.item for s in suggestions]
    assert setting["mine"] not in [s.item for s in suggestions]


def test_suggestions_run_in_constant_queries(setting):
    def count():
        with CaptureQueriesContext(connection) as queries:
            suggested_listings(organisation=setting["mine"])
            suggested_organisations(organisation=setting["mine"])
        return len(queries)

    few = count()
    textiles = setting["mine"].themes.first()
    for _ in range(10):
        ListingFactory(themes=[textiles], countries_wanted=["DK", "SE"], working_languages=["en"])
        OrganisationFactory(themes=[textiles])
    assert count() == few


def test_suggestions_page_only_for_own_organisations(client, board_site, setting):
    member = OrganisationMembershipFactory(organisation=setting["mine"]).user
    client.force_login(member)
    page = client.get(reverse("partnerbourse:suggestions"))
    assert page.status_code == 200
    assert setting["fits"].title in page.content.decode()
    other = OrganisationFactory()
    url = reverse("partnerbourse:suggestions") + f"?organisation={other.pk}"
    assert client.get(url).status_code == 404
