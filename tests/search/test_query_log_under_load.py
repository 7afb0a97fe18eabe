"""Many people searching at once all get their results: the query log never answers 503.

The log is a statistic; when another search holds the write lock, a count is dropped rather
than the visitor kept waiting or refused (search/services.py).
"""

from django.db import connection
from django.test import Client

import pytest

from tests.concurrency import all_at_once, threads_use_a_file_database

SEARCHERS = 16

# The threads read what the test set up, so it is committed; serialized_rollback restores the
# locales and root page that migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def labels_page(make_factsheet, tmp_path, monkeypatch):
    page = make_factsheet("Exhibition labels", summary="labels")
    if connection.vendor == "sqlite":
        threads_use_a_file_database(tmp_path, monkeypatch)
    return page


def search(client) -> tuple[int, bool]:
    response = client.get("/en/search/", {"q": "exhibition labels"})
    return response.status_code, "Exhibition labels" in response.content.decode()


def test_sixteen_searches_at_once_all_answer_with_results(labels_page):
    clients = [Client() for _ in range(SEARCHERS)]

    answers, errors = all_at_once(search, clients)

    assert errors == []
    assert answers == [(200, True)] * SEARCHERS
