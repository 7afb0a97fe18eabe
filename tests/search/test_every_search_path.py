"""Every search path survives a search server that is down, hangs or fails (issue 14).

The site search, the API, the admin's page, snippet, image and document search and the partner
board all answer 200 from the database backend, and the admin says so. The content is indexed
before the outage begins (the "database" alias shares the test backend's index), so each test
waits for the hanging server once at most: after the first failure a request skips it. The
outages (a closed port, a server that never answers, one that answers 503) are in conftest.py.
"""

from types import SimpleNamespace

from wagtail.search.backends import get_search_backend

import elasticsearch
import opensearchpy
import pytest
import wagtail_factories

from cms.core.middleware import SEARCH_FALLBACK_NOTICE
from cms.core.search_fallback import search_with_fallback
from cms.factsheets.models import FactsheetPage
from cms.users.factories import UserFactory
from partnerbourse.factories import ListingFactory, ThemeFactory
from search import es, es_opensearch

NOTICE = str(SEARCH_FALLBACK_NOTICE)


@pytest.fixture
def content(make_factsheet):
    """One thing to find on every path, indexed while the search server still answered."""
    return {
        "page": make_factsheet("Yggdrasil carvings", summary="Norse wood carving."),
        "theme": ThemeFactory(name="Runestone conservation"),
        "image": wagtail_factories.ImageFactory(title="Quetzal feather headdress"),
        "document": wagtail_factories.DocumentFactory(title="Zanzibar door survey"),
        "listing": ListingFactory(title="Travelling exhibition on textiles"),
    }


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(superuser=True))
    return client


# The content fixture comes first in every test: it indexes before the server goes down.


def test_the_site_search_answers_and_says_it_is_limited(content, search_server_down, client):
    response = client.get("/en/search/", {"q": "Yggdrasil"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Search is temporarily limited" in html
    assert "Yggdrasil carvings" in html


def test_the_api_answers_from_the_database(content, search_server_down, client):
    response = client.get("/api/v2/pages/", {"search": "Yggdrasil"})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Yggdrasil carvings"]


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        ("/admin/pages/search/", "Yggdrasil", "Yggdrasil carvings"),
        ("/admin/snippets/core/theme/", "Runestone", "Runestone conservation"),
        ("/admin/images/", "Quetzal", "Quetzal feather headdress"),
        ("/admin/documents/", "Zanzibar", "Zanzibar door survey"),
    ],
    ids=["pages", "snippets", "images", "documents"],
)
def test_the_admin_search_answers_and_says_where_from(
    content, search_server_down, admin_client, url, query, expected
):
    response = admin_client.get(url, {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert html.count(NOTICE) == 1
    # Said on this page, not kept for the next one.
    assert NOTICE not in admin_client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "url", ["/admin/images/results/", "/admin/images/chooser/results/"], ids=["listing", "chooser"]
)
def test_admin_fragments_carry_the_notice_themselves(
    content, search_server_down, admin_client, url
):
    # What the admin fetches as the editor types: swapped into the page, no messages area there.
    response = admin_client.get(
        url, {"q": "Quetzal"}, headers={"x-requested-with": "XMLHttpRequest"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div class="nice-padding"><p class="help-block help-warning">')
    assert NOTICE in html
    assert "Quetzal feather headdress" in html
    assert NOTICE not in admin_client.get("/admin/").content.decode()


def test_the_partner_board_answers_from_the_database(content, search_server_down, client):
    response = client.get("/en/partners/", {"q": "textiles"})

    assert response.status_code == 200
    assert [listing.title for listing in response.context["page_obj"].object_list] == [
        "Travelling exhibition on textiles"
    ]


def test_results_say_they_fell_back_and_keep_the_search_asked_for(
    content, search_server_down, make_factsheet
):
    make_factsheet("Yggdrasil roots", summary="Tree lore.")
    queryset = FactsheetPage.objects.live()
    results = get_search_backend().search("Yggdrasil carvings", queryset, operator="and")

    assert [page.title for page in results] == ["Yggdrasil carvings"]  # "and" still applies
    assert results.fell_back is True
    assert results.count() == 1
    assert len(get_search_backend().search("Yggdrasil", queryset)[1:]) == 1  # the slice too


def test_search_with_fallback_says_limited_when_the_results_fell_back(content, search_server_down):
    rows, limited = search_with_fallback(
        queryset=FactsheetPage.objects.live(), query="Yggdrasil", values=("title",)
    )

    assert limited is True
    assert [row["title"] for row in rows] == ["Yggdrasil carvings"]


@pytest.mark.django_db
def test_no_notice_while_the_search_backend_answers(content, admin_client):
    html = admin_client.get("/admin/images/", {"q": "Quetzal"}).content.decode()

    assert "Quetzal feather headdress" in html
    assert NOTICE not in html


# Which errors are an outage: the server's failures fall back, a query it rejects is raised.


def _api_error(error_class, status):
    # The predicate reads only the status of the answer's metadata.
    return error_class("error", meta=SimpleNamespace(status=status), body={})


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (elasticsearch.ConnectionError("refused"), True),
        (elasticsearch.ConnectionTimeout("timed out"), True),
        (_api_error(elasticsearch.ApiError, 503), True),
        (_api_error(elasticsearch.NotFoundError, 404), True),  # no index yet
        (_api_error(elasticsearch.BadRequestError, 400), False),
        (ValueError("a bug of ours"), False),
    ],
    ids=str,
)
def test_which_elasticsearch_errors_are_an_outage(error, outage):
    assert es.elasticsearch_failed(error) is outage


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (opensearchpy.ConnectionError("N/A", "refused", None), True),
        (opensearchpy.ConnectionTimeout("TIMEOUT", "timed out", None), True),
        (opensearchpy.TransportError(503, "unavailable", {}), True),
        (opensearchpy.RequestError(400, "parsing_exception", {}), False),
        (ValueError("a bug of ours"), False),
    ],
    ids=str,
)
def test_which_opensearch_errors_are_an_outage(error, outage):
    assert es_opensearch.opensearch_failed(error) is outage


@pytest.mark.parametrize(
    "backend",
    [
        "search.es.Elasticsearch8SearchBackend",
        "search.es_opensearch.OpenSearch3SearchBackend",
        "search.es_opensearch.OpenSearch2SearchBackend",
    ],
)
def test_the_other_search_server_backends_fall_back_too(
    content, refused_port, settings, client, backend
):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": backend,
            "URLS": [f"http://127.0.0.1:{refused_port}"],
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        },
        "database": {"BACKEND": "search.multilingual", "AUTO_UPDATE": True},
    }

    response = client.get("/api/v2/pages/", {"search": "Yggdrasil"})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Yggdrasil carvings"]
