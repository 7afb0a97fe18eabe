"""Open Badges 3.0 credentials for certificates, signed so anyone can check them offline, and
the status lists that tell verifiers which of them have been revoked since.

Each certificate can be downloaded as an ``OpenBadgeCredential``: JSON-LD in the W3C Verifiable
Credentials Data Model 2.0, secured with a Data Integrity proof of the ``eddsa-jcs-2022``
cryptosuite (JSON Canonicalization Scheme, SHA-256, Ed25519). The issuer's public key is
published as a Multikey in the issuer profile (``courses:certificate_issuer``), which the
proof's ``verificationMethod`` points to.

The private key comes from ``OPEN_BADGES_SIGNING_KEY`` (base64 of the 32-byte Ed25519 seed, or
a PEM private key). Without it no credential is signed: ``CredentialSigningUnavailable``.

Verifying a credential (what ``credential_verify`` does, following the cryptosuite):

1. take ``proof`` out of the credential, and ``proofValue`` out of the proof;
2. ``hash = SHA-256(JCS(proof without proofValue)) + SHA-256(JCS(credential without proof))``;
3. check the Ed25519 signature ``base58btc-decode(proofValue[1:])`` over ``hash`` with the key
   whose multibase is in the issuer profile (drop the ``z`` and the two-byte ``0xed01`` prefix).

JCS is RFC 8785, done by the ``rfc8785`` library: keys sorted by UTF-16 code units, numbers
written as ECMAScript does. Credentials signed before it replaced ``json.dumps(sort_keys=True,
ensure_ascii=False)`` hold only strings and ASCII keys, for which both give the same bytes, so
their signatures still verify.

Revocation travels with the credential as a W3C Bitstring Status List v1.0 entry
(``credentialStatus``): the certificate's bit in a ``BitstringStatusListCredential`` published
at ``courses:certificate_status_list``, signed by the same issuer with the same cryptosuite. A
verifier fetches that list, checks its proof, un-gzips ``encodedList`` and reads the bit at
``statusListIndex`` (index 0 is the most significant bit of the first byte): 1 means revoked,
by an editor or because the holder deleted their account.
"""

import base64
import contextlib
import copy
import datetime
import gzip
import hashlib
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .models import Certificate, CredentialStatusList
from .selectors.certificates import certificate_verification_url, site_root_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
CRYPTOSUITE = "eddsa-jcs-2022"
KEY_FRAGMENT = "key-1"
# Multicodec prefix of an Ed25519 public key in a Multikey.
ED25519_PUB_PREFIX = b"\xed\x01"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
STATUS_PURPOSE = "revocation"
# How long verifiers may keep a status list: its ``ttl`` and the HTTP Cache-Control say the same,
# so a revocation reaches every verifier within five minutes.
STATUS_LIST_TTL_SECONDS = 300
# The signed list is cached per revision; a revision that is no longer current just ages out.
STATUS_LIST_CACHE_SECONDS = 24 * 3600


class CredentialSigningUnavailable(RuntimeError):
    """No usable ``OPEN_BADGES_SIGNING_KEY``: the site refuses to issue credentials."""


class CredentialInvalid(ValueError):
    """A credential whose proof is missing, malformed or does not match its content."""


# -- Keys -----------------------------------------------------------------------------------------


def signing_key() -> Ed25519PrivateKey:
    value = (getattr(settings, "OPEN_BADGES_SIGNING_KEY", "") or "").strip()
    if not value:
        raise CredentialSigningUnavailable(
            "OPEN_BADGES_SIGNING_KEY is not set: credentials cannot be signed. Generate a key "
            "with `openssl genpkey -algorithm ed25519` and put the PEM (or the base64 of the "
            "32-byte seed) in the environment."
        )
    return _load_key(value)


