"""The certificate's design: the logo and the signature editors upload, one A4 page, and long
names in German and Greek."""

import io

from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wagtail.images import get_image_model

import pytest
from PIL import Image as PillowImage

from cms.users.factories import UserFactory
from courses.selectors.certificates import (
    LOGO_RENDITION,
    PDF_TEMPLATE,
    SIGNATURE_RENDITION,
    certificate_pdf_context,
    certificate_pdf_render,
)
from courses.services.certificates import certificate_issue
from tests.pdf import pdf_images, pdf_info, pdf_text

A4_POINTS = (595, 842)
QR_CODE = 1  # the one image every certificate has

GERMAN_NAME = "Maximiliane Alexandra von Hohenzollern-Sigmaringen-Wittelsbach"
GREEK_NAME = "Αικατερίνη-Παναγιώτα Παπαδοπούλου-Χατζηκωνσταντίνου"


def uploaded_image(title: str, size: tuple[int, int]):
    buffer = io.BytesIO()
    PillowImage.new("RGBA", size, (11, 61, 92, 255)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.png")
    )


def assert_one_a4_page(data: bytes) -> None:
    info = pdf_info(data)
    assert info.pages == 1
    assert abs(info.width - A4_POINTS[0]) <= 1
    assert abs(info.height - A4_POINTS[1]) <= 1


def printed_html(certificate) -> str:
    """The HTML the PDF is drawn from, as certificate_pdf_render gives it to WeasyPrint."""
    with translation.override(certificate.language):
        return render_to_string(PDF_TEMPLATE, certificate_pdf_context(certificate=certificate))


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Kai Jensen")


def test_the_logo_and_the_signature_are_printed_as_renditions(course, learner):
    template = course.certificate_template
    template.logo = uploaded_image("Logo", (2400, 600))
    template.signature_image = uploaded_image("Signature", (1800, 540))
    template.save()
    certificate = certificate_issue(user=learner, course=course, language="en")

    data = certificate_pdf_render(certificate=certificate)

    logo = template.logo.get_rendition(LOGO_RENDITION)
    signature = template.signature_image.get_rendition(SIGNATURE_RENDITION)
    # Downsized renditions of the uploads, not the originals: a light PDF, sharp on paper.
    assert (logo.width, logo.height) == (640, 160)
    assert (signature.width, signature.height) == (533, 160)
    images = pdf_images(data)
    assert len(images) == QR_CODE + 2
    assert (logo.width, logo.height) in images
    assert (signature.width, signature.height) in images
    text = pdf_text(data)
    assert "Ada Example Programme lead" in text  # the name and role under the signature
    assert_one_a4_page(data)


def test_without_uploads_nothing_stands_in_for_logo_or_signature(course, learner):
    template = course.certificate_template
    assert template.logo is None and template.signature_image is None
    certificate = certificate_issue(user=learner, course=course, language="en")

    data = certificate_pdf_render(certificate=certificate)

    assert len(pdf_images(data)) == QR_CODE
    html = printed_html(certificate)
    assert html.count("<img") == 1 and 'class="qr"' in html
    assert "<svg" not in html and "<canvas" not in html  # no drawn squiggle either
    assert "Ada Example Programme lead" in pdf_text(data)


def test_an_image_whose_file_is_gone_is_left_out(course, learner):
    template = course.certificate_template
    template.logo = uploaded_image("Logo", (800, 200))
    template.save()
    default_storage.delete(template.logo.file.name)
    certificate = certificate_issue(user=learner, course=course, language="en")

    data = certificate_pdf_render(certificate=certificate)

    assert len(pdf_images(data)) == QR_CODE
    assert "Kai Jensen" in pdf_text(data)


@pytest.mark.parametrize(
    ("language", "name", "heading", "size_class"),
    [
        ("de", GERMAN_NAME, "Teilnahmebescheinigung", "learner-longest"),
        ("el", GREEK_NAME, "Πιστοποιητικό ολοκλήρωσης", "learner-long"),
    ],
)
def test_long_names_print_in_full_on_one_a4_page(
    course, locales, language, name, heading, size_class
):
    template = course.certificate_template
    template.logo = uploaded_image("Logo", (1200, 300))
    template.signature_image = uploaded_image("Signature", (600, 180))
    template.save()
    translated = template.copy_for_translation(locales[language])
    translated.heading = heading
    translated.save()
    certificate = certificate_issue(
        user=UserFactory(display_name=name), course=course, language=language
    )

    data = certificate_pdf_render(certificate=certificate)

    assert certificate_pdf_context(certificate=certificate)["learner_name_class"] == size_class
    # Read as printed: long names may break after a hyphen, never lose a part. Greek comes
    # out as Greek letters, so the font had the glyphs (no empty boxes).
    text = pdf_text(data, join_hyphenated=True)
    assert name in text
    assert heading in text
    assert_one_a4_page(data)
    assert len(pdf_images(data)) == QR_CODE + 2


def test_a_name_as_long_as_a_certificate_holds_stays_on_one_page(course, learner):
    certificate = certificate_issue(user=learner, course=course, language="en")
    certificate.learner_name = ("Hohenzollern" * 30)[:255]  # one word: no space to break at

    data = certificate_pdf_render(certificate=certificate)

    assert_one_a4_page(data)
    assert "Ada Example" in pdf_text(data)  # the footer is still there


def test_short_names_keep_the_full_size(course, learner):
    certificate = certificate_issue(user=learner, course=course, language="en")

    assert certificate_pdf_context(certificate=certificate)["learner_name_class"] == ""
    assert 'class="learner"' in printed_html(certificate)


def test_editors_choose_the_logo_and_signature_in_the_template_editor(client, course):
    client.force_login(UserFactory(superuser=True))
    template = course.certificate_template
    logo = uploaded_image("Logo", (1200, 300))
    signature = uploaded_image("Signature", (600, 180))
    url = reverse("wagtailsnippets_courses_certificatetemplate:edit", args=[template.pk])

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": template.name,
            "heading": template.heading,
            "body": template.body,
            "issuer_name": template.issuer_name,
            "logo": logo.pk,
            "signatory_name": template.signatory_name,
            "signatory_role": template.signatory_role,
            "signature_image": signature.pk,
            "validity_months": 0,
        },
    )

    assert 'name="logo"' in form and 'name="signature_image"' in form
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.logo == logo
    assert template.signature_image == signature
