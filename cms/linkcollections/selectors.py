"""Reads of link collections: which links to check, and the link-check report for editors."""

from django.db.models import Case, IntegerField, Value, When

from .models import CollectionLink, LinkCheckResult

PROBLEM_RESULTS = [LinkCheckResult.BROKEN, LinkCheckResult.TIMEOUT, LinkCheckResult.ERROR]
# Worst first: what editors need to fix, then what they might update, then what works.
RESULT_ORDER = [*PROBLEM_RESULTS, LinkCheckResult.REDIRECT, "", LinkCheckResult.OK]


def links_to_check(*, page_id: int | None = None, only_problems: bool = False):
    links = CollectionLink.objects.order_by("page_id", "sort_order", "pk")
    if page_id is not None:
        links = links.filter(page_id=page_id)
    if only_problems:
        links = links.filter(last_check_result__in=PROBLEM_RESULTS)
    return links


def links_worst_first(links):
    """Order links by how badly their last check went, then by page and position."""
    ranks = enumerate(RESULT_ORDER)
    severity = Case(
        *[When(last_check_result=result, then=Value(rank)) for rank, result in ranks],
        default=Value(len(RESULT_ORDER)),
        output_field=IntegerField(),
    )
    return links.annotate(severity=severity).order_by("severity", "page__title", "sort_order", "pk")


def link_report_items(*, pages):
    """Every link on the given pages (a queryset), worst check result first, with its page."""
    links = CollectionLink.objects.filter(page__in=pages.values("pk")).select_related("page")
    return links_worst_first(links)


def page_link_check(*, page_id: int) -> dict:
    """A page's links whose last check failed, and when its links were last checked, as stored
    now (not as in the page's latest revision, which the editor shows)."""
    links = list(CollectionLink.objects.filter(page_id=page_id).order_by("sort_order", "pk"))
    checked = [link.last_checked_at for link in links if link.last_checked_at]
    return {
        "problem_links": [link for link in links if link.last_check_result in PROBLEM_RESULTS],
        "last_checked_at": max(checked, default=None),
    }


def links_broken():
    """The links the last check found broken, timed out or failing, most recently checked first."""
    return (
        CollectionLink.objects.filter(last_check_result__in=PROBLEM_RESULTS)
        .select_related("page")
        .order_by("-last_checked_at", "pk")
    )
