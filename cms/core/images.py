"""Images carry no EXIF or other embedded metadata, neither the stored originals nor renditions.

A phone photo's EXIF block holds its GPS position, capture time and device; XMP, IPTC, comments
and PNG text chunks can hold the same and more. Originals are cleaned once, when they enter the
site (``image_file_strip_metadata``, called by the admin's image forms and the importer; and
``image_strip_stored_metadata`` where Wagtail stores an upload before its form), so the stored
file, the API's download and every rendition are clean.

Renditions are covered twice over: Willow copies an original's EXIF block into every rendition
it saves, and offers no setting against it (its savers ask ``get_exif_data()`` for the block to
copy), so that method is replaced at start-up. That also keeps renditions of images stored
before originals were cleaned free of metadata.
"""

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image as PILImage
from PIL import ImageOps
from willow.plugins.pillow import PillowImage

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
