"""Background work of link collections: the link check, for a scheduler or an admin action."""

from django_tasks import task

from .services import DEFAULT_TIMEOUT, links_check_all


@task()
def links_check_task(
    page_id: int | None = None, only_problems: bool = False, timeout: float = DEFAULT_TIMEOUT
) -> dict[str, int]:
    """Check collection links and record the results; returns the summary of results."""
    return links_check_all(page_id=page_id, only_problems=only_problems, timeout=timeout)
