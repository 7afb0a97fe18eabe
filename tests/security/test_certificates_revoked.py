"""A revoked certificate's PDF is never handed out as if it were valid.

The site refuses the download (410 and a page that links to the verification page) rather than
stamping the PDF. These tests go through every way a PDF could reach someone: the learner's
download in each language, the links on the learner's pages and the verification page, the
admin, a copy stored before the revocation, and one a late background render stored after it.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from cms.users.factories import UserFactory
from courses.models import Certificate
from courses.services.certificates import (
    CertificatePdfUnavailable,
    certificate_issue,
    certificate_pdf_get,
    certificate_pdf_storage_name,
    certificate_pdf_store,
    certificate_reinstate,
    certificate_revoke,
)
from courses.services.enrolment import enrolment_create
from courses.tasks import certificate_pdf_render_task

LANGUAGES = ["en", "de", "it", "el"]


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Rita Revoked")


@pytest.fixture
def certificate(course, learner):
    return certificate_issue(user=learner, course=course, language="en")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def pdf_url(certificate: Certificate, language: str = "en") -> str:
    with translation.override(language):
        return reverse("courses:certificate_pdf", kwargs={"code": certificate.code})


def verify_url(certificate: Certificate, language: str = "en") -> str:
    with translation.override(language):
        return reverse("courses:certificate_verify", kwargs={"code": certificate.code})


def stored(certificate: Certificate) -> bool:
    return default_storage.exists(certificate_pdf_storage_name(certificate=certificate))


def assert_not_a_pdf(response) -> None:
    assert response.status_code != 200
    assert not response.get("Content-Type", "").startswith("application/pdf")
    assert b"%PDF" not in response.content
    assert "attachment" not in response.get("Content-Disposition", "")


def revoke(certificate: Certificate, capture) -> None:
    with capture(execute=True):
        certificate_revoke(certificate=certificate, reason="Quiz answered by someone else")


# -- The learner's download ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_revoked_before_the_first_download_the_learner_gets_a_page_not_a_pdf(
    learner_client, certificate, django_capture_on_commit_callbacks, language
):
    revoke(certificate, django_capture_on_commit_callbacks)

    response = learner_client.get(pdf_url(certificate, language))

    assert_not_a_pdf(response)
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'href="{verify_url(certificate, language)}"' in html
    assert not stored(certificate)  # refusing renders nothing


def test_the_refusal_page_says_why_in_words(
    learner_client, certificate, django_capture_on_commit_callbacks
):
    revoke(certificate, django_capture_on_commit_callbacks)

    html = learner_client.get(pdf_url(certificate)).content.decode()

    assert "<h1>Certificate PDF not available</h1>" in html
    assert "This certificate was revoked on" in html
    assert "See the certificate's verification page" in html
    assert 'role="status"' in html


def test_a_pdf_stored_before_the_revocation_is_deleted_and_not_served(
    learner_client, certificate, django_capture_on_commit_callbacks
):
    first = learner_client.get(pdf_url(certificate))
    assert first.status_code == 200
    assert first.content.startswith(b"%PDF")
    assert stored(certificate)

    revoke(certificate, django_capture_on_commit_callbacks)

    assert not stored(certificate)
    assert_not_a_pdf(learner_client.get(pdf_url(certificate)))


def test_a_revocation_rolled_back_keeps_the_stored_pdf(
    learner_client, certificate, django_capture_on_commit_callbacks
):
    certificate_pdf_get(certificate=certificate)

    # Files do not roll back: the copy goes only once the revocation is committed.
    with django_capture_on_commit_callbacks(execute=False):
        certificate_revoke(certificate=certificate, reason="Issued by mistake")

    assert stored(certificate)


def test_a_copy_stored_after_the_revocation_is_not_served(
    learner_client, certificate, django_capture_on_commit_callbacks
):
    revoke(certificate, django_capture_on_commit_callbacks)
    # As if a render that started before the revocation finished after it.
    default_storage.save(
        certificate_pdf_storage_name(certificate=certificate), ContentFile(b"%PDF-1.7 stale copy")
    )

    response = learner_client.get(pdf_url(certificate))

    assert_not_a_pdf(response)
    assert response.status_code == 410
    with pytest.raises(CertificatePdfUnavailable):
        certificate_pdf_get(certificate=Certificate.objects.get(pk=certificate.pk))


def test_a_background_render_queued_before_the_revocation_stores_nothing(
    certificate, django_capture_on_commit_callbacks
):
    revoke(certificate, django_capture_on_commit_callbacks)

    certificate_pdf_render_task.call(certificate_id=certificate.pk)

    assert not stored(certificate)
    assert certificate_pdf_store(certificate=Certificate.objects.get(pk=certificate.pk)) is None


# -- Everyone else, and every other address of the PDF --------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", ["anonymous", "outsider", "superuser"])
def test_no_one_else_gets_the_pdf_of_a_revoked_certificate(
    client, certificate, django_capture_on_commit_callbacks, language, who
):
    certificate_pdf_get(certificate=certificate)  # a stored copy exists
    revoke(certificate, django_capture_on_commit_callbacks)
    if who != "anonymous":
        client.force_login(UserFactory(superuser=who == "superuser"))

    response = client.get(pdf_url(certificate, language))

    assert_not_a_pdf(response)
    assert response.status_code in {302, 404}


def test_the_verification_page_offers_no_pdf(
    client, certificate, django_capture_on_commit_callbacks
):
    revoke(certificate, django_capture_on_commit_callbacks)

    html = client.get(verify_url(certificate)).content.decode()

    assert "Revoked certificate." in html
    assert "/pdf/" not in html


def test_the_learners_pages_no_longer_link_to_the_pdf(
    learner_client, learner, certificate, course, django_capture_on_commit_callbacks
):
    enrolment_create(user=learner, course=course)  # the course page shows enrolled learners theirs
    with translation.override("en"):
        dashboard = reverse("courses:dashboard")
    assert pdf_url(certificate) in learner_client.get(dashboard).content.decode()

    revoke(certificate, django_capture_on_commit_callbacks)

    for url in (dashboard, course.get_url()):
        html = learner_client.get(url).content.decode()
        assert pdf_url(certificate) not in html, url
        assert verify_url(certificate) in html, url


def test_the_admin_shows_the_revocation_and_offers_no_pdf(
    client, certificate, django_capture_on_commit_callbacks
):
    revoke(certificate, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(superuser=True))

    html = client.get(reverse("certificates:inspect", args=[certificate.pk])).content.decode()

    assert "Revoked" in html
    assert "/pdf/" not in html
    assert_not_a_pdf(client.get(pdf_url(certificate)))


# -- Reinstated, and what is not revoked ----------------------------------------------------------


def test_a_reinstated_certificate_is_rendered_and_served_again(
    learner_client, certificate, django_capture_on_commit_callbacks
):
    certificate_pdf_get(certificate=certificate)
    revoke(certificate, django_capture_on_commit_callbacks)
    assert not stored(certificate)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_reinstate(certificate=certificate)

    assert stored(certificate)  # rendered again in the background
    response = learner_client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_reinstated_before_any_copy_was_kept_it_is_rendered_on_download(
    learner_client, certificate, django_capture_on_commit_callbacks
):
    revoke(certificate, django_capture_on_commit_callbacks)
    # The background render has not run (a queued task, or a worker that is down).
    certificate_reinstate(certificate=certificate)
    assert not stored(certificate)

    response = learner_client.get(pdf_url(certificate))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert stored(certificate)


def test_an_expired_certificate_still_downloads(learner_client, certificate):
    # Expiry is printed on the PDF itself ("valid until"), unlike a revocation.
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )

    response = learner_client.get(pdf_url(certificate))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
