"""Writes of the site search: the query log editors read under Reports → Search terms.

Only the query string and a daily count are stored (Wagtail's ``Query`` and ``QueryDailyHits``):
no user, address, session or time of day. Queries that look like an e-mail address or a phone
number are not logged at all, since people sometimes search for a person by those.
"""

import logging
import re
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

_PERSONAL = re.compile(r"@|\d[\d\s().+/-]{5,}\d")
# How long a count may wait for another search's count on PostgreSQL before it is dropped.
_POSTGRES_LOCK_TIMEOUT = "100ms"

logger = logging.getLogger(__name__)


def search_query_log(*, query: str) -> bool:
    """Count one search for ``query``; returns whether it was logged."""
    normalised = normalise_query_string(query or "")
    if not normalised or _PERSONAL.search(normalised):
        return False
    # The log is a statistic, not a record: under contention a count is dropped rather than
    # making the visitor wait for the write lock (SQLite) or answering 503.
    try:
        with _write_without_waiting():
            Query.get(normalised).add_hit()
    except DatabaseError as error:
        logger.info("Search query not counted (%s): %s", type(error).__name__, error)
        return False
    return True


@contextmanager
def _write_without_waiting():
    """A transaction of its own that fails at once, instead of waiting, when another holds the
    lock. Outside any request transaction, so a dropped count rolls back nothing else."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _sqlite_busy_timeout(milliseconds=0), transaction.atomic():
            yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{_POSTGRES_LOCK_TIMEOUT}'")
        yield


@contextmanager
def _sqlite_busy_timeout(*, milliseconds: int):
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        configured = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(configured)}")
