"""What decoding every frame of an image would cost, read from its headers without decoding.

Wagtail's upload check multiplies width, height and frames, but Willow reports one frame for
every image it opens with Pillow, so a GIF of thousands of full-size frames passed it; removing
its metadata then decoded and re-encoded every frame (90 s and 2.3 GB for one upload). Pillow's
``n_frames`` walks a whole GIF to count, and trusts what an APNG declares. So GIF, PNG/APNG and
WebP are read here block by block, stopping as soon as the budget is spent: a frame costs its
whole canvas, since decoders draw each frame onto it. Other formats come from Pillow's header
(an AVIF sequence's count is in its container; a phone's multi-picture JPEG is kept as one
picture, cms/core/images.py). Uploads are limited to those formats (WAGTAILIMAGES_EXTENSIONS).

A malformed file can make a walk long (a GIF's data in one-byte blocks): the walk is bounded
in steps, and a file that needs more is "unreadable", never waved through.
"""

import io
import struct
from dataclasses import dataclass

from PIL import Image as PILImage

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Formats of one picture however many Pillow reports (MPO: only the main picture is kept).
STILL_FORMATS = {"JPEG", "MPO"}
# Steps a walk may take: plenty for any real file (a GIF's data comes in 255-byte blocks, a
# PNG's in kilobytes), far too few for one made of tiny blocks.
BASE_STEPS = 100_000
BYTES_PER_STEP = 128


class UnreadableImage(Exception):
    """The headers could not be walked (not an image, damaged, or built to be slow to walk)."""


@dataclass(frozen=True)
class ImageCost:
    format: str
    width: int
    height: int
    # Counted until the budget was spent: past it, both are lower bounds.
    frames: int
    pixels: int


def image_cost(data: bytes, *, max_frames: int, max_pixels: int) -> ImageCost:
    """The frames and the pixels decoded to show them all, for the image in ``data``.

    Counting stops once there are more than ``max_frames`` frames or ``max_pixels`` pixels.
    Raises ``UnreadableImage`` for bytes that are not an image Pillow knows, and Pillow's
    ``DecompressionBombError`` for a single frame far beyond Pillow's own limit.
    """
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            image_format = picture.format
            width, height = picture.size
            walked = image_format in WALKS or image_format in STILL_FORMATS
            pillow_frames = 1 if walked else getattr(picture, "n_frames", 1)
    except PILImage.DecompressionBombError:
        raise
    except Exception as error:  # UnidentifiedImageError, and others for damaged headers
        raise UnreadableImage(str(error)) from error
    walk = WALKS.get(image_format)
    if walk is not None:
        frames, pixels = walk(data, width, height, max_frames, max_pixels)
    else:
        frames = 1 if image_format in STILL_FORMATS else max(pillow_frames, 1)
        pixels = frames * width * height
    return ImageCost(
        format=image_format,
        width=width,
        height=height,
        frames=frames,
        pixels=pixels,
    )


def _steps_allowed(data: bytes) -> int:
    return BASE_STEPS + len(data) // BYTES_PER_STEP


def _gif(data: bytes, width: int, height: int, max_frames: int, max_pixels: int):
    """Frames and pixels of a GIF: one frame per image descriptor, as decoders see them.

    Like Pillow, unknown bytes between blocks are skipped one at a time and a frame that
    reaches past the logical screen enlarges the canvas for it and every later frame.
    """
    size = len(data)
    if size < 13:
        raise UnreadableImage("truncated GIF header")
    flags = data[10]
    pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    canvas_w, canvas_h = width, height
    frames = pixels = steps = 0
    allowed = _steps_allowed(data)
    while pos < size:
        steps += 1
        if steps > allowed:
            raise UnreadableImage("too many GIF blocks")
        block = data[pos]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: introducer, label, then data sub-blocks
            pos += 2
        elif block == 0x2C:  # image descriptor: one frame
            if pos + 10 > size:
                break
            left, top, frame_w, frame_h, local = struct.unpack_from("<HHHHB", data, pos + 1)
            pos += 10 + (3 * (2 << (local & 7)) if local & 0x80 else 0) + 1  # + LZW code size
            canvas_w, canvas_h = max(canvas_w, left + frame_w), max(canvas_h, top + frame_h)
            frames += 1
            pixels += canvas_w * canvas_h
            if frames > max_frames or pixels > max_pixels:
                return frames, pixels
        else:
            pos += 1
            continue
        while pos < size:  # sub-blocks, each led by its length, up to an empty one
            steps += 1
            if steps > allowed:
                raise UnreadableImage("too many GIF blocks")
            length = data[pos]
            pos += 1 + length
            if length == 0:
                break
    return max(frames, 1), max(pixels, width * height)


def _png(data: bytes, width: int, height: int, max_frames: int, max_pixels: int):
    """Frames and pixels of a PNG: an APNG has a frame per fcTL chunk, and declares a count
    in acTL; decoders follow one or the other, so the larger is counted."""
    size = len(data)
    pos = len(PNG_SIGNATURE)
    declared = counted = steps = 0
    animated = False
    allowed = _steps_allowed(data)
    while pos + 8 <= size:
        steps += 1
        if steps > allowed:
            raise UnreadableImage("too many PNG chunks")
        length, kind = struct.unpack_from(">I4s", data, pos)
        if kind == b"acTL" and pos + 12 <= size:
            animated = True
            declared = struct.unpack_from(">I", data, pos + 8)[0]
        elif kind == b"fcTL":
            counted += 1
        elif kind == b"IEND":
            break
        frames = max(declared, counted)
        if frames > max_frames or frames * width * height > max_pixels:
            break
        pos += 12 + length
    frames = max(declared, counted, 1) if animated else 1
    return frames, frames * width * height


def _webp(data: bytes, width: int, height: int, max_frames: int, max_pixels: int):
    """Frames and pixels of a WebP: an animation has one ANMF chunk per frame, each drawn on
    the canvas its VP8X chunk declares."""
    size = len(data)
    pos = 12  # "RIFF", length, "WEBP"
    frames = steps = 0
    canvas = width * height
    allowed = _steps_allowed(data)
    while pos + 8 <= size:
        steps += 1
        if steps > allowed:
            raise UnreadableImage("too many WebP chunks")
        kind, length = struct.unpack_from("<4sI", data, pos)
        if kind == b"VP8X" and pos + 18 <= size:
            canvas_w = 1 + int.from_bytes(data[pos + 12 : pos + 15], "little")
            canvas_h = 1 + int.from_bytes(data[pos + 15 : pos + 18], "little")
            canvas = max(canvas, canvas_w * canvas_h)
        elif kind == b"ANMF":
            frames += 1
            if frames > max_frames or frames * canvas > max_pixels:
                break
        pos += 8 + length + (length & 1)
    frames = max(frames, 1)
    return frames, frames * canvas


WALKS = {"GIF": _gif, "PNG": _png, "WEBP": _webp}
