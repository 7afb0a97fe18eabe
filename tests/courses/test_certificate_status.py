"""Revocation that travels with the credential: a W3C Bitstring Status List, checked here as an
outside verifier would, with none of the site's own verification code.

The verifier below only knows the specifications: it canonicalises with RFC 8785 (the
``rfc8785`` library), checks the ``eddsa-jcs-2022`` proof with ``cryptography`` against the key
the issuer publishes, then fetches ``credentialStatus.statusListCredential``, checks that
credential's proof the same way, un-gzips the bitstring and reads the credential's bit.
"""

import base64
import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

import pytest
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

import courses.services.certificates as certificate_services
from cms.users.factories import UserFactory
from courses.credentials import (
    base58_encode,
    credential_sign,
    credential_unsigned,
    credential_verify,
    public_key_from_multibase,
    signing_key,
)
from courses.models import Certificate, CredentialStatusList
from courses.services.certificates import (
    certificate_issue,
    certificate_reinstate,
    certificate_revoke,
)

MINIMUM_ENTRIES = 131_072  # Bitstring Status List v1.0: 16 KB, for group privacy
THREADS = 8

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent transactions need PostgreSQL; run with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/hh_<name>",
)
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


# -- An independent verifier ----------------------------------------------------------------------


def base58btc_decode(text: str) -> bytes:
    number = 0
    for character in text:
        number = number * 58 + BASE58.index(character)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multikey_to_ed25519(multibase: str) -> Ed25519PublicKey:
    assert multibase.startswith("z")
    data = base58btc_decode(multibase[1:])
    assert data[:2] == b"\xed\x01" and len(data) == 34  # the Ed25519 public key multicodec
    return Ed25519PublicKey.from_public_bytes(data[2:])


def check_proof(document: dict, public_key: Ed25519PublicKey) -> None:
    """eddsa-jcs-2022: raises InvalidSignature unless the proof signs the document."""
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = dict(document["proof"])
    proof_value = options.pop("proofValue")
    assert options["type"] == "DataIntegrityProof"
    assert options["cryptosuite"] == "eddsa-jcs-2022"
    assert options["proofPurpose"] == "assertionMethod"
    assert options["@context"] == unsecured["@context"]
    hash_data = (
        hashlib.sha256(rfc8785.dumps(options)).digest()
        + hashlib.sha256(rfc8785.dumps(unsecured)).digest()
    )
    assert proof_value.startswith("z")
    public_key.verify(base58btc_decode(proof_value[1:]), hash_data)


