"""“Suggested for you” (``/<lang>/partners/my/suggestions/``), per organisation of the user."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..selectors.matching import (
    organisation_for_suggestions,
    suggested_listings,
    suggested_organisations,
)


@login_required
@require_GET
def suggestions(request):
    raw = request.GET.get("organisation", "")
    pk = int(raw) if raw.isdigit() else None
    organisation, organisations = organisation_for_suggestions(user=request.user, pk=pk)
    if organisation is None and pk is not None:
        raise Http404
    context = {"organisation": organisation, "organisations": organisations}
    if organisation is not None:
        context["listings"] = suggested_listings(organisation=organisation)
        context["partners"] = suggested_organisations(organisation=organisation)
    return render(request, "partnerbourse/matching/suggestions.html", context)
