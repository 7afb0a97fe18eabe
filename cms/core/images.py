"""Images carry no EXIF or other embedded metadata, neither the stored originals nor renditions.

A phone photo's EXIF block holds its GPS position, capture time and device; XMP, IPTC, comments
and PNG text chunks can hold the same and more. Originals are cleaned once, when they enter the
site (``image_file_strip_metadata``, called by the admin's image forms and the importer; and
``image_strip_stored_metadata`` where Wagtail stores an upload before its form), so the stored
file, the API's download and every rendition are clean.

Before anything decodes an upload, ``image_file_check_budget`` refuses one whose frames would
cost too much to decode (cms/core/image_frames.py); every path that takes an image calls it.

Renditions are covered twice over: Willow copies an original's EXIF block into every rendition
it saves, and offers no setting against it (its savers ask ``get_exif_data()`` for the block to
copy), so that method is replaced at start-up. That also keeps renditions of images stored
before originals were cleaned free of metadata.
"""

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from PIL import Image as PILImage
from PIL import ImageOps
from willow.plugins.pillow import PillowImage

from .image_frames import UnreadableImage, image_cost

# Keys of Pillow's ``info`` that hold personal or descriptive data rather than what is needed
# to show the picture.
METADATA_INFO_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "iptc"}
# What the re-encoded file keeps: colour rendering and animation timing, nothing about who,
# where or with what the picture was taken.
KEPT_INFO_KEYS = {"icc_profile", "duration", "loop", "transparency", "background", "dpi"}
ORIENTATION_TAG = 0x0112
# Pictures that must be encoded again (rotated, or not a plain JPEG) lose as little as possible;
# Pillow's defaults (75-80) would visibly soften a photo.
LOSSY_FORMATS = {"JPEG", "WEBP", "AVIF"}
REENCODE_QUALITY = 92
CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
}

# Wagtail's default for WAGTAILIMAGES_MAX_IMAGE_PIXELS.
DEFAULT_MAX_IMAGE_PIXELS = 128 * 1000000
TOO_MANY_FRAMES = _(
    "This animation has more than %(max_frames)s frames. Shorten it, or upload a still image."
)
TOO_MANY_PIXELS = _(
    "This image has too many pixels to process: more than %(max_pixels)s across all its "
    "frames. Make it smaller, or shorten the animation."
)
UNREADABLE_IMAGE = _(
    "This image could not be read. Save it again with an image editor and upload it again."
)


def image_file_check_budget(*, file) -> None:
    """Refuse (``ValidationError``) an image too costly to decode, reading only its headers.

    Every frame counts, at the size of its canvas: a still picture may have up to
    WAGTAILIMAGES_MAX_IMAGE_PIXELS, an animation up to IMAGE_MAX_ANIMATION_PIXELS in all its
    frames and at most IMAGE_MAX_FRAMES frames (re-encoding one keeps every frame in memory).
    """
    max_frames = settings.IMAGE_MAX_FRAMES
    still_budget = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)
    # None switches Wagtail's own check off; decoding still needs a bound.
    still_budget = still_budget or DEFAULT_MAX_IMAGE_PIXELS
    animation_budget = min(still_budget, settings.IMAGE_MAX_ANIMATION_PIXELS)
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        cost = image_cost(data, max_frames=max_frames, max_pixels=still_budget)
    except PILImage.DecompressionBombError as error:
        raise _too_many_pixels(still_budget) from error
    except UnreadableImage as error:
        raise ValidationError(UNREADABLE_IMAGE, code="invalid_image") from error
    if cost.frames > max_frames:
        raise ValidationError(
            TOO_MANY_FRAMES % {"max_frames": number_format(max_frames, force_grouping=True)},
            code="image_too_many_frames",
        )
    budget = still_budget if cost.frames == 1 else animation_budget
    if cost.pixels > budget:
        raise _too_many_pixels(budget)


def _too_many_pixels(budget: int) -> ValidationError:
    return ValidationError(
        TOO_MANY_PIXELS % {"max_pixels": number_format(budget, force_grouping=True)},
        code="file_too_many_pixels",
    )


def _no_exif_data(image) -> None:
    return None


def renditions_strip_metadata() -> None:
    """Make every rendition Willow saves (JPEG, PNG, WebP, AVIF...) leave the EXIF block out."""
    PillowImage.get_exif_data = _no_exif_data


def _carries_metadata(picture: PILImage.Image) -> bool:
    if METADATA_INFO_KEYS & set(picture.info) or len(picture.getexif()):
        return True
    # PNG tEXt/iTXt/zTXt chunks (author, description, software, sometimes a location).
    return bool(getattr(picture, "text", None))


def image_file_strip_metadata(*, file):
    """The uploaded image ``file`` without its embedded metadata, in the same format.

    The EXIF orientation is applied to the pixels before the block goes, so a portrait photo
    stays upright. Files without metadata are returned as they are (rewound), so a clean JPEG or
    WebP is not re-encoded and loses nothing; a JPEG that needs no rotation keeps its
    quantisation tables and chroma subsampling, other lossy files are encoded at quality 92.
    Raises ``PIL.UnidentifiedImageError`` (an ``OSError``) for content that is not an image.
    """
    file.seek(0)
    with PILImage.open(file) as picture:
        if not _carries_metadata(picture):
            file.seek(0)
            return file
        # A phone's multi-picture JPEG (MPO) keeps its main picture only, as a plain JPEG: the
        # other pictures (depth maps, previews) carry their own metadata.
        image_format = "JPEG" if picture.format == "MPO" else picture.format
        frames = 1 if image_format == "JPEG" else getattr(picture, "n_frames", 1)
        options = {key: picture.info[key] for key in KEPT_INFO_KEYS if key in picture.info}
        if frames > 1:
            # Animated GIF/WebP: every frame is kept; they are not rotated (cameras don't make
            # animations, and Pillow transposes one frame only).
            clean = picture
            options["save_all"] = True
        else:
            clean = ImageOps.exif_transpose(picture)
            rotated = picture.getexif().get(ORIENTATION_TAG, 1) != 1
            if picture.format == "JPEG" and not rotated:
                clean, options = picture, {**options, "quality": "keep", "subsampling": "keep"}
        if image_format in LOSSY_FORMATS and "quality" not in options:
            options["quality"] = REENCODE_QUALITY
        # Savers read some keys (a GIF comment, PNG text) from the image's own info as well.
        clean.info = {key: value for key, value in clean.info.items() if key in KEPT_INFO_KEYS}
        buffer = io.BytesIO()
        clean.save(buffer, format=image_format, **options)
    name = os.path.basename(getattr(file, "name", "") or "image")
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type=CONTENT_TYPES.get(image_format, "image/*")
    )


def image_strip_stored_metadata(*, image) -> None:
    """Replace the image's stored file by one without metadata, if it carries any.

    For the multiple uploader's second step: an upload whose other fields need filling in is
    stored as it came (a Wagtail ``UploadedFile``) and copied to the image without passing
    through the file field of a form. The image is not saved here.
    """
    with image.open_file() as stored:
        clean = image_file_strip_metadata(file=stored)
        if clean is stored:
            return
        old_name = image.file.name
        image.file.save(os.path.basename(old_name), clean, save=False)
    image.file.storage.delete(old_name)
    image._set_image_file_metadata()
