"""How django-axes identifies the account a log-in attempt is aimed at, and the budget of failed
attempts each address gets over all accounts."""

from django.conf import settings
from django.db.models import Sum

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out

USERNAME_KEYS = ("email", "username", "login")


def username_from_request(request, credentials: dict | None) -> str | None:
    """The account an attempt targets, however the login form names the field.

    The site's login (allauth) authenticates with ``email`` (its form field is ``login``); the
    Wagtail admin sends ``username``. Both must count towards the same lockout, so the value is
    normalised the way accounts are stored. The credentials come first: they are what was
    actually checked, whereas the request may carry other fields named ``email``.
    """
    data = getattr(request, "POST", {}) if request is not None else {}
    for source in (credentials or {}, data):
        for key in USERNAME_KEYS:
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None


class AxesHandler(AxesDatabaseHandler):
    """axes' database handler, which locks one account from one address (AXES_LOCKOUT_PARAMETERS),
    plus a lockout of the address itself after AXES_IP_FAILURE_LIMIT failures on any accounts.

    Without it an attacker spreads guesses over many accounts, a few each, and is never stopped.
    axes' own ``"ip_address"`` lockout parameter would do it with the same limit as one account
    (a museum behind one address would be locked out after a handful of typos), and a successful
    log-in would then delete every failure from the address (AXES_RESET_ON_SUCCESS): an attacker
    with an account of their own could wipe the count between guesses. Here the count is read
    from the same records, and a success only forgets the failures on the account that logged in.
    """

    def address_failures(self, request) -> int:
        address = getattr(request, "axes_ip_address", None)
        if address is None:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_is_locked(self, request) -> bool:
        return self.address_failures(request) >= settings.AXES_IP_FAILURE_LIMIT

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or (
            settings.AXES_LOCK_OUT_AT_FAILURE and self.address_is_locked(request)
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The failure that uses up the address's budget is answered with the lockout page at
        # once, as axes does for the one that uses up an account's.
        if (
            request is None
            or getattr(request, "axes_locked_out", False)
            or not settings.AXES_LOCK_OUT_AT_FAILURE
            or self.is_whitelisted(request, credentials)
            or not self.address_is_locked(request)
        ):
            return
        request.axes_locked_out = True
        # The lockout page says that the address is blocked, not only this account.
        request.axes_address_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=username_from_request(request, credentials),
            ip_address=request.axes_ip_address,
        )
