"""Reading generated PDFs in tests, with poppler-utils' pdftotext."""

import shutil
import subprocess

import pytest


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace runs collapsed; skips the test where pdftotext is missing."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return " ".join(result.stdout.decode().split())