@lru_cache(maxsize=4)
def _load_key(value: str) -> Ed25519PrivateKey:
    try:
        if value.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(value.encode(), password=None)
        else:
            raw = base64.b64decode(value + "=" * (-len(value) % 4), altchars=b"-_")
            if len(raw) == 32:
                key = Ed25519PrivateKey.from_private_bytes(raw)
            else:
                key = serialization.load_der_private_key(raw, password=None)
    except ValueError as error:
        raise CredentialSigningUnavailable(
            f"OPEN_BADGES_SIGNING_KEY is unreadable: {error}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CredentialSigningUnavailable("OPEN_BADGES_SIGNING_KEY must be an Ed25519 key.")
    return key


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58_encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise CredentialInvalid("Only base58btc multibase keys are supported.")
    data = base58_decode(value[1:])
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise CredentialInvalid("Not an Ed25519 Multikey.")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58_decode(text: str) -> bytes:
    number = 0
    for character in text:
        index = BASE58_ALPHABET.find(character)
        if index < 0:
            raise CredentialInvalid("Not base58btc.")
        number = number * 58 + index
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body


# -- Issuer ---------------------------------------------------------------------------------------


def issuer_url() -> str:
    # One address whatever the visitor's language: the key is part of every signed credential.
    with translation.override(settings.LANGUAGE_CODE):
        return site_root_url() + reverse("courses:certificate_issuer")


def issuer_document() -> dict:
    """The issuer's Open Badges Profile, doubling as the controller document of its key."""
    url = issuer_url()
    key_id = f"{url}#{KEY_FRAGMENT}"
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT, MULTIKEY_CONTEXT],
        "id": url,
        "type": ["Profile"],
        "name": "Heritage Hub",
        "url": site_root_url() + "/",
        "verificationMethod": [
            {
                "id": key_id,
                "type": "Multikey",
                "controller": url,
                "publicKeyMultibase": public_key_multibase(signing_key().public_key()),
            }
        ],
        "assertionMethod": [key_id],
    }


# -- Credentials ----------------------------------------------------------------------------------


def _timestamp(moment) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hours(certificate: Certificate) -> str:
    return format(certificate.cpd_hours.normalize(), "f")


def credential_unsigned(*, certificate: Certificate) -> dict:
    """The certificate as an Open Badges 3.0 ``OpenBadgeCredential``, before signing."""
    verification_url = certificate_verification_url(certificate=certificate)
    course = certificate.course
    achievement_id = (
        course.get_full_url() if course is not None and course.live else None
    ) or f"{verification_url}#achievement"
    identifiers = []
    if certificate.learner_name:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.learner_name,
            }
        )
    if certificate.user is not None and certificate.user.email:
        # Hashed with a salt, as the specification recommends: whoever receives the badge can
        # check it belongs to an address they know, without the badge revealing the address.
        salt = salted_hmac("courses.openbadges-salt", certificate.code).hexdigest()[:16]
        digest = hashlib.sha256((certificate.user.email.lower() + salt).encode()).hexdigest()
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": f"sha256${digest}",
                "salt": salt,
            }
        )
    hours = _hours(certificate)
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": verification_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.course_title,
        "issuer": {
            "id": issuer_url(),
            "type": ["Profile"],
            "name": certificate.issuer_name or "Heritage Hub",
            "url": site_root_url() + "/",
        },
        "validFrom": _timestamp(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course_title,
                "description": (
                    f"Completion of the course “{certificate.course_title}” "
                    f"({hours} CPD hours) on Heritage Hub."
                ),
                "criteria": {
                    "narrative": (
                        "Watched the required modules' recordings and passed their quizzes."
                    )
                },
            },
        },
    }
    if certificate.expires_at:
        credential["validUntil"] = _timestamp(certificate.expires_at)
    status = credential_status_entry(certificate=certificate)
    if status is not None:
        credential["credentialStatus"] = status
    return credential


