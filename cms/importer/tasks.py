"""Background work of the importer: indexing the pages of a run, once it has written them."""

from django_tasks import task

from .services.indexing import pages_index_update


@task()
def imported_pages_index_task(page_ids: list[int]) -> None:
    """Update the search and reference indexes of the pages an import wrote."""
    pages_index_update(page_ids=page_ids)
