"""The member area (``/<lang>/partners/my/``): organisations, members and one's listings.

Every object reached by id is looked up through the user's memberships, so another
organisation's listing or profile answers 404 exactly like a missing one; a member who is not an
admin gets 403 for admin-only pages of their own organisation. Forms re-render with their errors
and keep what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from django_ratelimit.decorators import ratelimit

from cms.core.form_errors import form_errors_add

from ..forms import ExtendForm, InvitationForm, ListingForm, OrganisationForm
from ..selectors import organisations as organisation_selectors
from ..selectors.listings import (
    latest_rejection,
    listing_actions,
    listing_for_member,
    listings_for_member,
)
from ..selectors.organisations import (
    is_admin,
    memberships_for_user,
    organisation_for_member,
    organisation_open_invitations,
)
from ..services import listings as listing_services
from ..services import organisations as organisation_services
from .directory import join_request_decide

LISTING_ACTIONS = {
    "submit": (listing_services.listing_submit, gettext_lazy("The listing was submitted.")),
    "pause": (listing_services.listing_pause, gettext_lazy("The listing is paused.")),
    "resume": (listing_services.listing_resume, gettext_lazy("The listing is back on the board.")),
    "fill": (
        listing_services.listing_mark_filled,
        gettext_lazy("The listing is marked as filled."),
    ),
    "withdraw": (listing_services.listing_withdraw, gettext_lazy("The listing was withdrawn.")),
}


def _user_key(group, request) -> str:
    return str(request.user.pk)


def _member_organisation(request, pk: int):
    organisation = organisation_for_member(user=request.user, pk=pk)
    if organisation is None:
        raise Http404
    return organisation


def _member_listing(request, pk: int):
    listing = listing_for_member(user=request.user, pk=pk)
    if listing is None:
        raise Http404
    return listing


@login_required
@require_GET
def dashboard(request):
    memberships = list(memberships_for_user(user=request.user))
    paginator = Paginator(listings_for_member(user=request.user), 25)
    return render(
        request,
        "partnerbourse/my/dashboard.html",
        {"memberships": memberships, "page_obj": paginator.get_page(request.GET.get("page"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(group="partnerbourse.organisation_create", key=_user_key, rate="10/d", method="POST")
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_services.organisation_create(
                user=request.user, **form.service_fields()
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _(
                    "The organisation was created. Its listings are reviewed by a moderator "
                    "until the organisation is verified."
                ),
            )
            return redirect("partnerbourse:organisation_members", pk=organisation.pk)
    return render(
        request, "partnerbourse/my/organisation_form.html", {"form": form, "organisation": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    organisation = _member_organisation(request, pk)
    if not is_admin(user=request.user, organisation=organisation):
        raise PermissionDenied
    form = OrganisationForm(
        request.POST or None, initial=OrganisationForm.initial_for(organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_services.organisation_update(
                organisation=organisation, user=request.user, **form.service_fields()
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("partnerbourse:dashboard")
    return render(
        request,
        "partnerbourse/my/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(group="partnerbourse.invite", key=_user_key, rate="30/h", method="POST")
def organisation_members(request, pk: int):
    organisation = _member_organisation(request, pk)
    admin = is_admin(user=request.user, organisation=organisation)
    form = InvitationForm(request.POST or None) if admin else None
    if request.method == "POST":
        if not admin:
            raise PermissionDenied
        if "join_request" in request.POST:
            return join_request_decide(request, organisation)
        if form.is_valid():
            try:
                organisation_services.membership_invite(
                    organisation=organisation,
                    invited_by=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("partnerbourse:organisation_members", pk=organisation.pk)
    members = list(organisation_selectors.organisation_members(organisation=organisation))
    return render(
        request,
        "partnerbourse/my/members.html",
        {
            "organisation": organisation,
            "is_admin": admin,
            "members": members,
            "only_admin": admin and sum(membership.is_admin for membership in members) == 1,
            "invitations": organisation_open_invitations(organisation=organisation)
            if admin
            else [],
            "join_requests": organisation_selectors.organisation_pending_join_requests(
                organisation=organisation
            )
            if admin
            else [],
            "form": form,
        },
    )


@login_required
@require_POST
def member_remove(request, pk: int, membership_pk: int):
    organisation = _member_organisation(request, pk)
    try:
        organisation_services.membership_remove(
            organisation=organisation, user=request.user, membership_id=membership_pk
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The member was removed."))
        if not organisation_for_member(user=request.user, pk=pk):
            return redirect("partnerbourse:dashboard")
    return redirect("partnerbourse:organisation_members", pk=organisation.pk)


@login_required
@require_POST
def member_role(request, pk: int, membership_pk: int):
    """Make a member an admin or an admin a member: how an organisation is handed over."""
    organisation = _member_organisation(request, pk)
    try:
        membership = organisation_services.membership_role_change(
            organisation=organisation,
            user=request.user,
            membership_id=membership_pk,
            role=request.POST.get("role", ""),
        )
    except PermissionDenied:
        # Plain members, like outsiders, learn nothing about the membership ids.
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if membership.is_admin:
            success = _("%(name)s is now an administrator.")
        else:
            success = _("%(name)s is now a member without administrator rights.")
        messages.success(request, success % {"name": membership.user.public_name})
    return redirect("partnerbourse:organisation_members", pk=organisation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_close(request, pk: int):
    """Ask, then close the organisation: the other way out for its last admin."""
    organisation = _member_organisation(request, pk)
    if not is_admin(user=request.user, organisation=organisation):
        raise PermissionDenied
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.method == "POST":
        organisation_services.organisation_close(organisation=organisation, user=request.user)
        messages.success(
            request,
            _("%(name)s was closed and its listings withdrawn.") % {"name": organisation.name},
        )
        return redirect(next_url or "partnerbourse:dashboard")
    return render(
        request,
        "partnerbourse/my/organisation_close.html",
        {
            "organisation": organisation,
            "listing_count": organisation_selectors.organisation_listing_count(
                organisation=organisation
            ),
            "next": next_url,
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    invitation = organisation_services.invitation_for_token(token=token)
    if invitation is None:
        return render(request, "partnerbourse/my/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            membership = organisation_services.invitation_accept(token=token, user=request.user)
        except PermissionDenied as error:
            messages.error(request, " ".join(str(arg) for arg in error.args))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You are now a member of %(name)s.") % {"name": membership.organisation.name},
            )
            return redirect("partnerbourse:dashboard")
    return render(request, "partnerbourse/my/invitation_accept.html", {"invitation": invitation})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(group="partnerbourse.listing_create", key=_user_key, rate="20/h", method="POST")
def listing_create(request, organisation_pk: int):
    organisation = _member_organisation(request, organisation_pk)
    form = ListingForm(
        request.POST or None,
        organisation=organisation,
        initial={"contact_person": request.user.pk, "language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        submit = "save_draft" not in request.POST
        try:
            listing = listing_services.listing_create(
                organisation=organisation,
                user=request.user,
                submit=submit,
                **form.service_fields(),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _status_message(listing))
            return redirect("partnerbourse:my_listing", pk=listing.pk)
    return render(
        request,
        "partnerbourse/my/listing_form.html",
        {"form": form, "organisation": organisation, "listing": None},
    )


def _status_message(listing) -> str:
    if listing.status == "published":
        return _("The listing is published.")
    if listing.status == "pending":
        return _("The listing was sent to a moderator and will be published once approved.")
    return _("The listing was saved as a draft.")


@login_required
@require_GET
def my_listing(request, pk: int):
    listing = _member_listing(request, pk)
    return render(
        request,
        "partnerbourse/my/listing_manage.html",
        {
            "listing": listing,
            "actions": listing_actions(listing=listing),
            "rejection": latest_rejection(listing=listing),
            "extend_form": ExtendForm(initial={"closing_date": listing.closing_date}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request, pk: int):
    listing = _member_listing(request, pk)
    if listing.status not in listing_services.EDITABLE_STATUSES:
        messages.error(request, _("This listing can no longer be edited."))
        return redirect("partnerbourse:my_listing", pk=listing.pk)
    form = ListingForm(
        request.POST or None,
        organisation=listing.organisation,
        initial=ListingForm.initial_for(listing),
    )
    if request.method == "POST" and form.is_valid():
        try:
            listing = listing_services.listing_update(
                listing=listing, user=request.user, **form.service_fields()
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The listing was saved.") + " " + _status_message(listing))
            return redirect("partnerbourse:my_listing", pk=listing.pk)
    return render(
        request,
        "partnerbourse/my/listing_form.html",
        {"form": form, "organisation": listing.organisation, "listing": listing},
    )


@login_required
@require_POST
def listing_action(request, pk: int, action: str):
    listing = _member_listing(request, pk)
    if action not in LISTING_ACTIONS:
        raise Http404
    service, success = LISTING_ACTIONS[action]
    try:
        listing = service(listing=listing, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _status_message(listing) if action == "submit" else success)
    return redirect("partnerbourse:my_listing", pk=listing.pk)


@login_required
@require_POST
def listing_extend(request, pk: int):
    listing = _member_listing(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            listing = listing_services.listing_extend(
                listing=listing, user=request.user, closing_date=form.cleaned_data["closing_date"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Not about the date: the listing's status refuses it, and the page may no
                # longer show the form to put the error on.
                messages.error(request, " ".join(error.messages))
                return redirect("partnerbourse:my_listing", pk=listing.pk)
            form_errors_add(form, error)
        else:
            messages.success(request, _("The closing date was extended."))
            return redirect("partnerbourse:my_listing", pk=listing.pk)
    return render(
        request,
        "partnerbourse/my/listing_manage.html",
        {
            "listing": listing,
            "actions": listing_actions(listing=listing),
            "rejection": latest_rejection(listing=listing),
            "extend_form": form,
        },
        status=400,
    )
