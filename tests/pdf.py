"""Reading generated PDFs in tests: their text (poppler-utils' pdftotext), pages and images
(pdfinfo, pdfimages) and the QR codes on their first page (pdftoppm and zxing-cpp)."""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest


def _poppler(tool: str, *args: str, data: bytes) -> str:
    """Run a poppler-utils tool on the PDF; skips the test where the tool is missing."""
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed: cannot read the PDF")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "document.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [tool, *args, str(path)], capture_output=True, check=True, timeout=60
        )
    return result.stdout.decode()


def pdf_text(data: bytes, *, join_hyphenated: bool = False) -> str:
    """The PDF's text with whitespace runs collapsed; skips the test where pdftotext is missing.

    With ``join_hyphenated``, a line that ends in a hyphen runs on into the next with the
    hyphen kept, so a name like "Hohenzollern-Sigmaringen" reads whole wherever the layout broke
    it (pdftotext's own reading order drops such hyphens as if they were hyphenation).
    """
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text")
    mode = ["-raw"] if join_hyphenated else []
    result = subprocess.run(
        ["pdftotext", *mode, "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    text = result.stdout.decode()
    if join_hyphenated:
        text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    width: float  # of the first page, in points
    height: float


def pdf_info(data: bytes) -> PdfInfo:
    """The number of pages and the first page's size in points (pdfinfo)."""
    output = _poppler("pdfinfo", data=data)
    pages = int(re.search(r"^Pages:\s+(\d+)", output, re.MULTILINE).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", output, re.MULTILINE)
    return PdfInfo(pages=pages, width=float(size.group(1)), height=float(size.group(2)))


def pdf_images(data: bytes) -> list[tuple[int, int]]:
    """The (width, height) in pixels of each image drawn in the PDF, in order (pdfimages); the
    transparency masks of images with an alpha channel are not counted as images of their own."""
    rows = _poppler("pdfimages", "-list", data=data).splitlines()[2:]
    return [
        (int(columns[3]), int(columns[4]))
        for columns in (row.split() for row in rows)
        if columns[2] == "image"
    ]


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
