"""Responses to listings ("Express interest") and the messages exchanged about them.

Messages are relayed through the site: neither side sees the other's e-mail address until the
poster reveals contact details to a chosen respondent (``contact_revealed_at``). When an account
is deleted its rows stay for the other party with the user set to ``NULL`` (anonymised).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResponseStatus(models.TextChoices):
    NEW = "new", _("New")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    DECLINED = "declined", _("Declined")


class ListingResponse(models.Model):
    listing = models.ForeignKey(
        "partnerbourse.Listing", on_delete=models.CASCADE, related_name="responses"
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_responses",
    )
    responder_organisation = models.ForeignKey(
        "partnerbourse.Organisation",
        verbose_name=_("respondent's organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses_sent",
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.NEW
    )
    contact_revealed_at = models.DateTimeField(_("contact details shared"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "responder"],
                condition=Q(responder__isnull=False),
                name="partnerbourse_one_response_per_user",
            )
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.listing_id}"


class ResponseMessage(models.Model):
    """A reply in the thread of a response, from the poster's side or the respondent's."""

    response = models.ForeignKey(ListingResponse, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_poster = models.BooleanField(
        default=False, help_text=_("Sent by the listing's organisation rather than the respondent.")
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"Message {self.pk} on response {self.response_id}"
