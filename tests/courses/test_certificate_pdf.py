"""The certificate PDF: what it says, its QR code, its language, and how it is kept."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

import pytest

from cms.users.factories import UserFactory
from courses.selectors.certificates import certificate_pdf_render, certificate_verification_url
from courses.services.certificates import (
    certificate_issue,
    certificate_pdf_get,
    certificate_pdf_storage_name,
)
from tests.pdf import pdf_text, qr_codes


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Ioanna Κωνσταντίνου")


def test_the_pdf_names_the_learner_course_hours_and_issuer(course, learner):
    certificate = certificate_issue(user=learner, course=course, language="en")

    text = pdf_text(certificate_pdf_render(certificate=certificate))

    assert "Ioanna Κωνσταντίνου" in text
    assert "Caring for collections" in text
    assert "Heritage Hub Academy" in text  # the template's issuer
    assert "Ada Example" in text  # the signatory
    assert "3 CPD hours" in text  # from the template's body placeholders


def test_the_qr_code_decodes_to_the_public_verification_url(course, learner, settings, tmp_path):
    settings.SITE_URL = "https://hub.example.org"
    certificate = certificate_issue(user=learner, course=course, language="de")

    codes = qr_codes(certificate_pdf_render(certificate=certificate), tmp_path)

    expected = f"https://hub.example.org/de/certificates/{certificate.code}/"
    assert certificate_verification_url(certificate=certificate) == expected
    assert codes == [expected]


def test_the_pdf_is_in_the_learners_language(course, learner, locales):
    template = course.certificate_template
    german = template.copy_for_translation(locales["de"])
    german.heading = "Teilnahmebescheinigung"
    german.body = "{learner} hat den Kurs {course} am {date} abgeschlossen ({hours} Stunden)."
    german.save()
    certificate = certificate_issue(user=learner, course=course, language="de")

    text = pdf_text(certificate_pdf_render(certificate=certificate))

    assert "Teilnahmebescheinigung" in text
    assert "Certificate of completion" not in text
    # German date format (e.g. "22. November 2026") and German UI strings.
    assert f"{certificate.issued_at.day}. " in text


def test_the_template_text_is_not_a_format_string(course, learner):
    template = course.certificate_template
    template.body = "{learner} finished {course}. {learner.__class__} {0} {unknown}"
    template.save()
    certificate = certificate_issue(user=learner, course=course, language="en")

    text = pdf_text(certificate_pdf_render(certificate=certificate))

    assert "Ioanna Κωνσταντίνου finished Caring for collections." in text
    assert "{learner.__class__} {0} {unknown}" in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pdf_is_rendered_after_issue_and_served_as_stored(client, course, learner):
    with transaction.atomic():
        certificate = certificate_issue(user=learner, course=course, language="en")
        name = certificate_pdf_storage_name(certificate=certificate)
        assert not default_storage.exists(name)  # only once the certificate is committed

    assert default_storage.exists(name)
    assert certificate.code not in name  # the public code does not lead to the file
    stored = default_storage.open(name).read()
    client.force_login(learner)
    response = client.get(reverse("courses:certificate_pdf", kwargs={"code": certificate.code}))
    assert response.content == stored


def test_a_missing_pdf_is_rendered_on_demand_and_kept(course, learner):
    certificate = certificate_issue(user=learner, course=course, language="en")
    name = certificate_pdf_storage_name(certificate=certificate)
    if default_storage.exists(name):
        default_storage.delete(name)

    data, filename = certificate_pdf_get(certificate=certificate)

    assert data.startswith(b"%PDF")
    assert filename == "certificate-caring-for-collections.pdf"
    assert default_storage.exists(name)
