"""Responses to listings ("Express interest") and the thread that follows, relayed by the site.

Neither side ever sees the other's e-mail address: notifications come from the site's
``DEFAULT_FROM_EMAIL`` with no Reply-To, name no address, and link to the conversation on the
site. Only when the poster reveals contact details to one chosen respondent does that respondent
see the listing's contact person (name and e-mail address) on the response page.

Who may do what is checked here (``PermissionDenied``), not only in the views: the poster's side
is any member of the listing's organisation, the respondent's side is the user who responded.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import (
    Listing,
    ListingResponse,
    ListingStatus,
    OrganisationMembership,
    ResponseMessage,
    ResponseStatus,
)
from ..rules import response_allowed_actions
from ..selectors.organisations import organisation_admin_emails

POSTER = "poster"
RESPONDER = "responder"


def response_side(*, response: ListingResponse, user) -> str | None:
    """``"poster"``, ``"responder"`` or None: which party ``user`` is in ``response``."""
    if not (user and user.is_authenticated):
        return None
    if OrganisationMembership.objects.filter(
        user=user, organisation_id=response.listing.organisation_id
    ).exists():
        return POSTER
    if response.responder_id == user.pk:
        return RESPONDER
    return None


def _require_side(response: ListingResponse, user, side: str) -> None:
    if response_side(response=response, user=user) != side:
        raise PermissionDenied


def _require_allowed(response: ListingResponse, side: str, action: str) -> None:
    """Refuse ``action`` where the response's state does not allow it (``rules``, which the
    response page reads too): a stale page or a hand-made POST gets a message."""
    allowed = response_allowed_actions(
        side=side,
        status=response.status,
        has_respondent=response.responder_id is not None,
        contact_revealed=response.contact_revealed_at is not None,
    )
    if action not in allowed:
        if response.status == ResponseStatus.DECLINED:
            raise ValidationError(_("This response was declined; the conversation is closed."))
        raise ValidationError(_("This cannot be done with this response any more."))


def _enqueue_mail(*, response_id: int, event: str, message_id: int | None = None) -> None:
    from ..tasks import response_mail_send_task

    transaction.on_commit(
        lambda: response_mail_send_task.enqueue(
            response_id=response_id, event=event, message_id=message_id
        )
    )


def response_refusal(*, listing: Listing) -> str:
    """Why ``listing`` takes no responses now, in words, or "" while it is open.

    Past its closing day a listing is closed whether or not the daily job has expired it yet
    (``Listing.is_open``), so a page opened before midnight cannot still send a response."""
    if listing.is_open:
        return ""
    if listing.shown_status == ListingStatus.EXPIRED:
        return _("This listing closed on %(date)s and no longer takes responses.") % {
            "date": date_format(listing.closing_date, "DATE_FORMAT")
        }
    return _("This listing no longer takes responses.")


@transaction.atomic
def response_create(*, listing: Listing, user, message: str, organisation_id: int | None = None):
    """Express interest in a published listing; the poster's side is told by e-mail.

    ``organisation_id`` must be one of the user's organisations (or None for a user without an
    organisation on the board, who responds in their own name). Members of the listing's own
    organisation cannot respond to it, and each user responds once per listing.
    """
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    refusal = response_refusal(listing=listing)
    if refusal:
        raise ValidationError(refusal)
    memberships = OrganisationMembership.objects.filter(user=user)
    if memberships.filter(organisation_id=listing.organisation_id).exists():
        raise ValidationError(_("You cannot respond to a listing of your own organisation."))
    if (
        organisation_id is not None
        and not memberships.filter(organisation_id=organisation_id).exists()
    ):
        raise PermissionDenied
    if organisation_id is None and memberships.exists():
        raise ValidationError(_("Choose the organisation you respond for."))
    text = message.strip()
    if not text:
        raise ValidationError(_("Write a message."))
    if ListingResponse.objects.filter(listing=listing, responder=user).exists():
        raise ValidationError(_("You have already responded to this listing."))
    try:
        with transaction.atomic():
            response = ListingResponse.objects.create(
                listing=listing,
                responder=user,
                responder_organisation_id=organisation_id,
                message=text,
            )
    except IntegrityError as error:  # a double submit that raced past the check above
        raise ValidationError(_("You have already responded to this listing.")) from error
    _enqueue_mail(response_id=response.pk, event="new_response")
    return response


def _locked(response: ListingResponse) -> ListingResponse:
    return ListingResponse.objects.select_for_update().select_related("listing").get(pk=response.pk)


@transaction.atomic
def response_message_send(*, response: ListingResponse, user, body: str) -> ResponseMessage:
    """A reply in the thread, from either party; the other party is told by e-mail."""
    response = _locked(response)
    side = response_side(response=response, user=user)
    if side is None:
        raise PermissionDenied
    _require_allowed(response, side, "reply")
    text = body.strip()
    if not text:
        raise ValidationError(_("Write a message."))
    message = ResponseMessage.objects.create(
        response=response, sender=user, from_poster=side == POSTER, body=text
    )
    _enqueue_mail(response_id=response.pk, event="message", message_id=message.pk)
    return message


@transaction.atomic
def response_shortlist(*, response: ListingResponse, user) -> ListingResponse:
    response = _locked(response)
    _require_side(response, user, POSTER)
    _require_allowed(response, POSTER, "shortlist")
    response.status = ResponseStatus.SHORTLISTED
    response.save(update_fields=["status", "updated_at"])
    return response


@transaction.atomic
def response_decline(*, response: ListingResponse, user, body: str) -> ListingResponse:
    """Decline with a message (a polite default the poster may edit); the respondent is told."""
    response = _locked(response)
    _require_side(response, user, POSTER)
    _require_allowed(response, POSTER, "decline")
    text = body.strip()
    if not text:
        raise ValidationError(_("Write a message."))
    response.status = ResponseStatus.DECLINED
    response.save(update_fields=["status", "updated_at"])
    message = ResponseMessage.objects.create(
        response=response, sender=user, from_poster=True, body=text
    )
    _enqueue_mail(response_id=response.pk, event="declined", message_id=message.pk)
    return response


@transaction.atomic
def response_contact_reveal(*, response: ListingResponse, user) -> ListingResponse:
    """Share the listing's contact details with this respondent only (and tell them)."""
    response = _locked(response)
    _require_side(response, user, POSTER)
    if response.responder_id is None:
        raise ValidationError(_("This respondent's account no longer exists."))
    if response.contact_revealed_at is not None:
        raise ValidationError(_("You have already shared your contact details."))
    _require_allowed(response, POSTER, "reveal")
    response.contact_revealed_at = timezone.now()
    response.save(update_fields=["contact_revealed_at", "updated_at"])
    _enqueue_mail(response_id=response.pk, event="revealed")
    return response


