"""Responding to listings: express interest, the thread between the two parties, reports.

Thin views: the forms validate, the services decide and write. A response is reached only by its
two parties (others get 404, like a missing id); every write is a POST with CSRF; the relay is
rate-limited per user, and a refused or invalid submission re-renders the form with what was
typed, so nothing is lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from django_ratelimit.decorators import ratelimit

from cms.core.form_errors import form_errors_add

from ..forms_responses import DeclineForm, ExpressInterestForm, ReplyForm, ReportForm
from ..models import Organisation, ResponseStatus
from ..selectors.listings import listing_public
from ..selectors.responses import (
    response_actions,
    response_exists,
    response_for_party,
    responses_received,
    responses_sent,
    revealed_contact,
)
from ..services import reports as report_services
from ..services import responses as response_services

RESPOND_RATE = "5/h"
REPLY_RATE = "30/h"
REPORT_RATE = "10/h"


def _responding_organisations(user):
    return Organisation.objects.filter(memberships__user=user).order_by("name", "pk")


def _public_listing(pk: int):
    listing = listing_public(pk=pk)
    if listing is None:
        raise Http404
    return listing


def _limited_message() -> str:
    return _(
        "You have sent many messages in the last hour. To protect members from unwanted mail, "
        "please wait a while and send it again; your text is kept below."
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(group="partnerbourse.respond", key="user", rate=RESPOND_RATE, method="POST", block=False)
def express_interest(request, pk: int):
    listing = _public_listing(pk)
    existing = response_exists(user=request.user, listing=listing)
    if existing is not None:
        messages.info(request, _("You have already responded to this listing."))
        return redirect("partnerbourse:response_detail", pk=existing.pk)
    organisations = list(_responding_organisations(request.user))
    if any(org.pk == listing.organisation_id for org in organisations):
        raise Http404
    refusal = response_services.response_refusal(listing=listing)
    if refusal:
        # A closed listing offers no form, and a POST from a page opened before it closed is
        # refused here as in the service.
        return render(
            request,
            "partnerbourse/responses/express_interest.html",
            {"listing": listing, "refusal": refusal},
            status=400 if request.method == "POST" else 200,
        )
    form = ExpressInterestForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, _limited_message())
            status = 429
        elif form.is_valid():
            if form.is_spam:
                messages.success(request, _("Thank you. Your message was passed on."))
                return redirect(listing.get_absolute_url())
            try:
                response = response_services.response_create(
                    listing=listing,
                    user=request.user,
                    message=form.cleaned_data["message"],
                    organisation_id=form.cleaned_data.get("organisation"),
                )
            except ValidationError as error:
                form_errors_add(form, error)
                status = 400
            except PermissionDenied:
                form.add_error("organisation", _("Choose one of your organisations."))
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your message was passed on to the listing's contacts. "
                        "Replies appear here and you get an e-mail."
                    ),
                )
                return redirect("partnerbourse:response_detail", pk=response.pk)
        else:
            status = 400
    return render(
        request,
        "partnerbourse/responses/express_interest.html",
        {"listing": listing, "form": form, "without_organisation": not organisations},
        status=status,
    )


@login_required
@require_GET
def responses_dashboard(request):
    listing_id = request.GET.get("listing")
    listing_id = int(listing_id) if listing_id and listing_id.isdigit() else None
    return render(
        request,
        "partnerbourse/responses/dashboard.html",
        {
            "received": list(responses_received(user=request.user, listing_id=listing_id)),
            "sent": list(responses_sent(user=request.user)),
            "listing_id": listing_id,
        },
    )


def _party_response(request, pk: int):
    response = response_for_party(user=request.user, pk=pk)
    if response is None:
        raise Http404
    return response


def _detail(request, response, *, reply_form=None, decline_form=None, status=200):
    side = response_services.response_side(response=response, user=request.user)
    response_services.response_messages_mark_read(response=response, user=request.user)
    return render(
        request,
        "partnerbourse/responses/detail.html",
        {
            "response": response,
            "listing": response.listing,
            "side": side,
            "is_poster": side == response_services.POSTER,
            "actions": response_actions(response=response, side=side),
            "thread": list(response.messages.all()),
            "contact": revealed_contact(response=response)
            if side == response_services.RESPONDER
            else None,
            "reply_form": reply_form or ReplyForm(),
            "decline_form": decline_form or DeclineForm(),
            "statuses": ResponseStatus,
        },
        status=status,
    )


@login_required
@require_GET
def response_detail(request, pk: int):
    return _detail(request, _party_response(request, pk))


@login_required
@require_POST
@ratelimit(group="partnerbourse.reply", key="user", rate=REPLY_RATE, method="POST", block=False)
def response_reply(request, pk: int):
    response = _party_response(request, pk)
    form = ReplyForm(request.POST)
    if getattr(request, "limited", False):
        form.is_valid()
        form.add_error(None, _limited_message())
        return _detail(request, response, reply_form=form, status=429)
    if not form.is_valid():
        return _detail(request, response, reply_form=form, status=400)
    if not form.is_spam:
        try:
            response_services.response_message_send(
                response=response, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form_errors_add(form, error)
            return _detail(request, response, reply_form=form, status=400)
    messages.success(request, _("Your message was sent."))
    return redirect("partnerbourse:response_detail", pk=response.pk)


@login_required
@require_POST
def response_shortlist(request, pk: int):
    response = _party_response(request, pk)
    try:
        response_services.response_shortlist(response=response, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The response is on your shortlist."))
    return redirect("partnerbourse:response_detail", pk=response.pk)


@login_required
@require_POST
def response_decline(request, pk: int):
    response = _party_response(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _detail(request, response, decline_form=form, status=400)
    try:
        response_services.response_decline(
            response=response, user=request.user, body=form.cleaned_data["body"]
        )
    except ValidationError as error:
        form_errors_add(form, error)
        return _detail(request, response, decline_form=form, status=400)
    messages.success(request, _("The response was declined and the respondent was told."))
    return redirect("partnerbourse:response_detail", pk=response.pk)


@login_required
@require_POST
def response_reveal(request, pk: int):
    response = _party_response(request, pk)
    try:
        response_services.response_contact_reveal(response=response, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("This respondent can now see the listing's contact person and address.")
        )
    return redirect("partnerbourse:response_detail", pk=response.pk)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(group="partnerbourse.report", key="user", rate=REPORT_RATE, method="POST", block=False)
def listing_report(request, pk: int):
    listing = _public_listing(pk)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, _limited_message())
            status = 429
        elif form.is_valid():
            report_services.listing_report_create(
                listing=listing,
                user=request.user,
                reason=form.cleaned_data["reason"],
                message=form.cleaned_data["message"],
            )
            messages.success(request, _("Thank you. A moderator will look at this listing."))
            return redirect(listing.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "partnerbourse/responses/report.html",
        {"listing": listing, "form": form},
        status=status,
    )