def expand_bitstring(encoded_list: str) -> bytes:
    assert encoded_list.startswith("u")  # multibase base64url, no padding
    data = encoded_list[1:]
    assert "=" not in data
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit(bitstring: bytes, index: int) -> int:
    """Index 0 is the left-most bit: the most significant bit of the first byte."""
    return (bitstring[index // 8] >> (7 - index % 8)) & 1


@dataclass
class StatusCheck:
    status: int
    bitstring: bytes
    index: int
    status_list: dict


class Verifier:
    """Fetches what it needs as anyone on the web would: anonymously, by the URLs it is given."""

    def __init__(self):
        self.client = Client()

    def fetch(self, url: str) -> dict:
        response = self.client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        return json.loads(response.content)

    def key_for(self, verification_method: str) -> Ed25519PublicKey:
        controller = self.fetch(verification_method.split("#")[0])
        assert verification_method in controller["assertionMethod"]
        (method,) = [m for m in controller["verificationMethod"] if m["id"] == verification_method]
        assert method["type"] == "Multikey"
        return multikey_to_ed25519(method["publicKeyMultibase"])

    def verify(self, credential: dict) -> StatusCheck:
        """Checks the credential's proof, then its status; the status bit is in the result."""
        check_proof(credential, self.key_for(credential["proof"]["verificationMethod"]))
        entry = credential["credentialStatus"]
        assert entry["type"] == "BitstringStatusListEntry"
        assert entry["statusPurpose"] == "revocation"

        status_list = self.fetch(entry["statusListCredential"])
        assert "BitstringStatusListCredential" in status_list["type"]
        check_proof(status_list, self.key_for(status_list["proof"]["verificationMethod"]))
        # Only the credential's own issuer may revoke it.
        assert status_list["issuer"] == credential["issuer"]["id"]
        subject = status_list["credentialSubject"]
        assert subject["type"] == "BitstringStatusList"
        assert subject["statusPurpose"] == entry["statusPurpose"]
        bitstring = expand_bitstring(subject["encodedList"])
        assert len(bitstring) * 8 >= MINIMUM_ENTRIES
        index = int(entry["statusListIndex"])
        assert 0 <= index < len(bitstring) * 8
        return StatusCheck(bit(bitstring, index), bitstring, index, status_list)


# -- Fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def verifier(db):
    return Verifier()


def download(certificate: Certificate) -> dict:
    """The learner's Open Badges credential, as their browser saves it."""
    client = Client()
    client.force_login(certificate.user)
    response = client.get(
        reverse("courses:certificate_credential", kwargs={"code": certificate.code})
    )
    assert response.status_code == 200
    return json.loads(response.content)


def verify_page(client, certificate: Certificate) -> str:
    with translation.override("en"):
        url = reverse("courses:certificate_verify", kwargs={"code": certificate.code})
    return client.get(url).content.decode()


@pytest.fixture
def certificate(course):
    learner = UserFactory(display_name="Lena Svensson", email="lena@example.org")
    return certificate_issue(user=learner, course=course, language="en")


# -- The entry and the list -----------------------------------------------------------------------


def test_a_credential_points_to_its_bit_in_a_status_list(certificate):
    credential = download(certificate)

    entry = credential["credentialStatus"]
    with translation.override("en"):
        list_path = reverse(
            "courses:certificate_status_list", kwargs={"list_id": certificate.status_list_id}
        )
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListIndex"] == str(certificate.status_list_index)
    assert urlsplit(entry["statusListCredential"]).path == list_path
    assert entry["id"] == f"{entry['statusListCredential']}#{entry['statusListIndex']}"
    assert 0 <= int(entry["statusListIndex"]) < MINIMUM_ENTRIES


def test_the_status_list_address_is_the_same_in_every_language(course):
    learner = UserFactory(display_name="Jonas Weber")
    german = certificate_issue(user=learner, course=course, language="de")

    credential = download(german)
    entry = credential["credentialStatus"]

    assert "/de/" in credential["id"]  # the verification page is in the learner's language
    assert urlsplit(entry["statusListCredential"]).path.startswith("/en/certificates/status/")


def test_a_valid_credential_verifies_and_its_bit_is_not_set(certificate, verifier):
    check = verifier.verify(download(certificate))

    assert check.status == 0
    assert check.bitstring == bytes(MINIMUM_ENTRIES // 8)


def test_the_status_list_is_a_public_signed_cacheable_credential(certificate, verifier):
    credential = download(certificate)
    url = credential["credentialStatus"]["statusListCredential"]

    response = Client().get(urlsplit(url).path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=300"} <= cache_control
    document = json.loads(response.content)
    assert document["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert document["id"] == url
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["id"] == f"{url}#list"
    assert document["credentialSubject"]["ttl"] == 300_000  # milliseconds, as Cache-Control
    assert document["validFrom"].endswith("Z")
    assert document["proof"]["verificationMethod"] == credential["proof"]["verificationMethod"]


def test_a_changed_status_list_no_longer_verifies(certificate, verifier):
    credential = download(certificate)
    status_list = verifier.fetch(credential["credentialStatus"]["statusListCredential"])
    key = verifier.key_for(status_list["proof"]["verificationMethod"])
    check_proof(status_list, key)
    every_bit_set = base64.urlsafe_b64encode(gzip.compress(b"\xff" * (MINIMUM_ENTRIES // 8)))
    status_list["credentialSubject"]["encodedList"] = "u" + every_bit_set.decode().rstrip("=")

    with pytest.raises(InvalidSignature):
        check_proof(status_list, key)


def test_unknown_status_lists_are_not_found(client, certificate):
    response = client.get(
        reverse("courses:certificate_status_list", kwargs={"list_id": certificate.status_list_id})
    )
    missing = client.get(reverse("courses:certificate_status_list", kwargs={"list_id": 999}))
    huge = client.get(reverse("courses:certificate_status_list", kwargs={"list_id": 10**30}))

    assert response.status_code == 200
    assert missing.status_code == 404
    assert huge.status_code == 404


@override_settings(OPEN_BADGES_SIGNING_KEY="")
def test_without_a_key_no_status_list_is_published(client, certificate):
    response = client.get(
        reverse("courses:certificate_status_list", kwargs={"list_id": certificate.status_list_id})
    )

    assert response.status_code == 404


# -- Revocation -----------------------------------------------------------------------------------


def test_revocation_reaches_a_copy_downloaded_before(client, certificate, verifier):
    downloaded = download(certificate)
    assert verifier.verify(downloaded).status == 0  # the list is now cached at this revision

    certificate_revoke(certificate=certificate, reason="Plagiarised quiz answers", user=None)
    check = verifier.verify(downloaded)

    # The same JSON: its own proof still holds, but its bit says revoked.
    assert check.status == 1
    index = check.index
    assert check.bitstring[index // 8] == 0x80 >> (index % 8)
    assert sum(byte.bit_count() for byte in check.bitstring) == 1
    html = verify_page(client, certificate)
    assert "Revoked certificate." in html
    assert "Plagiarised quiz answers" in html


def test_reinstating_clears_the_bit(client, certificate, verifier):
    downloaded = download(certificate)
    certificate_revoke(certificate=certificate, reason="Issued by mistake", user=None)
    assert verifier.verify(downloaded).status == 1

    certificate_reinstate(certificate=certificate, user=None)

    assert verifier.verify(downloaded).status == 0
    assert "Valid certificate." in verify_page(client, certificate)


def test_only_the_revoked_certificates_bit_is_set(course, certificate, verifier):
    others = [certificate_issue(user=UserFactory(), course=course, language="en") for _ in range(3)]
    copies = [download(other) for other in [certificate, *others]]

    certificate_revoke(certificate=others[1], reason="Duplicate account", user=None)

    assert [verifier.verify(copy).status for copy in copies] == [0, 0, 1, 0]


def test_the_list_is_signed_again_when_the_change_is_committed(
    certificate, django_capture_on_commit_callbacks, django_assert_num_queries
):
    url = reverse("courses:certificate_status_list", kwargs={"list_id": certificate.status_list_id})
    before = json.loads(Client().get(url).content)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, reason="Issued by mistake", user=None)
    # Already signed and cached: serving it is one look-up of the list's revision.
    with django_assert_num_queries(1):
        after = json.loads(Client().get(url).content)

    assert after["credentialSubject"]["encodedList"] != before["credentialSubject"]["encodedList"]
    assert after["validFrom"] >= before["validFrom"]


def test_a_revoked_certificate_gets_no_new_credential(certificate):
    certificate_revoke(certificate=certificate, reason="Issued by mistake", user=None)
    client = Client()
    client.force_login(certificate.user)

    response = client.get(
        reverse("courses:certificate_credential", kwargs={"code": certificate.code})
    )

    assert response.status_code == 410


# -- Canonicalisation -----------------------------------------------------------------------------


def test_a_learner_with_a_non_ascii_name_verifies(course, verifier):
    name = "Ζωή Öztürk-Ñúñez"
    certificate = certificate_issue(
        user=UserFactory(display_name=name, email="zoe@example.org"), course=course, language="el"
    )

    credential = download(certificate)
    check = verifier.verify(credential)

    identities = credential["credentialSubject"]["identifier"]
    assert identities[0]["identityHash"] == name
    assert name.encode() in rfc8785.dumps(credential)  # UTF-8 as is, not \u-escaped
    assert check.status == 0


def _legacy_jcs(value) -> bytes:
    """What the site used before RFC 8785: right only for strings and ASCII keys."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def test_numbers_and_keys_are_canonicalised_as_rfc_8785_says(certificate, verifier):
    """Open Badges allows numbers (``creditsEarned`` is a float): they must be written as
    ECMAScript writes them, and keys sorted by UTF-16 code units, or no one else can verify."""
    document = credential_unsigned(certificate=certificate)
    document["credentialSubject"]["creditsEarned"] = 0.1
    document["credentialSubject"]["achievement"]["creditsAvailable"] = 1.0
    document["credentialSubject"]["measurements"] = {
        "large": 1e21,
        "round": 1e20,
        "small": 1e-7,
        "zero": -0.0,
        "integer": 300_000,
        "\ufb01": "a ligature, U+FB01",
        "\U0001f600": "an emoji, U+1F600: its UTF-16 surrogates sort before U+FB01",
    }
    signed = credential_sign(document, key=signing_key(), created=certificate.issued_at)
    # Through the wire, as a verifier receives it.
    received = json.loads(json.dumps(signed))

    check = verifier.verify(received)

    canonical = rfc8785.dumps({k: v for k, v in received.items() if k != "proof"})
    assert b'"creditsEarned":0.1' in canonical
    assert b'"creditsAvailable":1,' in canonical
    numbers = (
        b'{"integer":300000,"large":1e+21,"round":100000000000000000000,"small":1e-7,"zero":0,'
    )
    assert numbers + '"\U0001f600":'.encode() in canonical
    assert canonical.index("\U0001f600".encode()) < canonical.index("\ufb01".encode())
    assert _legacy_jcs(received) != canonical  # the old canonical form would not have verified
    assert check.status == 0
    credential_verify(received, public_key=public_key_from_multibase(_published_key(verifier)))


def _published_key(verifier: Verifier) -> str:
    document = verifier.fetch(reverse("courses:certificate_issuer"))
    return document["verificationMethod"][0]["publicKeyMultibase"]


def test_a_credential_signed_before_status_lists_still_verifies(certificate, verifier):
    """Issued and downloaded before this change: no ``credentialStatus``, and signed with the
    old canonicalisation, which gives the same bytes for such a document."""
    Certificate.objects.filter(pk=certificate.pk).update(status_list=None, status_list_index=None)
    certificate.refresh_from_db()
    legacy = credential_unsigned(certificate=certificate)
    assert "credentialStatus" not in legacy
    proof = {
        "@context": legacy["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": legacy["validFrom"],
        "verificationMethod": f"{legacy['issuer']['id']}#key-1",
        "proofPurpose": "assertionMethod",
    }
    signature = signing_key().sign(
        hashlib.sha256(_legacy_jcs(proof)).digest() + hashlib.sha256(_legacy_jcs(legacy)).digest()
    )
    legacy["proof"] = {**proof, "proofValue": "z" + base58_encode(signature)}

    assert _legacy_jcs(legacy) == rfc8785.dumps(legacy)
    check_proof(legacy, verifier.key_for(proof["verificationMethod"]))
    assert legacy == credential_sign(
        credential_unsigned(certificate=certificate),
        key=signing_key(),
        created=certificate.issued_at,
    )

    # Downloaded again, it gets an entry (once), and from then on can be revoked.
    renewed = download(certificate)
    again = download(certificate)
    certificate.refresh_from_db()
    assert certificate.status_list_id is not None
    assert renewed == again
    assert renewed["credentialStatus"]["statusListIndex"] == str(certificate.status_list_index)
    assert verifier.verify(renewed).status == 0


# -- Allocation -----------------------------------------------------------------------------------


def test_each_certificate_gets_its_own_random_index(course):
    certificates = [
        certificate_issue(user=UserFactory(), course=course, language="en") for _ in range(30)
    ]

    indexes = [c.status_list_index for c in certificates]
    assert len(set(indexes)) == 30
    assert all(0 <= index < MINIMUM_ENTRIES for index in indexes)
    assert sorted(indexes) != list(range(min(indexes), min(indexes) + 30))  # not in issue order
    assert {c.status_list_id for c in certificates} == {1}
    assert CredentialStatusList.objects.get(pk=1).allocated == 30


def test_a_full_list_makes_way_for_a_new_one(course, verifier, monkeypatch):
    monkeypatch.setattr(certificate_services, "STATUS_LIST_FILL", 2 / MINIMUM_ENTRIES)

    certificates = [
        certificate_issue(user=UserFactory(), course=course, language="en") for _ in range(3)
    ]

    assert [c.status_list_id for c in certificates] == [1, 1, 2]
    assert CredentialStatusList.objects.get(pk=2).length >= MINIMUM_ENTRIES
    credential = download(certificates[2])
    assert urlsplit(credential["credentialStatus"]["statusListCredential"]).path.endswith(
        "/certificates/status/2/"
    )
    certificate_revoke(certificate=certificates[2], reason="Issued by mistake", user=None)
    assert verifier.verify(credential).status == 1
    assert verifier.verify(download(certificates[0])).status == 0


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_open_one_list_and_never_share_an_index(course, monkeypatch):
    # Two entries per list: the threads also race to open lists 2, 3, 4...
    monkeypatch.setattr(certificate_services, "STATUS_LIST_FILL", 2 / MINIMUM_ENTRIES)
    learners = [UserFactory() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def issue(learner):
        try:
            barrier.wait(timeout=10)
            certificate_issue(user=learner, course=course, language="en")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    entries = list(Certificate.objects.values_list("status_list_id", "status_list_index"))
    assert len(entries) == THREADS
    assert len(set(entries)) == THREADS
    lists = CredentialStatusList.objects.order_by("pk")
    assert [status_list.pk for status_list in lists] == [1, 2, 3, 4]
    assert [status_list.allocated for status_list in lists] == [2, 2, 2, 2]
