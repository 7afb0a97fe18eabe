"""Download links name the file's type and size, with the number in the visitor's language."""

from django.template.loader import render_to_string
from django.utils import translation

from wagtail.documents import get_document_model

import pytest


@pytest.fixture
def pdf(db):
    document = get_document_model()(pk=1, title="Handbook", file="documents/handbook.pdf")
    document.file_size = 1_258_291  # 1.2 MB
    return document


@pytest.mark.parametrize(("language", "size"), [("en", "1.2"), ("da", "1,2"), ("de", "1,2")])
def test_download_link_shows_type_and_localised_size(pdf, language, size):
    with translation.override(language):
        html = render_to_string("components/download.html", {"document": pdf, "label": "Read"})
    assert f"(PDF, {size}\xa0MB)" in html


def test_download_without_a_recorded_size_shows_the_type(pdf):
    pdf.file_size = None
    html = render_to_string("components/download.html", {"document": pdf})
    assert "(PDF)" in html
