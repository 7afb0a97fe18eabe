"""The public verification page and the owner-only PDF and credential downloads."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone, translation

import pytest
import time_machine

from cms.users.factories import UserFactory
from courses.services.certificates import certificate_issue, certificate_revoke


def verify_url(code: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse("courses:certificate_verify", kwargs={"code": code})


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Maria Papadopoulou")


@pytest.fixture
def certificate(course, learner):
    return certificate_issue(user=learner, course=course, language="en")


def test_a_valid_certificate_shows_what_it_certifies(client, certificate):
    response = client.get(verify_url(certificate.code))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Valid certificate." in html
    assert "Maria Papadopoulou" in html
    assert certificate.course_title in html
    assert certificate.issuer_name in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_a_revoked_certificate_says_so_with_the_reason(client, certificate):
    certificate_revoke(certificate=certificate, reason="Issued by mistake", user=None)

    html = client.get(verify_url(certificate.code)).content.decode()

    assert "Revoked certificate." in html
    assert "Issued by mistake" in html
    assert "Valid certificate." not in html


def test_an_expired_certificate_says_until_when_it_was_valid(client, course, learner):
    course.certificate_template.validity_months = 12
    course.certificate_template.save()
    with time_machine.travel(datetime.datetime(2025, 1, 31, 12, tzinfo=datetime.UTC)):
        certificate = certificate_issue(user=learner, course=course, language="en")
    assert certificate.expires_at.date() == datetime.date(2026, 1, 31)

    with time_machine.travel(datetime.datetime(2026, 1, 30, 12, tzinfo=datetime.UTC)):
        still_valid = client.get(verify_url(certificate.code)).content.decode()
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC)):
        expired = client.get(verify_url(certificate.code)).content.decode()

    assert "Valid certificate." in still_valid
    assert "Expired certificate." in expired
    assert "Valid certificate." not in expired


def test_the_page_is_in_the_visitors_language(client, certificate):
    response = client.get(verify_url(certificate.code, "de"))

    assert response.status_code == 200
    assert response.content.decode().count(certificate.code) >= 1


def test_unknown_and_malformed_codes_get_the_same_404(client, certificate):
    codes = {
        "unknown": "A" * 43,
        "too long": "A" * 70,
        "too short": "abc",
        "bad characters": "A" * 40 + "~~~",
    }
    responses = {kind: client.get(verify_url(code)) for kind, code in codes.items()}

    assert {response.status_code for response in responses.values()} == {404}
    # The page repeats its own address (language links) and carries a fresh CSP nonce; apart
    # from those, nothing differs.
    bodies = {
        re.sub(r'nonce="[^"]*"', "nonce", response.content.decode().replace(codes[kind], "CODE"))
        for kind, response in responses.items()
    }
    assert len(bodies) == 1
    assert certificate.code not in bodies.pop()


def test_verification_is_rate_limited_per_address(client, certificate, settings):
    url = verify_url(certificate.code)
    statuses = [client.get(url).status_code for _ in range(30)]
    assert set(statuses) == {200}

    limited = client.get(url)
    unknown_limited = client.get(verify_url("B" * 43))
    other_address = client.get(url, REMOTE_ADDR="192.0.2.9")

    assert limited.status_code == 429
    assert unknown_limited.status_code == 429
    assert other_address.status_code == 200


@pytest.mark.parametrize("name", ["courses:certificate_pdf", "courses:certificate_credential"])
def test_other_users_get_404_for_pdf_and_credential(client, certificate, name):
    url = reverse(name, kwargs={"code": certificate.code})
    client.force_login(UserFactory())

    assert client.get(url).status_code == 404
    assert client.get(reverse(name, kwargs={"code": "C" * 43})).status_code == 404


@pytest.mark.parametrize("name", ["courses:certificate_pdf", "courses:certificate_credential"])
def test_anonymous_visitors_are_sent_to_log_in(client, certificate, name):
    response = client.get(reverse(name, kwargs={"code": certificate.code}))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_owner_downloads_the_pdf_and_the_credential(client, certificate, learner):
    client.force_login(learner)

    pdf = client.get(reverse("courses:certificate_pdf", kwargs={"code": certificate.code}))
    credential = client.get(
        reverse("courses:certificate_credential", kwargs={"code": certificate.code})
    )

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    assert "no-store" in pdf["Cache-Control"]
    assert credential.status_code == 200
    assert credential["Content-Type"].startswith("application/ld+json")
    assert credential.json()["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


def test_verification_only_answers_get(client, certificate):
    assert client.post(verify_url(certificate.code)).status_code == 405


def test_revocation_needs_a_reason(certificate):
    from courses.services.certificates import CertificateStateError

    with pytest.raises(CertificateStateError):
        certificate_revoke(certificate=certificate, reason="  ", user=None)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert timezone.now() >= certificate.issued_at