def jcs(value) -> bytes:
    """RFC 8785 canonical JSON; ``CredentialInvalid`` for what JSON cannot carry (NaN, huge
    integers, lone surrogates)."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as error:
        raise CredentialInvalid(f"The document cannot be canonicalised: {error}") from None


def _hash_data(document: dict, proof_options: dict) -> bytes:
    return hashlib.sha256(jcs(proof_options)).digest() + hashlib.sha256(jcs(document)).digest()


def credential_sign(document: dict, *, key: Ed25519PrivateKey, created) -> dict:
    """Adds an ``eddsa-jcs-2022`` Data Integrity proof to ``document`` (a copy is returned)."""
    unsecured = copy.deepcopy(document)
    unsecured.pop("proof", None)
    proof = {
        "@context": unsecured["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _timestamp(created),
        "verificationMethod": f"{issuer_url()}#{KEY_FRAGMENT}",
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsecured, proof))
    secured = copy.deepcopy(unsecured)
    secured["proof"] = {**proof, "proofValue": "z" + base58_encode(signature)}
    return secured


def credential_verify(credential: dict, *, public_key: Ed25519PublicKey) -> None:
    """Raises ``CredentialInvalid`` unless the proof is a valid signature of the content."""
    if not isinstance(credential, dict) or not isinstance(credential.get("proof"), dict):
        raise CredentialInvalid("The credential has no proof.")
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    proof = dict(credential["proof"])
    proof_value = proof.pop("proofValue", "")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise CredentialInvalid("Unsupported proof.")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise CredentialInvalid("The proof value is not base58btc.")
    if "@context" in proof and proof["@context"] != unsecured.get("@context"):
        raise CredentialInvalid("The proof's context differs from the credential's.")
    try:
        public_key.verify(base58_decode(proof_value[1:]), _hash_data(unsecured, proof))
    except InvalidSignature:
        raise CredentialInvalid("The signature does not match the credential.") from None


def credential_for_certificate(*, certificate: Certificate) -> dict:
    """The signed credential. Signing is deterministic (Ed25519, ``created`` is the issue
    time), so downloading it twice gives the same document."""
    key = signing_key()
    return credential_sign(
        credential_unsigned(certificate=certificate), key=key, created=certificate.issued_at
    )


# -- Status lists ---------------------------------------------------------------------------------


def status_list_url(*, status_list_id: int) -> str:
    # One address whatever the visitor's language, like the issuer's: it is in signed credentials.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("courses:certificate_status_list", kwargs={"list_id": status_list_id})
    return site_root_url() + path


def credential_status_entry(*, certificate: Certificate) -> dict | None:
    """The certificate's ``BitstringStatusListEntry``; None for one that has no entry yet."""
    if certificate.status_list_id is None:
        return None
    url = status_list_url(status_list_id=certificate.status_list_id)
    index = str(certificate.status_list_index)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": index,
        "statusListCredential": url,
    }


def bitstring_encode(*, length: int, indexes) -> str:
    """``encodedList``: the bits at ``indexes`` set, index 0 the first byte's most significant
    bit, GZIP-compressed, as multibase base64url without padding (prefix ``u``)."""
    bits = bytearray((length + 7) // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same bits always compress to the same bytes, so re-signing is deterministic.
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def status_list_credential_unsigned(*, status_list: CredentialStatusList) -> dict:
    """The ``BitstringStatusListCredential``, with the bits of revoked certificates set, and of
    those whose holder deleted their account: the credential names a person the issuer no longer
    knows, so it must not check out as valid (see ``certificates_erase_learner``)."""
    url = status_list_url(status_list_id=status_list.pk)
    revoked = Certificate.objects.filter(
        Q(revoked_at__isnull=False) | Q(user__isnull=True), status_list=status_list
    ).values_list("status_list_index", flat=True)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        # The badges' issuer by its id: the Profile type would need the Open Badges context.
        "issuer": issuer_url(),
        "validFrom": _timestamp(status_list.changed_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": bitstring_encode(length=status_list.length, indexes=revoked),
            "ttl": STATUS_LIST_TTL_SECONDS * 1000,
        },
    }


def _status_list_cache_key(status_list: CredentialStatusList, key: Ed25519PrivateKey) -> str:
    # Everything the signed bytes depend on, so that a new key or address is never served an
    # old document, and a per-process cache never serves another process's stale revision.
    parts = (
        status_list_url(status_list_id=status_list.pk),
        status_list.revision,
        status_list.changed_at.isoformat(),
        public_key_multibase(key.public_key()),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"courses:status-list:{digest}"


def status_list_credential(*, status_list_id: int) -> dict | None:
    """The signed status list credential, from the cache when its revision is there; None for
    an unknown list. Signed as of the list's last change, so every server produces the same
    document for a revision."""
    status_list = CredentialStatusList.objects.filter(pk=status_list_id).first()
    if status_list is None:
        return None
    key = signing_key()
    cache_key = _status_list_cache_key(status_list, key)
    document = cache.get(cache_key)
    if document is None:
        document = credential_sign(
            status_list_credential_unsigned(status_list=status_list),
            key=key,
            created=status_list.changed_at,
        )
        cache.set(cache_key, document, STATUS_LIST_CACHE_SECONDS)
    return document


def status_list_credential_refresh(*, status_list_id: int) -> None:
    """Signs and caches the list's current revision (after a revocation or reinstatement), so
    that the next verifier does not wait for it. Without a signing key there is nothing to do."""
    with contextlib.suppress(CredentialSigningUnavailable):
        status_list_credential(status_list_id=status_list_id)
