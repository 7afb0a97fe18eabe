"""Issuing, revoking and reinstating certificates, and keeping their PDF.

A certificate is a snapshot: names, hours and issuer are copied when it is issued, and its PDF
is rendered once (by ``courses.tasks.certificate_pdf_render_task`` right after issue, or on the
first download if the worker has not got to it) and then served as stored. Editing the course
or the template later changes new certificates only.

The stored PDF lives in the default storage under a name derived from the code with the
project's secret (``certificates/<HMAC>.pdf``): the file is never linked, only streamed by the
owner-only view, and its name cannot be worked out from the public verification code.

A revoked certificate's PDF is refused, not stamped: the download answers with a page that
links to the verification page, and the stored copy is deleted. A stamped copy would still be a
certificate-shaped document that can be printed, cropped or shown without its stamp; a refusal
cannot be mistaken for proof, and the verification page stays the one place that says what
the certificate is worth. Reinstating renders the PDF again.

Each certificate also gets an entry in a status list (``CredentialStatusList``): a random,
unique index whose bit the published list sets while the certificate is revoked or its holder
has deleted their account. Revoking, reinstating and erasing a holder move the list to a new
revision and sign it again once the change is committed, so that copies of the Open Badges
credential downloaded earlier learn of the change too.
"""

import secrets
from functools import partial

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from ..models import Certificate, CoursePage, CredentialStatusList
from ..selectors.certificates import certificate_pdf_filename
from ..selectors.common import canonical_page
from .certificate_pdfs import certificate_pdf_storage_name, certificate_pdf_store

# 32 random bytes: 256 bits, URL-safe base64 without padding (43 characters).
CODE_BYTES = 32
# A list takes new entries until half its indexes are taken, so a random draw finds a free index
# at least every other time; STATUS_INDEX_DRAWS misses in a row would be a bug, not bad luck.
STATUS_LIST_FILL = 0.5
STATUS_INDEX_DRAWS = 64


class CertificateStateError(ValueError):
    """Revoking a revoked certificate, or reinstating a valid one."""


class CertificatePdfUnavailable(CertificateStateError):
    """The certificate is revoked: no PDF of it is handed out, stored or not."""


def certificate_code_generate() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def _certificate_language(language: str | None) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    for candidate in (language, get_language()):
        if candidate in codes:
            return candidate
        if candidate and candidate.split("-")[0] in codes:
            return candidate.split("-")[0]
    return settings.LANGUAGE_CODE


def certificate_issue(*, user, course: CoursePage, language: str | None = None) -> Certificate:
    """The learner's certificate for the course, issued now if it does not exist yet.

    Safe under concurrency: the database allows one certificate per learner and course, and a
    caller that loses the race gets the certificate the winner issued. The PDF is rendered in
    the background once the certificate is committed.
    """
    course = canonical_page(course)
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing

    template = course.certificate_template
    issuer = template.issuer_name if template else ""
    issued_at = timezone.now()
    expires_at = None
    if template and template.validity_months:
        expires_at = _add_months(issued_at, template.validity_months)
    try:
        with transaction.atomic():
            status_list, status_index = _status_entry_allocate()
            certificate = Certificate.objects.create(
                code=certificate_code_generate(),
                user=user,
                course=course,
                learner_name=user.get_full_name(),
                course_title=course.title,
                cpd_hours=course.cpd_hours,
                issuer_name=issuer,
                language=_certificate_language(language),
                issued_at=issued_at,
                expires_at=expires_at,
                status_list=status_list,
                status_list_index=status_index,
            )
    except IntegrityError:
        return Certificate.objects.get(user=user, course=course)
    transaction.on_commit(lambda: _enqueue_pdf_render(certificate.pk))
    return certificate


def _enqueue_pdf_render(certificate_id: int) -> None:
    from ..tasks import certificate_pdf_render_task

    certificate_pdf_render_task.enqueue(certificate_id=certificate_id)


def _add_months(moment, months: int):
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    # Clamp to the month's last day (31 January + 1 month is 28 or 29 February).
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# -- Status list entries --------------------------------------------------------------------------


def _status_list_open() -> CredentialStatusList:
    """The list that takes new entries, locked until the transaction ends; a new one once the
    last is full. Lists are numbered 1, 2, 3...: two transactions opening the same number
    collide on its primary key, and the loser takes the winner's list."""
    for _attempt in range(5):
        current = CredentialStatusList.objects.select_for_update().order_by("-pk").first()
        if current is not None and current.allocated < current.length * STATUS_LIST_FILL:
            return current
        try:
            with transaction.atomic():
                CredentialStatusList.objects.create(pk=current.pk + 1 if current else 1)
        except IntegrityError:
            continue
    raise RuntimeError("Could not open a credential status list.")


def _status_entry_allocate() -> tuple[CredentialStatusList, int]:
    """A free index in the open list, drawn at random as the Bitstring Status List specification
    asks, so that it reveals neither when the certificate was issued nor how many there are.
    Call inside a transaction: the list stays locked until it ends, so no one draws the same."""
    status_list = _status_list_open()
    for _draw in range(STATUS_INDEX_DRAWS):
        index = secrets.randbelow(status_list.length)
        taken = Certificate.objects.filter(status_list=status_list, status_list_index=index)
        if not taken.exists():
            break
    else:
        raise RuntimeError(f"No free index found in status list {status_list.pk}.")
    CredentialStatusList.objects.filter(pk=status_list.pk).update(allocated=F("allocated") + 1)
    return status_list, index


