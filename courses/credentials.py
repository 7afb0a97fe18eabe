"""Open Badges 3.0 credentials for certificates, signed so anyone can check them offline.

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

JCS here is ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)``: the
document holds only strings, booleans, lists and objects with ASCII keys, for which the two agree.
"""

import base64
import copy
import datetime
import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .models import Certificate
from .selectors.certificates import certificate_verification_url, site_root_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
CRYPTOSUITE = "eddsa-jcs-2022"
KEY_FRAGMENT = "key-1"
# Multicodec prefix of an Ed25519 public key in a Multikey.
ED25519_PUB_PREFIX = b"\xed\x01"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


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
    return credential


def jcs(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


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
