"""Animations are costed frame by frame, from their headers, on every way an image enters the
site: a GIF, APNG or WebP whose frames x pixels exceed the budget is refused at once with a
clear error; a short animation passes (cms/core/image_frames.py)."""

import io
import struct
import zlib

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from cms.core.image_frames import image_cost
from cms.users.factories import UserFactory

from .image_paths import IMAGE_PATHS, three_frame_gif

PALETTE = [0, 0, 0, 255, 255, 255] + [0] * 762


def gif_of(size: tuple[int, int], frames: int) -> bytes:
    """A looping GIF of ``frames`` full-size frames, each a copy of one frame Pillow encoded."""
    one = io.BytesIO()
    picture = PILImage.new("P", size, 0)
    picture.putpalette(PALETTE)
    picture.save(one, "GIF")
    data = one.getvalue()
    flags = data[10]
    start = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    assert data[start : start + 1] == b",", "the encoded frame should follow the colour table"
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    return data[:start] + loop + data[start:-1] * frames + b";"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def apng_of(size: tuple[int, int], frames: int, *, declared: int | None = None) -> bytes:
    """An APNG of ``frames`` full-size grey frames; its acTL chunk says ``declared``."""
    width, height = size
    pixels = zlib.compress((b"\x00" + b"\x80" * width) * height, 9)
    out = b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    )
    out += _chunk(b"acTL", struct.pack(">II", frames if declared is None else declared, 0))
    sequence = 0
    for n in range(frames):
        control = struct.pack(">IIIIIHHBB", sequence, width, height, 0, 0, 1, 10, 0, 0)
        out += _chunk(b"fcTL", control)
        sequence += 1
        if n == 0:
            out += _chunk(b"IDAT", pixels)
        else:
            out += _chunk(b"fdAT", struct.pack(">I", sequence) + pixels)
            sequence += 1
    return out + _chunk(b"IEND", b"")


def webp_of(size: tuple[int, int], frames: int) -> bytes:
    """An animated WebP of ``frames`` full-canvas frames, each a copy of one Pillow encoded."""
    buffer = io.BytesIO()
    first, second = PILImage.new("RGB", size, "red"), PILImage.new("RGB", size, "blue")
    first.save(buffer, "WEBP", save_all=True, append_images=[second], lossless=True)
    data = buffer.getvalue()
    chunks, pos = [], 12
    while pos + 8 <= len(data):
        kind, length = struct.unpack_from("<4sI", data, pos)
        end = pos + 8 + length + (length & 1)
        chunks.append((kind, data[pos:end]))
        pos = end
    head = b"".join(chunk for kind, chunk in chunks if kind != b"ANMF")
    frame = next(chunk for kind, chunk in chunks if kind == b"ANMF")
    body = b"WEBP" + head + frame * frames
    return b"RIFF" + struct.pack("<I", len(body)) + body


def short_gif() -> bytes:
    return three_frame_gif(size=(120, 90), comment=b"made by a test")


# Files over the budget, each as small as a real attack: well under the 10 MB upload limit.
OVER_BUDGET = {
    "gif-2000-frames-of-1-megapixel": ("bomb.gif", lambda: gif_of((1000, 1000), 2000)),
    "gif-1500-tiny-frames": ("flicker.gif", lambda: gif_of((10, 10), 1500)),
    "apng-200-frames": ("bomb.png", lambda: apng_of((1000, 1000), 200)),
    "apng-declaring-a-billion-frames": ("liar.png", lambda: apng_of((100, 100), 2, declared=10**9)),
    "webp-100-frames": ("bomb.webp", lambda: webp_of((1000, 1000), 100)),
}


@pytest.fixture
def editor(client, home_page):
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.mark.parametrize("kind", OVER_BUDGET)
def test_the_files_are_what_they_claim(kind):
    _name, make = OVER_BUDGET[kind]
    content = make()
    assert len(content) < 10 * 1024 * 1024
    with PILImage.open(io.BytesIO(content)) as picture:
        # What Wagtail's own check sees: one frame of a size it allows.
        assert picture.size[0] * picture.size[1] <= 1_000_000


@pytest.mark.parametrize("path", IMAGE_PATHS)
@pytest.mark.parametrize("kind", OVER_BUDGET)
def test_an_animation_over_the_budget_is_refused_quickly(editor, tmp_path, path, kind):
    name, make = OVER_BUDGET[kind]

    outcome = IMAGE_PATHS[path](editor, name, make(), tmp_path)

    assert outcome.stored is None
    assert outcome.seconds < 2
    expected = ["too many pixels", "more than 1,000 frames", "too many frames"]
    if kind.startswith("apng") and path.startswith("admin") and path != "admin-avatar":
        expected.append("Upload a valid image")  # Willow, behind Wagtail's forms, takes no APNG
    assert any(words in outcome.errors for words in expected), outcome.errors
    assert not get_image_model().objects.filter(title=name).exists()


@pytest.mark.parametrize("path", IMAGE_PATHS)
def test_a_short_animation_passes(editor, tmp_path, path):
    outcome = IMAGE_PATHS[path](editor, "short.gif", short_gif(), tmp_path)

    assert outcome.errors == ""
    assert outcome.stored is not None
    with PILImage.open(io.BytesIO(outcome.stored)) as stored:
        assert b"made by a test" not in outcome.stored
        if path != "admin-avatar":  # Wagtail's avatar form keeps one frame of a small picture
            assert stored.n_frames == 3


def test_the_budgets_are_settings(editor, settings, tmp_path):
    settings.IMAGE_MAX_FRAMES = 2
    refused = IMAGE_PATHS["admin-add"](editor, "three.gif", short_gif(), tmp_path)
    settings.IMAGE_MAX_FRAMES = 1000
    settings.IMAGE_MAX_ANIMATION_PIXELS = 2 * 120 * 90
    too_big = IMAGE_PATHS["admin-add"](editor, "three-again.gif", short_gif(), tmp_path)

    assert "more than 2 frames" in refused.errors
    assert "too many pixels" in too_big.errors


@pytest.mark.parametrize(
    ("make", "frames"),
    [
        (lambda: gif_of((50, 40), 7), 7),
        (lambda: apng_of((50, 40), 5), 5),
        (lambda: webp_of((50, 40), 4), 4),
        (short_gif, 3),
    ],
)
def test_frames_are_counted_as_pillow_decodes_them(make, frames):
    content = make()

    cost = image_cost(content, max_frames=1000, max_pixels=10**9)

    with PILImage.open(io.BytesIO(content)) as picture:
        assert picture.n_frames == frames
        assert (cost.frames, cost.pixels) == (frames, frames * picture.size[0] * picture.size[1])


def multi_page_tiff(pages: int) -> bytes:
    buffer = io.BytesIO()
    first, *rest = [PILImage.new("RGB", (200, 200), "navy") for _ in range(pages)]
    first.save(buffer, "TIFF", save_all=True, append_images=rest)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make"),
    [("pages.tiff", lambda: multi_page_tiff(50)), ("picture.bmp", lambda: bmp())],
)
def test_the_profile_picture_takes_only_the_formats_of_an_image_upload(editor, name, make):
    # Wagtail's own form takes whatever Pillow reads, a TIFF's every page included.
    outcome = IMAGE_PATHS["admin-avatar"](editor, name, make())

    assert outcome.stored is None
    assert "Not a supported image format" in outcome.errors


def bmp() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), "olive").save(buffer, "BMP")
    return buffer.getvalue()
