"""Promoted search results: the editors' picks for a query."""

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from cms.core.search_query import clean_query


def promotions_for_query(*, query: str, request) -> list[dict]:
    """Editors' picks for this query (Search → Promoted search results), best first."""
    # Editors promote for the words as typed, which the query log shows them.
    strings = {normalise_query_string(query), normalise_query_string(clean_query(query)[0])}
    promotions = (
        SearchPromotion.objects.filter(query__query_string__in=strings)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    picks = []
    for promotion in promotions:
        if promotion.page_id:
            if not promotion.page.live:
                continue
            url = promotion.page.get_url(request=request) or ""
        else:
            url = promotion.external_link_url
        picks.append({"title": promotion.title, "url": url, "description": promotion.description})
    return picks
