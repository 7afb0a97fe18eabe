"""Open Badges 3.0 credentials: their shape, their signature, and the published key."""

import base64
import copy
import json
from urllib.parse import urlsplit

from django.test import override_settings
from django.urls import reverse

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cms.users.factories import UserFactory
from courses.credentials import (
    CredentialInvalid,
    CredentialSigningUnavailable,
    credential_for_certificate,
    credential_verify,
    public_key_from_multibase,
    signing_key,
)
from courses.services.certificates import certificate_issue


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Lena Svensson", email="lena@example.org")


@pytest.fixture
def certificate(course, learner):
    return certificate_issue(user=learner, course=course, language="en")


@pytest.fixture
def downloaded(client, certificate, learner):
    client.force_login(learner)
    response = client.get(
        reverse("courses:certificate_credential", kwargs={"code": certificate.code})
    )
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def published_key(client, downloaded):
    """The public key as a verifier finds it: by following the proof's verification method."""
    method_url = downloaded["proof"]["verificationMethod"]
    document_url, _fragment = method_url.split("#")
    response = client.get(urlsplit(document_url).path)
    assert response.status_code == 200
    document = response.json()
    assert method_url in document["assertionMethod"]
    (method,) = [m for m in document["verificationMethod"] if m["id"] == method_url]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"].startswith("z6Mk")  # Ed25519 Multikey
    return public_key_from_multibase(method["publicKeyMultibase"])


def test_the_credential_is_an_open_badge_in_the_vc_2_data_model(downloaded, certificate):
    assert downloaded["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert downloaded["@context"][1].startswith("https://purl.imsglobal.org/spec/ob/v3p0/")
    assert downloaded["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert downloaded["id"].endswith(f"/certificates/{certificate.code}/")
    assert downloaded["issuer"]["type"] == ["Profile"]
    assert downloaded["issuer"]["name"] == "Heritage Hub Academy"
    assert downloaded["validFrom"].endswith("Z")
    subject = downloaded["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["achievement"]["name"] == "Caring for collections"
    identities = {identity["identityType"]: identity for identity in subject["identifier"]}
    assert identities["name"]["identityHash"] == "Lena Svensson"
    assert identities["emailAddress"]["hashed"] is True
    assert "lena@example.org" not in json.dumps(downloaded)
    status = downloaded["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListIndex"] == str(certificate.status_list_index)
    assert status["statusListCredential"].endswith(
        f"/certificates/status/{certificate.status_list_id}/"
    )
    proof = downloaded["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["proofPurpose"] == "assertionMethod"


def test_the_signature_verifies_with_the_published_key(downloaded, published_key):
    credential_verify(downloaded, public_key=published_key)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="Mallory"),
        lambda c: c["credentialSubject"]["achievement"].update(name="Another course"),
        lambda c: c.update(validFrom="2001-01-01T00:00:00Z"),
        # Pointing at another bit would dodge a revocation.
        lambda c: c["credentialStatus"].update(
            statusListIndex=str(int(c["credentialStatus"]["statusListIndex"]) ^ 1)
        ),
        lambda c: c["proof"].update(created="2001-01-01T00:00:00Z"),
        lambda c: c["proof"].update(proofValue=c["proof"]["proofValue"][:-2] + "11"),
        lambda c: c.pop("proof"),
    ],
)
def test_tampering_breaks_the_signature(downloaded, published_key, tamper):
    tampered = copy.deepcopy(downloaded)
    tamper(tampered)

    with pytest.raises(CredentialInvalid):
        credential_verify(tampered, public_key=published_key)


def test_another_key_does_not_verify_it(downloaded):
    with pytest.raises(CredentialInvalid):
        credential_verify(downloaded, public_key=Ed25519PrivateKey.generate().public_key())


def test_signing_is_deterministic(certificate):
    assert credential_for_certificate(certificate=certificate) == credential_for_certificate(
        certificate=certificate
    )


def test_a_pem_key_from_the_environment_is_used(certificate):
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()

    with override_settings(OPEN_BADGES_SIGNING_KEY=pem):
        credential = credential_for_certificate(certificate=certificate)

    credential_verify(credential, public_key=key.public_key())


def test_a_raw_base64_seed_is_used(certificate):
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )

    with override_settings(OPEN_BADGES_SIGNING_KEY=base64.b64encode(seed).decode()):
        credential = credential_for_certificate(certificate=certificate)

    credential_verify(credential, public_key=key.public_key())


@override_settings(OPEN_BADGES_SIGNING_KEY="")
def test_without_a_key_no_credential_is_signed(client, certificate, learner):
    with pytest.raises(CredentialSigningUnavailable, match="OPEN_BADGES_SIGNING_KEY"):
        signing_key()
    client.force_login(learner)

    response = client.get(
        reverse("courses:certificate_credential", kwargs={"code": certificate.code})
    )
    issuer = client.get(reverse("courses:certificate_issuer"))

    assert response.status_code == 503
    assert "signing key" in response.content.decode()
    assert issuer.status_code == 404


@override_settings(OPEN_BADGES_SIGNING_KEY="bm90IGEga2V5")
def test_a_key_that_is_not_ed25519_is_refused(certificate):
    with pytest.raises(CredentialSigningUnavailable):
        credential_for_certificate(certificate=certificate)


def test_revoked_certificates_get_no_new_credential(client, certificate, learner):
    from courses.services.certificates import certificate_revoke

    certificate_revoke(certificate=certificate, reason="Plagiarised quiz answers", user=None)
    client.force_login(learner)

    response = client.get(
        reverse("courses:certificate_credential", kwargs={"code": certificate.code})
    )

    assert response.status_code == 410
    assert "revoked" in response.content.decode()
