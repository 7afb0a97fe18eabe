"""Served images carry no EXIF metadata.

Willow copies an original's EXIF block into every rendition it saves, so a phone photo's GPS
position, capture time and device would reach every visitor. Renditions are already rotated
upright (Wagtail auto-orients before resizing), so the orientation tag is not needed either.
Willow offers no setting for this; its savers ask ``get_exif_data()`` for the block to copy.
"""

from willow.plugins.pillow import PillowImage


def _no_exif_data(image) -> None:
    return None


def renditions_strip_metadata() -> None:
    """Make every rendition Willow saves (JPEG, PNG, WebP, AVIF...) leave the EXIF block out."""
    PillowImage.get_exif_data = _no_exif_data
