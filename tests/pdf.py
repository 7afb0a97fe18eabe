"""Reading generated PDFs in tests: their text (poppler-utils' pdftotext) and the QR codes on
their first page (pdftoppm and zxing-cpp)."""

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


def qr_codes(data: bytes, tmp_path) -> list[str]:
    """The texts of the QR codes on the first page; skips the test where the tools are missing."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: cannot rasterise the PDF")
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is needed to decode the QR code")
    from PIL import Image

    (tmp_path / "certificate.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", "certificate.pdf", "page"],  # noqa: S607
        cwd=tmp_path,
        capture_output=True,
        check=True,
        timeout=60,
    )
    image = Image.open(tmp_path / "page.png")
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]
