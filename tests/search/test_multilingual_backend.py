"""search.multilingual: ranked entries first, objects by key, bounded ranking.

The backend production uses by default, and the test settings' too. On SQLite it is
search.sqlite_ranked (FTS5, no stemming): the tests of stemming skip there.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, PlainText
from wagtail.search.utils import parse_query_string

import pytest

from partnerbourse.factories import ListingFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming per language needs PostgreSQL"
)


def search(query, *, backend=None, queryset=None, limit=None):
    backend = backend or get_search_backend()
    queryset = queryset if queryset is not None else Page.objects.live().filter(depth__gt=2)
    results = backend.search(query, queryset, operator="and").annotate_score("_score")
    return list(results[:limit] if limit else results)


def test_words_in_the_title_and_the_body_match_together(make_factsheet):
    make_factsheet("Digital work", summary="Our heritage, online.")
    make_factsheet("Digital work elsewhere", summary="Nothing else.")

    assert [page.title for page in search("digital heritage")] == ["Digital work"]


def test_title_matches_rank_above_body_matches_with_scores(make_factsheet):
    make_factsheet("Gallery lighting", summary="Lighting for conservation.")
    make_factsheet("Conservation basics", summary="Start here.")

    results = search("conservation")

    assert [page.title for page in results] == ["Conservation basics", "Gallery lighting"]
    if connection.vendor == "postgresql":
        assert results[0]._score > results[1]._score > 0
    else:  # FTS5's bm25: negative, best lowest
        assert results[0]._score < results[1]._score < 0


def test_the_querysets_filters_apply(make_factsheet, locales):
    make_factsheet("Weaving in Denmark", summary="weaving", locale=locales["da"])
    english = make_factsheet("Weaving", summary="weaving")
    draft = make_factsheet("Weaving draft", summary="weaving")
    draft.unpublish()

    queryset = Page.objects.live().filter(locale=locales["en"])
    assert [page.pk for page in search("weaving", queryset=queryset)] == [english.pk]
    assert get_search_backend().search("weaving", queryset, operator="and").count() == 1


def test_slices_page_through_the_ranking(make_factsheet):
    for number in range(5):
        make_factsheet(f"Pottery {'pottery ' * number}".strip(), summary="clay")

    ranked = [page.pk for page in search("pottery")]
    backend = get_search_backend()
    results = backend.search("pottery", Page.objects.live(), operator="and")

    assert [page.pk for page in results[1:3]] == ranked[1:3]


def test_a_bounded_ranking_keeps_the_best_titles(make_factsheet):
    best = make_factsheet("Textiles", summary="A short title.")
    for number in range(6):
        make_factsheet(f"Note {number}", summary="textiles in the body only")
    backend = get_search_backend()
    backend.ranked_candidates = 2

    results = search("textiles", backend=backend)

    # Two matches in a title and two anywhere are ranked, not all seven.
    assert results[0].pk == best.pk
    assert len(results) <= 4


def test_refused_best_matches_do_not_crowd_out_allowed_ones(make_factsheet, locales):
    # The best matches (the word in the title) are Danish; the queryset allows English only.
    for number in range(30):
        make_factsheet(f"Lace {number}", summary="lace", locale=locales["da"])
    english = [make_factsheet(f"Note {n}", summary="lace and more lace") for n in range(2)]

    queryset = Page.objects.live().filter(locale=locales["en"])
    results = search("lace", queryset=queryset, limit=2)

    assert {page.pk for page in results} == {page.pk for page in english}


def test_a_phrase_and_a_word_match_together_and_rank(make_factsheet):
    both = make_factsheet("Oral history of textiles", summary="Oral history and textiles.")
    make_factsheet("History of oral traditions", summary="textiles")
    make_factsheet("Oral history", summary="Recording voices.")

    _filters, query = parse_query_string('"oral history" textiles', operator="and")
    results = search(query)

    assert [page.pk for page in results] == [both.pk]
    assert results[0]._score != 0


@postgresql_only
def test_either_word_ranks_pages_with_both_first(make_factsheet):
    one = make_factsheet("Weaving", summary="Looms.")
    both = make_factsheet("Weaving and dyeing", summary="Looms and vats.")

    results = get_search_backend().search(
        "weaving dyeing", Page.objects.live().filter(depth__gt=2), operator="or"
    )

    assert [page.pk for page in results] == [both.pk, one.pk]


@postgresql_only
# modelsearch warns that the match itself ignores a boost; the ranking here applies it.
@pytest.mark.filterwarnings("ignore:The Boost query is not supported")
def test_a_boost_scales_the_scores(make_factsheet):
    for number in range(3):
        make_factsheet(f"Pottery {'pottery ' * number}".strip(), summary="clay")

    plain = search(PlainText("pottery"))
    boosted = search(Boost(PlainText("pottery"), 2.0))

    assert [page.pk for page in boosted] == [page.pk for page in plain]
    assert [page._score for page in boosted] == pytest.approx([2 * page._score for page in plain])


@postgresql_only
def test_a_repeated_query_is_stemmed_once(make_factsheet, locales):
    make_factsheet("Ausstellungen", summary="Museen", locale=locales["de"])
    search("Museen Ausstellung")

    with CaptureQueriesContext(connection) as queries:
        results = search("Museen Ausstellung")

    assert [page.title for page in results] == ["Ausstellungen"]
    assert not [query for query in queries if "to_tsquery" in query["sql"]]


@postgresql_only
def test_listings_are_indexed_in_their_own_language():
    ListingFactory(title="Partner gesucht", description="Wir planen Ausstellungen.", language="de")

    from partnerbourse.models import Listing

    assert [listing.title for listing in search("Ausstellung", queryset=Listing.objects.all())] == [
        "Partner gesucht"
    ]


def test_search_page_query_count_is_constant(client, make_factsheet, django_assert_max_num_queries):
    def make(count, word):
        for number in range(count):
            make_factsheet(f"{word} {number}", summary=word)
            ListingFactory(title=f"{word} listing {number}", description=word)

    make(2, "pottery")
    make(25, "weaving")
    client.get("/en/search/", {"q": "pottery", "lang": "all"})
    client.get("/en/search/", {"q": "weaving", "lang": "all"})

    with CaptureQueriesContext(connection) as few:
        client.get("/en/search/", {"q": "pottery", "lang": "all"})
    with django_assert_max_num_queries(len(few)):
        response = client.get("/en/search/", {"q": "weaving", "lang": "all"})
    assert response.context["outcome"].total == 50
