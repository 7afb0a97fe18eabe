"""The directory of verified organisations, and asking to join one from its profile.

Nothing here shows a member: the directory and the profile name organisations only, and the
join form tells the requester where their request stands, never who will answer it.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from django_ratelimit.decorators import ratelimit

from cms.core.forms import FilterForm

from ..models import COUNTRIES, OrganisationType
from ..selectors.listings import localize_themes, theme_choices
from ..selectors.organisations import (
    is_member,
    join_request_pending,
    organisation_pending_join_requests,
    organisation_public,
    organisations_directory,
)
from ..services import join_requests as join_request_services
from ..services.join_requests import MESSAGE_MAX_LENGTH

PER_PAGE = 20
JOIN_RATE = "10/h"
ANY = [("", gettext_lazy("Any"))]


class DirectoryFilterForm(FilterForm):
    """The directory's filters; an invalid value is ignored, as on the board, so that old and
    hand-edited links keep working."""

    organisation_type = forms.ChoiceField(
        label=gettext_lazy("Type"), required=False, choices=ANY + OrganisationType.choices
    )
    country = forms.ChoiceField(
        label=gettext_lazy("Country"), required=False, choices=ANY + COUNTRIES
    )
    theme = forms.TypedChoiceField(label=gettext_lazy("Theme"), required=False, coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = ANY + list(theme_choices())


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the administrators"),
        help_text=gettext_lazy("Say who you are and why you would like to join."),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@require_GET
def organisation_directory(request):
    form = DirectoryFilterForm(request.GET or None)
    page = Paginator(organisations_directory(**form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    localize_themes(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnerbourse/directory/directory.html",
        {"filter_form": form, "page_obj": page, "page_query": query.urlencode()},
    )


def organisation_join_context(request, organisation) -> dict:
    """What the profile page shows about joining: the form, or where the visitor stands."""
    member = is_member(user=request.user, organisation=organisation)
    pending = None if member else join_request_pending(user=request.user, organisation=organisation)
    return {
        "is_member": member,
        "pending_join_request": pending,
        "join_form": JoinRequestForm() if request.user.is_authenticated else None,
    }


def _user_key(group, request) -> str:
    return str(request.user.pk)


@login_required
@require_POST
@ratelimit(group="partnerbourse.join", key=_user_key, rate=JOIN_RATE, method="POST", block=False)
def organisation_join(request, slug: str):
    organisation = organisation_public(slug=slug)
    if organisation is None:
        raise Http404
    if getattr(request, "limited", False):
        messages.error(
            request, _("You have sent many requests in the last hour. Please wait a while.")
        )
        return redirect(organisation.get_absolute_url())
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, error)
        return redirect(organisation.get_absolute_url())
    try:
        join_request_services.join_request_create(
            organisation=organisation, user=request.user, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Your request was sent. The administrators of %(name)s will answer by e-mail.")
            % {"name": organisation.name},
        )
    return redirect(organisation.get_absolute_url())


def join_request_decide(request, organisation):
    """The members page's POST for a join request (the page has checked the user is an admin)."""
    join_request = (
        organisation_pending_join_requests(organisation=organisation)
        .filter(pk=request.POST.get("join_request") or 0)
        .first()
    )
    if join_request is None:
        messages.info(request, _("This request has already been answered."))
        return redirect("partnerbourse:organisation_members", pk=organisation.pk)
    decision = request.POST.get("decision")
    if decision == "approve":
        service, done = join_request_services.join_request_approve, _("%(name)s is now a member.")
    elif decision == "decline":
        service, done = (
            join_request_services.join_request_decline,
            _("The request of %(name)s was declined."),
        )
    else:
        raise Http404
    try:
        service(join_request=join_request, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, done % {"name": join_request.user.public_name})
    return redirect("partnerbourse:organisation_members", pk=organisation.pk)
