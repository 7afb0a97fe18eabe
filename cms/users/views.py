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

from .forms import DeleteAccountForm, ProfileForm
from .selectors import user_personal_data
from .services import (
    NoConfirmationPending,
    confirmation_email_resend,
    user_delete_account,
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
    return render(
        request, "users/privacy.html", {"delete_form": DeleteAccountForm(user=request.user)}
    )


@login_required
def export_data(request):
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
# A stolen session must not become a way to guess the password.
@ratelimit(key="user", rate="5/h", method="POST", block=True)
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(
        request, "users/privacy.html", {"delete_form": form}, status=400 if form.errors else 200
    )
