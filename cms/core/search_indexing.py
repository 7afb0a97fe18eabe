"""Adding objects to every search index without letting a search server outage fail the write."""

import logging

from wagtail.search.backends import get_search_backends_with_name

logger = logging.getLogger(__name__)


def search_index_add_bulk(*, model, objects) -> None:
    """Index ``objects`` (all of ``model``) in every auto-updated search backend.

    For writes that skip the save signals Wagtail indexes from (bulk_create, bulk_update). As
    Wagtail does on save: a search server that is down is logged and skipped, so the database
    index (the fallback's) stays current; the database backends raise, since their error has
    broken the transaction anyway.
    """
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, objects)
        except Exception:
            logger.exception("Indexing %s objects in the %r backend failed", model.__name__, name)
            if not backend.catch_indexing_errors:
                raise
