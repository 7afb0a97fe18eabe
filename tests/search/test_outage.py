"""A search server that is down or hangs never breaks publishing, and searches fall back.

Three kinds of outage, all local: a port where nothing listens (connection refused at once), a
server that accepts connections but never answers (the client gives up after SEARCH_TIMEOUT) and
one that answers every request 503.
modelsearch catches and logs indexing errors of search-server backends
(``catch_indexing_errors``), and the "database" alias keeps its own index up to date, so the
search page can serve from it meanwhile. The outages themselves are fixtures in conftest.py.
"""

import logging

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cms.core.search_fallback import search_with_fallback
from cms.factsheets.factories import FactsheetPageFactory
from cms.factsheets.models import FactsheetPage
from cms.users.factories import UserFactory


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


def test_publishing_in_the_admin_answers_and_the_page_is_found(
    search_server_down, client, home_page
):
    page = FactsheetPageFactory.build(title="Zanzibar heritage trails", live=False)
    home_page.add_child(instance=page)
    page.save_revision()
    client.force_login(UserFactory(superuser=True))

    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
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
