"""The search page and the suggestions endpoint of its search box."""

from dataclasses import asdict

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from .selectors.filters import ALL_LANGUAGES, filters_from_params
from .selectors.results import site_search
from .selectors.suggestions import search_suggestions
from .services import search_query_log


def search(request):
    filters, unknown_filters = filters_from_params(request.GET)
    page_number = request.GET.get("page") or 1
    outcome = site_search(
        request=request,
        raw_query=request.GET.get("q", ""),
        filters=filters,
        page_number=page_number,
        language_code=get_language(),
    )
    # Counted once per search, not again for each further page of its results. What was typed
    # is logged (editors promote results for it), unless it looks like personal data.
    if outcome.searched and str(page_number) == "1":
        search_query_log(query=request.GET.get("q", ""))
    for name in FACET_PARAMS:
        for option in outcome.facets.get(name, []):
            value = None if option.selected and name != "lang" else option.value
            option.url = _url_with(request.GET, name, value)
    return render(
        request,
        "search/search.html",
        {
            "outcome": outcome,
            "filters": filters,
            "unknown_filters": unknown_filters,
            "all_languages": outcome.language == ALL_LANGUAGES,
            "hidden_filters": [
                (name, request.GET[name]) for name in FACET_PARAMS if request.GET.get(name)
            ],
        },
    )


FACET_PARAMS = ("type", "theme", "audience", "lang")


def _url_with(params, name: str, value: str | None) -> str:
    """This search's address with one facet set (or removed, for None), from page one."""
    query = params.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        query[name] = value
    return f"?{query.urlencode()}#results"


def suggest(request):
    outcome = search_suggestions(
        query=request.GET.get("q", ""), language_code=get_language(), request=request
    )
    response = JsonResponse(asdict(outcome))
    patch_cache_control(response, public=True, max_age=60)
    return response
