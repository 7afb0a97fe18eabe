"""Certificates: the public verification page, and the owner's PDF and Open Badges credential.

Verification is public and rate-limited by client address; an unknown code and a malformed one
get the same 404, so the endpoint tells nothing about which codes exist. The PDF and the
credential carry the learner's name and belong to the learner only: anyone else gets a 404.
Neither is handed out for a revoked certificate: the learner gets a page that says so instead.
The issuer profile (the public key) and the revocation status lists are public machine
endpoints that verifiers fetch.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from django_ratelimit.decorators import ratelimit

from cms.core.client_ip import client_ip_key

from ..selectors.certificates import certificate_for_owner, certificate_verification

# Enough for a person checking a handful of certificates, far too few to enumerate codes
# (which carry 256 random bits anyway).
VERIFY_RATE = "30/m"


@require_GET
@never_cache
@ratelimit(group="courses.certificate_verify", key=client_ip_key, rate=VERIFY_RATE, block=True)
def certificate_verify(request, code: str):
    verification = certificate_verification(code=code)
    if verification is None:
        raise Http404
    response = render(
        request,
        "courses/certificate_verify.html",
        {"certificate": verification.certificate, "status": verification.status},
    )
    # The code is the whole secret of the page: never leak it to other sites.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _owned_or_404(request, code: str):
    certificate = certificate_for_owner(user=request.user, code=code)
    if certificate is None:
        raise Http404
    return certificate


@require_GET
@login_required
@cache_control(private=True, no_store=True)
def certificate_pdf(request, code: str):
    from ..services.certificates import CertificatePdfUnavailable, certificate_pdf_get

    certificate = _owned_or_404(request, code)
    try:
        data, filename = certificate_pdf_get(certificate=certificate)
    except CertificatePdfUnavailable:
        # Refused rather than stamped (see courses.services.certificates): 410, as for the badge.
        return render(
            request,
            "courses/certificate_pdf_unavailable.html",
            {"certificate": certificate},
            status=410,
        )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@login_required
@cache_control(private=True, no_store=True)
def certificate_credential(request, code: str):
    from ..credentials import CredentialSigningUnavailable, credential_for_certificate
    from ..services.certificates import certificate_status_entry_ensure

    certificate = _owned_or_404(request, code)
    if certificate.revoked_at is not None:
        # A new copy would only say "revoked" to whoever checks its status: none is handed out.
        return render(
            request,
            "courses/certificate_credential_unavailable.html",
            {"certificate": certificate, "revoked": True},
            status=410,
        )
    # Certificates issued before status lists get their entry now: copies downloaded earlier
    # have none and stay valid as signed, this one and later ones can be revoked.
    certificate = certificate_status_entry_ensure(certificate=certificate)
    try:
        credential = credential_for_certificate(certificate=certificate)
    except CredentialSigningUnavailable:
        return render(request, "courses/certificate_credential_unavailable.html", status=503)
    response = JsonResponse(credential, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Content-Disposition"] = content_disposition_header(
        True, f"open-badge-{certificate.code[:8]}.json"
    )
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def certificate_issuer(request):
    """The issuer's profile with its public key, which verifiers use to check credentials."""
    from ..credentials import CredentialSigningUnavailable, issuer_document

    try:
        document = issuer_document()
    except CredentialSigningUnavailable:
        raise Http404 from None
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def certificate_status_list(request, list_id: int):
    """A signed Bitstring Status List: which of the credentials pointing to it are revoked.

    Public, for verifiers; kept by them (and any cache on the way) for the list's ``ttl``.
    """
    from ..credentials import (
        STATUS_LIST_TTL_SECONDS,
        CredentialSigningUnavailable,
        status_list_credential,
    )

    try:
        document = status_list_credential(status_list_id=list_id)
    except CredentialSigningUnavailable:
        raise Http404 from None
    if document is None:
        raise Http404
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=STATUS_LIST_TTL_SECONDS)
    return response


urlpatterns = [
    # Before the code pattern: "issuer" is not a valid code, but keep the order explicit.
    path("issuer/", certificate_issuer, name="certificate_issuer"),
    path("status/<int:list_id>/", certificate_status_list, name="certificate_status_list"),
    path("<str:code>/", certificate_verify, name="certificate_verify"),
    path("<str:code>/pdf/", certificate_pdf, name="certificate_pdf"),
    path("<str:code>/credential/", certificate_credential, name="certificate_credential"),
]
