"""With CLAMD_URL set, every uploaded image and document is scanned by a real clamd before it is
stored; an infected file is refused, and so is every file while clamd cannot scan (fail closed).

clamd is started for these tests with a signature database of its own, one signature for the
EICAR test file, since the real databases come from the network (freshclam). Without clamd
(Debian's clamav-daemon) the tests that need it skip.
"""

import io
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from cms.core.virus_scan import clamd_instream
from cms.users.factories import UserFactory

from .document_paths import DOCUMENT_PATHS
from .image_paths import IMAGE_PATHS

# The EICAR anti-virus test file, in two halves so that no scanner flags this source file.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Heritage-Hub-Test.EICAR"
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
STREAM_MAX = 1024 * 1024


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(2)
            connection.connect(str(path))
            connection.sendall(b"zPING\0")
            return connection.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    if not Path(CLAMD).exists():
        pytest.skip("clamd is not installed (Debian package clamav-daemon): virus scan untested")
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    # A body signature that matches the EICAR string anywhere in any file (.ndb format).
    (folder / "db" / "test.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
    unix, port = folder / "clamd.sock", _free_port()
    (folder / "clamd.conf").write_text(
        f"LocalSocket {unix}\nTCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"DatabaseDirectory {folder / 'db'}\nLogFile {folder / 'clamd.log'}\nForeground yes\n"
        f"StreamMaxLength {STREAM_MAX}\n"
    )
    process = subprocess.Popen(
        [CLAMD, "-c", str(folder / "clamd.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not _answers(unix):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
            pytest.skip(f"clamd could not be started: {log[-500:]}")
        time.sleep(0.2)
    yield SimpleNamespace(unix=f"unix://{unix}", tcp=f"tcp://127.0.0.1:{port}")
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def editor(client, home_page):
    client.force_login(UserFactory(superuser=True))
    return client


def png_carrying(payload: bytes) -> bytes:
    text = PngInfo()
    text.add_text("Comment", payload.decode())
    buffer = io.BytesIO()
    PILImage.new("RGB", (16, 16), "teal").save(buffer, "PNG", pnginfo=text)
    return buffer.getvalue()


def pdf_carrying(payload: bytes) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Length 68 >>\nstream\n" + payload + b"\nendstream\nendobj\n%%EOF\n"
    )


def clean_png() -> bytes:
    return png_carrying(b"a harmless comment")


def test_the_client_speaks_instream_over_both_sockets(clamd):
    for url in (clamd.unix, clamd.tcp):
        assert clamd_instream(io.BytesIO(EICAR), url=url, timeout=10) == f"{SIGNATURE}.UNOFFICIAL"
        assert clamd_instream(io.BytesIO(b"hello"), url=url, timeout=10) is None


@pytest.mark.parametrize("transport", ["unix", "tcp"])
@pytest.mark.parametrize("path", DOCUMENT_PATHS)
def test_an_infected_document_is_refused(editor, clamd, settings, tmp_path, path, transport):
    settings.CLAMD_URL = getattr(clamd, transport)

    outcome = DOCUMENT_PATHS[path](editor, "infected.pdf", pdf_carrying(EICAR), tmp_path)

    assert outcome.stored is None
    assert ("virus found" if path == "importer" else SIGNATURE) in outcome.errors


@pytest.mark.parametrize("path", IMAGE_PATHS)
def test_an_infected_image_is_refused(editor, clamd, settings, tmp_path, path):
    settings.CLAMD_URL = clamd.unix

    outcome = IMAGE_PATHS[path](editor, "infected.png", png_carrying(EICAR), tmp_path)

    assert outcome.stored is None
    assert ("virus found" if path == "importer" else "contains a virus") in outcome.errors


@pytest.mark.parametrize("path", DOCUMENT_PATHS)
def test_a_clean_document_is_taken(editor, clamd, settings, tmp_path, path):
    settings.CLAMD_URL = clamd.tcp
    content = pdf_carrying(b"nothing to see")

    outcome = DOCUMENT_PATHS[path](editor, "clean.pdf", content, tmp_path)

    assert outcome.errors == ""
    assert outcome.stored == content


@pytest.mark.parametrize("path", IMAGE_PATHS)
def test_a_clean_image_is_taken(editor, clamd, settings, tmp_path, path):
    settings.CLAMD_URL = clamd.unix

    outcome = IMAGE_PATHS[path](editor, "clean.png", clean_png(), tmp_path)

    assert outcome.errors == ""
    assert outcome.stored is not None


def test_a_file_clamd_will_not_scan_whole_is_refused(editor, clamd, settings, tmp_path):
    # Over the StreamMaxLength of this clamd: it stops reading, and nothing unscanned gets in.
    settings.CLAMD_URL = clamd.unix
    content = pdf_carrying(b"0" * (2 * STREAM_MAX))

    outcome = DOCUMENT_PATHS["admin-add"](editor, "long.pdf", content, tmp_path)

    assert outcome.stored is None
    assert "could not be checked for viruses" in outcome.errors


# Fail closed: these need no clamd.

UNREACHABLE = ["unix:///nonexistent/clamd.sock", f"tcp://127.0.0.1:{_free_port()}"]


@pytest.mark.parametrize("url", UNREACHABLE)
@pytest.mark.parametrize("path", DOCUMENT_PATHS)
def test_no_document_is_taken_while_clamd_is_unreachable(editor, settings, tmp_path, path, url):
    settings.CLAMD_URL = url

    outcome = DOCUMENT_PATHS[path](editor, "clean.pdf", pdf_carrying(b"fine"), tmp_path)

    assert outcome.stored is None
    expected = "virus scan failed" if path == "importer" else "could not be checked for viruses"
    assert expected in outcome.errors


@pytest.mark.parametrize("path", IMAGE_PATHS)
def test_no_image_is_taken_while_clamd_is_unreachable(editor, settings, tmp_path, path):
    settings.CLAMD_URL = UNREACHABLE[0]

    outcome = IMAGE_PATHS[path](editor, "clean.png", clean_png(), tmp_path)

    assert outcome.stored is None
    expected = "virus scan failed" if path == "importer" else "could not be checked for viruses"
    assert expected in outcome.errors
