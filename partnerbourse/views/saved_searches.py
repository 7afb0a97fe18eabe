"""Saved searches: save the board's current filters, list and manage them, unsubscribe.

Unsubscribing works without logging in, through the signed token of the digest's link: GET shows
a confirmation page whose form POSTs (with CSRF); mail clients use the RFC 8058 one-click
endpoint, which takes a bare POST (no CSRF token is possible there: the signed token is the
authorisation, and the only effect is stopping that one digest).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from django_ratelimit.decorators import ratelimit

from ..forms_responses import FrequencyForm, SavedSearchForm
from ..models import SavedSearch
from ..selectors.saved_searches import saved_search_summary, saved_searches_of
from ..services import saved_searches as services


@login_required
@require_POST
@ratelimit(group="partnerbourse.save_search", key="user", rate="30/h", method="POST", block=True)
def saved_search_create(request):
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The search could not be saved: choose daily or weekly."))
        return redirect("partnerbourse:board")
    try:
        services.saved_search_create(
            user=request.user,
            query=request.POST,
            name=form.cleaned_data["name"],
            frequency=form.cleaned_data["frequency"],
            language=request.LANGUAGE_CODE,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partnerbourse:board")
    messages.success(request, _("Search saved. New matching listings will be e-mailed to you."))
    return redirect("partnerbourse:saved_searches")


@login_required
@require_GET
def saved_searches(request):
    searches = saved_searches_of(user=request.user)
    for search in searches:
        search.board_query = services.query_string(search.query)
        search.frequency_form = FrequencyForm(
            initial={"frequency": search.frequency}, prefix=f"s{search.pk}"
        )
    return render(request, "partnerbourse/saved_searches/list.html", {"searches": searches})


def _own_search(request, pk: int) -> SavedSearch:
    search = SavedSearch.objects.filter(pk=pk, user=request.user).first()
    if search is None:
        raise Http404
    return search


@login_required
@require_POST
def saved_search_frequency(request, pk: int):
    search = _own_search(request, pk)
    form = FrequencyForm(request.POST, prefix=f"s{search.pk}")
    if form.is_valid():
        services.saved_search_set_frequency(
            saved_search=search, user=request.user, frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, _("The e-mail frequency was changed."))
    else:
        messages.error(request, _("Choose daily or weekly."))
    return redirect("partnerbourse:saved_searches")


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_delete(request, pk: int):
    """GET asks to confirm (deleting cannot be undone); the confirmation POSTs."""
    search = _own_search(request, pk)
    if request.method == "POST":
        services.saved_search_delete(saved_search=search, user=request.user)
        messages.success(request, _("The saved search was deleted."))
        return redirect("partnerbourse:saved_searches")
    search.summary = saved_search_summary(search.query)
    search.title = search.name or search.summary
    return render(request, "partnerbourse/saved_searches/delete_confirm.html", {"search": search})


@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request, token: str):
    search = services.saved_search_for_token(token=token)
    if search is None:
        return render(request, "partnerbourse/saved_searches/unsubscribe_invalid.html", status=404)
    done = False
    if request.method == "POST":
        search = services.saved_search_unsubscribe(token=token)
        done = True
    return render(
        request,
        "partnerbourse/saved_searches/unsubscribe.html",
        {"search": search, "done": done or search.unsubscribed_at is not None},
    )


@csrf_exempt
@require_POST
def saved_search_unsubscribe_one_click(request, token: str):
    """RFC 8058: the mail client POSTs ``List-Unsubscribe=One-Click``; no page is shown."""
    if services.saved_search_unsubscribe(token=token) is None:
        return HttpResponse(status=404)
    return HttpResponse(status=204)