def certificate_status_entry_ensure(*, certificate: Certificate) -> Certificate:
    """Gives a certificate issued before status lists existed its entry, so that the credential
    downloaded from now on can be revoked; does nothing for one that has it."""
    if certificate.status_list_id is not None:
        return certificate
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status_list_id is None:
            status_list, index = _status_entry_allocate()
            Certificate.objects.filter(pk=certificate.pk).update(
                status_list=status_list, status_list_index=index
            )
    certificate.refresh_from_db(fields=["status_list", "status_list_index"])
    return certificate


def _status_list_changed(certificate: Certificate) -> None:
    """A new revision of the certificate's list, signed again once the change is committed."""
    _status_lists_changed({certificate.status_list_id})


def _status_lists_changed(status_list_ids) -> None:
    """New revisions of these lists, signed again once the change is committed. None stands for
    a certificate without an entry, whose credentials never pointed to a list: nothing to do."""
    # In a fixed order, so that two transactions never lock the same lists in opposite orders.
    for status_list_id in sorted(pk for pk in status_list_ids if pk is not None):
        CredentialStatusList.objects.filter(pk=status_list_id).update(
            revision=F("revision") + 1, changed_at=timezone.now()
        )
        transaction.on_commit(partial(_status_list_publish, status_list_id))


def _status_list_publish(status_list_id: int) -> None:
    from ..credentials import status_list_credential_refresh

    status_list_credential_refresh(status_list_id=status_list_id)


# -- Revocation -----------------------------------------------------------------------------------


def certificate_revoke(*, certificate: Certificate, reason: str, user=None) -> Certificate:
    """Revokes the certificate; the verification page shows it as revoked, with the reason, and
    its bit is set in the published status list, which credentials already downloaded point to.

    ``user`` is the editor doing it, recorded in Wagtail's audit log.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificateStateError("A reason is required to revoke a certificate.")
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revocation_reason=reason
        )
        if not updated:
            raise CertificateStateError("The certificate is already revoked.")
        certificate.refresh_from_db()
        _status_list_changed(certificate)
        # A copy rendered while it was valid must not outlive the revocation in storage.
        certificate_pdf_delete(certificate=certificate)
        _log(certificate, "courses.certificate_revoke", user, {"reason": reason})
    return certificate


def certificate_reinstate(*, certificate: Certificate, user=None) -> Certificate:
    """Undoes a revocation made in error; the certificate is valid again (unless expired), its
    bit in the status list is cleared (unless its holder has deleted their account) and its PDF
    is rendered again in the background."""
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=False).update(
            revoked_at=None, revocation_reason=""
        )
        if not updated:
            raise CertificateStateError("The certificate is not revoked.")
        certificate.refresh_from_db()
        _status_list_changed(certificate)
        _log(certificate, "courses.certificate_reinstate", user, {})
        transaction.on_commit(partial(_enqueue_pdf_render, certificate.pk))
    return certificate


def _log(certificate: Certificate, action: str, user, data: dict) -> None:
    from wagtail.log_actions import log

    log(instance=certificate, action=action, user=user, data=data)


# -- The stored PDF -------------------------------------------------------------------------------


def certificate_pdf_get(*, certificate: Certificate) -> tuple[bytes, str]:
    """The PDF and a file name for it: the stored copy, or rendered (and stored) now.

    Raises ``CertificatePdfUnavailable`` for a revoked certificate. The state is checked before
    storage is read, so a copy stored before the revocation (or by a render that finished after
    it) is never handed out either: the PDF itself cannot say it was revoked.
    """
    if certificate.revoked_at is not None:
        raise CertificatePdfUnavailable("The certificate is revoked.")
    name = certificate_pdf_storage_name(certificate=certificate)
    try:
        with default_storage.open(name, "rb") as file:
            data = file.read()
    except (FileNotFoundError, OSError):
        data = certificate_pdf_store(certificate=certificate)
        if data is None:
            raise CertificatePdfUnavailable("The certificate is revoked.") from None
    return data, certificate_pdf_filename(certificate=certificate)


def certificate_pdf_delete(*, certificate: Certificate) -> None:
    """Removes the stored PDF once the surrounding transaction commits (files do not roll back)."""
    name = certificate_pdf_storage_name(certificate=certificate)
    transaction.on_commit(lambda: default_storage.delete(name))


# -- Account deletion -----------------------------------------------------------------------------


def learner_course_data_erase(*, user) -> None:
    """Erases a learner's course records for account deletion (in its transaction).

    Enrolments, progress and quiz attempts (with their answers) are deleted; the account row
    itself stays, anonymised, so nothing would cascade. Certificates stay verifiable without
    the learner's name (``certificates_erase_learner``): whoever was shown one can still check
    that it was issued, but no longer to whom.
    """
    from ..models import Enrolment, ModuleProgress, QuizAttempt

    QuizAttempt.objects.filter(user=user).delete()
    ModuleProgress.objects.filter(user=user).delete()
    Enrolment.objects.filter(user=user).delete()
    certificates_erase_learner(user=user)


def certificates_erase_learner(*, user) -> int:
    """Keeps the learner's certificates verifiable without their name: the name is erased, the
    link to the account is cut and the PDF (which prints the name) is deleted. Returns how many
    certificates were affected.

    Without an account the certificate is nobody's any more: the verification page says it was
    issued but can no longer be tied to a person, and the status list sets its bit, so an Open
    Badges credential downloaded earlier (which still names the holder, signed) no longer checks
    out as valid: the issuer can no longer vouch for the person it names. Account deletion
    cannot be undone, so this is a revocation, never a suspension.
    """
    certificates = list(Certificate.objects.filter(user=user))
    for certificate in certificates:
        certificate_pdf_delete(certificate=certificate)
    erased = Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(
        learner_name="", user=None
    )
    _status_lists_changed({certificate.status_list_id for certificate in certificates})
    return erased
