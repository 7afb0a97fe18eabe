"""A search server that is down or hangs never breaks publishing, and searches fall back.

Two kinds of outage, both local: a port where nothing listens (connection refused at once) and a
server that accepts connections but never answers (the client gives up after SEARCH_TIMEOUT).
modelsearch catches and logs indexing errors of search-server backends
(``catch_indexing_errors``), and the "database" alias keeps its own index up to date, so the
search page can serve from it meanwhile.
"""

import logging
import socket
import threading

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from cms.factsheets.factories import FactsheetPageFactory
from cms.factsheets.models import FactsheetPage
from search.backends import search_with_fallback

SEARCH_TIMEOUT = 1  # seconds; small so that the hanging server costs the tests little


@pytest.fixture
def refused_port():
    """A local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port():
    """A local server that accepts connections, reads nothing and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept_and_hold():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


@pytest.fixture(params=["refused", "silent"])
def search_server_down(request, settings):
    """The production configuration with the search server at a broken address."""
    port = request.getfixturevalue(f"{request.param}_port")
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.es.Elasticsearch9SearchBackend",
            "URLS": [f"http://127.0.0.1:{port}"],
            "INDEX_PREFIX": "outage_test_",
            "TIMEOUT": SEARCH_TIMEOUT,
        },
        "database": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True},
    }
    return request.param


def index_errors(caplog, action):
    return [
        record
        for record in caplog.records
        if record.name == "modelsearch.index"
        and record.levelno == logging.ERROR
        and f"{action}" in record.getMessage()
        and "'default' search backend" in record.getMessage()
    ]


def database_hits(query):
    return list(get_search_backend("database").search(query, FactsheetPage.objects.live()))


def test_publishing_succeeds_and_logs_the_index_error(search_server_down, home_page, caplog):
    page = FactsheetPageFactory.build(title="Zanzibar heritage trails", live=False)
    home_page.add_child(instance=page)

    page.save_revision().publish()

    page.refresh_from_db()
    assert page.live
    assert index_errors(caplog, "adding")
    # The fallback index has the page, so the search page can still find it.
    assert database_hits("Zanzibar") == [page]


def test_editing_unpublishing_and_deleting_succeed(search_server_down, home_page, caplog):
    page = FactsheetPageFactory(parent=home_page, title="Old title")

    page.title = "Quetzal collections"
    page.save_revision().publish()
    assert database_hits("Quetzal") == [page.specific]

    page.refresh_from_db()
    page.unpublish()
    assert database_hits("Quetzal") == []

    page.delete()
    assert not Page.objects.filter(pk=page.pk).exists()
    assert index_errors(caplog, "adding")
    assert index_errors(caplog, "deleting")


def test_search_falls_back_to_the_database_and_says_so(search_server_down, home_page, caplog):
    page = FactsheetPageFactory(parent=home_page, title="Yggdrasil carvings")

    results, limited = search_with_fallback(
        queryset=FactsheetPage.objects.live(), query="Yggdrasil"
    )

    assert limited is True
    assert [result.pk for result in results] == [page.pk]
    assert any("falling back" in record.getMessage() for record in caplog.records)


def test_the_search_page_says_search_is_limited_and_answers(search_server_down, client, home_page):
    FactsheetPageFactory(parent=home_page, title="Yggdrasil carvings")

    response = client.get("/en/search/", {"q": "Yggdrasil"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "temporarily limited" in content
    assert "Yggdrasil carvings" in content
