"""Reads of the site search, one module per job.

``results`` (the search page: every source searched, merged, filtered and paged), ``sources``
(the hits per kind of thing: pages, transcript cues, partner listings), ``filters`` (the kinds of
result and the facet choices of the query string), ``facets`` (the counts per facet value),
``snippets`` (the text around a match, highlighted), ``languages`` (whether a language has content
of its own), ``suggestions`` (the search box's) and ``promotions`` (the editors' picks).
"""

from .filters import ALL_LANGUAGES, filters_from_params
from .results import site_search
from .suggestions import search_suggestions

__all__ = ["ALL_LANGUAGES", "filters_from_params", "search_suggestions", "site_search"]