@transaction.atomic
def response_messages_mark_read(*, response: ListingResponse, user) -> int:
    """Mark the other party's messages as read when a party opens the thread."""
    side = response_side(response=response, user=user)
    if side is None:
        return 0
    return response.messages.filter(from_poster=side != POSTER, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# E-mail ------------------------------------------------------------------------------------

SUBJECTS = {
    "new_response": lambda: _("New response to your listing"),
    "message": lambda: _("New message about a partner listing"),
    "declined": lambda: _("Reply to your response"),
    "revealed": lambda: _("Contact details shared with you"),
}


def _poster_recipients(listing: Listing) -> list[str]:
    """The listing's contact person and its organisation's admins (active accounts only)."""
    addresses = set(organisation_admin_emails(organisation=listing.organisation))
    if listing.contact_person and listing.contact_person.is_active:
        addresses.add(listing.contact_person.email)
    return sorted(address for address in addresses if not address.endswith(".invalid"))


def _language(code: str) -> str:
    site_languages = {language for language, _name in settings.LANGUAGES}
    return code if code in site_languages else settings.LANGUAGE_CODE


def response_mail_send(*, response_id: int, event: str, message_id: int | None = None) -> int:
    """Tell the other party about ``event``; the mail holds a link, never an address."""
    from .mail import board_mail_send, board_url

    response = (
        ListingResponse.objects.select_related(
            "listing__organisation",
            "listing__contact_person",
            "responder",
            "responder_organisation",
        )
        .filter(pk=response_id)
        .first()
    )
    if response is None or event not in SUBJECTS:
        return 0
    message = None
    if message_id is not None:
        message = ResponseMessage.objects.filter(pk=message_id, response=response).first()
        if message is None:
            return 0
    listing = response.listing
    to_poster = event == "new_response" or (
        event == "message" and message is not None and not message.from_poster
    )
    if to_poster:
        recipients = _poster_recipients(listing)
        language = _language(listing.language)
    else:
        responder = response.responder
        if responder is None or not responder.is_active:
            return 0
        recipients = [responder.email]
        language = _language(listing.language)
    with translation.override(language):
        subject = f"{SUBJECTS[event]()}: {listing.title}"
    return board_mail_send(
        to=recipients,
        subject=subject,
        template=f"partnerbourse/email/response_{event}.txt",
        context={
            "response": response,
            "listing": listing,
            "message": message,
            "to_poster": to_poster,
            "response_url": board_url(
                "response_detail", language=language, kwargs={"pk": response.pk}
            ),
        },
        language=language,
    )
