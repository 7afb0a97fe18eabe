import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from django_ratelimit.decorators import ratelimit

from .forms import PasswordConfirmForm, ProfileForm
from .selectors import (
    reauthentication_max_age,
    user_deletion_blockers,
    user_password_entered_recently,
    user_personal_data,
)
from .services import (
    AccountDeletionBlocked,
    NoConfirmationPending,
    confirmation_email_resend,
    user_delete_account,
    user_reauthenticate,
    user_update_profile,
)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, initial={"display_name": request.user.display_name})
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your profile has been saved."))
        return redirect("users:profile")
    return render(request, "users/profile.html", {"form": form})


@require_POST
def resend_confirmation(request):
    """The "send the e-mail again" button of the page that asks to confirm an address.

    allauth's rate limit for confirmation e-mails holds back mails sent too often; the mail it
    does send comes with allauth's own "sent to ..." message.
    """
    try:
        sent = confirmation_email_resend(request=request)
    except NoConfirmationPending:
        if request.user.is_authenticated:
            return redirect("account_email")
        messages.info(
            request,
            _("Log in with your e-mail address and password to have the e-mail sent again."),
        )
        return redirect("account_login")
    if not sent:
        messages.warning(
            request,
            _(
                "The e-mail was not sent again, because it was sent several times in the last "
                "few minutes. Please wait a few minutes, then try again."
            ),
        )
    return redirect("account_email_verification_sent")


@login_required
def privacy(request):
    blockers = user_deletion_blockers(user=request.user)
    return _privacy_page(request, form=PasswordConfirmForm(), blockers=blockers, status=200)


def _personal_data_download(request) -> HttpResponse:
    data = user_personal_data(user=request.user)
    filename = f"heritage-hub-my-data-{timezone.now():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
# Every POST is a password guess. django-axes counts the wrong ones towards the log-in lockout;
# this limit, above AXES_FAILURE_LIMIT so that the lockout answers first, also caps the guesses
# a stolen session can make from many addresses.
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def export_data(request):
    """The data download, once the password has been typed in the last few minutes: a session
    left open on a shared computer must not hand everything over with one click."""
    if request.method == "GET" and user_password_entered_recently(request=request):
        return _personal_data_download(request)
    has_password = request.user.has_usable_password()
    form = PasswordConfirmForm(request.POST or None)
    if request.method == "POST" and has_password and form.is_valid():
        if user_reauthenticate(request=request, password=form.cleaned_data["password"]):
            return _personal_data_download(request)
        form.add_error("password", _("That is not your password."))
    return render(
        request,
        "users/export_confirm.html",
        {
            "form": form,
            "has_password": has_password,
            "minutes": int(reauthentication_max_age().total_seconds() // 60),
        },
        status=400 if has_password and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
# A stolen session must not become a way to guess the password.
@ratelimit(key="user", rate="5/h", method="POST", block=True)
def delete_account(request):
    # Checked before the password, so that the page says what to settle without a guess.
    blockers = user_deletion_blockers(user=request.user)
    form = PasswordConfirmForm(request.POST or None)
    if request.method == "POST" and not blockers and form.is_valid():
        # Through the log-in's backends, so that a wrong password counts towards the lockout.
        if not user_reauthenticate(request=request, password=form.cleaned_data["password"]):
            form.add_error("password", _("That is not your password."))
            return _privacy_page(request, form=form, blockers=blockers, status=400)
        try:
            user_delete_account(user=request.user)
        except AccountDeletionBlocked as blocked:
            # Something to settle that appeared since the check above (the other admin left),
            # found by the service under its locks.
            blockers = blocked.blockers
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("/")
    # Still blocked is a conflict with the account's state, not a mistake in the form.
    status = 409 if request.method == "POST" and blockers else 400 if form.errors else 200
    return _privacy_page(request, form=form, blockers=blockers, status=status)


def _privacy_page(request, *, form, blockers, status: int) -> HttpResponse:
    return render(
        request,
        "users/privacy.html",
        {"delete_form": form, "deletion_blockers": blockers},
        status=status,
    )
