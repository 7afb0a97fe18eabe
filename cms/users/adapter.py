"""allauth's adapter for this site (ACCOUNT_ADAPTER): account e-mails go through the task queue,
their links are on the public address (SITE_URL), and the client address is the one every lockout
and rate limit uses."""

from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from cms.core.absolute_urls import absolute_url
from cms.core.client_ip import client_ip

from .services import account_mail_queue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the mail here, in the visitor's language and with the request's links, and
        leave the sending to a task (``cms.users.tasks``): a mail server that is slow or down
        must not hold up or break sign-up, and the mail costs the request the same whether it
        goes to a new address or to an account's owner."""
        request = allauth_context.request
        mail_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request) if request is not None else None,
            **context,
        }
        account_mail_queue(message=self.render_mail(template_prefix, email, mail_context))

    # allauth builds its links from the request's host, which is only the name that reached this
    # server (a proxy's, 127.0.0.1): a mail links on the public address, as every other mail.
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return absolute_url(super().get_reset_password_from_key_url(key))

    def get_client_ip(self, request) -> str:
        # allauth's own reading ignores PROXY_COUNT; its rate limits would count every visitor
        # as the proxy.
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address
