"""The forms every image enters the site through, each with the same checks in the same order.

``MetadataFreeImageForm`` is the base of every Wagtail image form
(``WAGTAILIMAGES_IMAGE_FORM_BASE``): Wagtail builds the admin's upload, multiple-upload,
chooser-upload and edit forms from it. ``AvatarForm`` replaces the form of the admin's profile
picture (installed by ``CoreConfig``, with a template that shows its errors). A new file is
first costed from its headers (frames x pixels), then scanned for viruses (when CLAMD_URL is
set), and only then decoded: its metadata stripped and, for an avatar, shrunk.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.account import AvatarPreferencesForm
from wagtail.images.forms import BaseImageForm

from .images import image_file_check_budget, image_file_strip_metadata, image_strip_stored_metadata
from .virus_scan import upload_scan

# Wagtail's own wording for its image uploads, and so its translations.
AVATAR_TOO_LARGE = _("This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s.")
AVATAR_FORMAT = _("Not a supported image format. Supported formats: %(supported_formats)s.")
# Pillow's names for the formats of WAGTAILIMAGES_EXTENSIONS (MPO: a phone's JPEG).
PILLOW_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
PILLOW_FORMATS |= {"avif": "AVIF"}


def image_upload_clean(*, file):
    """The checks every new image goes through; returns the file to store, without metadata."""
    image_file_check_budget(file=file)
    upload_scan(file=file)
    return image_file_strip_metadata(file=file)


class MetadataFreeImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        # Only a newly uploaded file: an unchanged one is already stored (and was cleaned).
        if file and "file" in self.changed_data:
            return image_upload_clean(file=file)
        return file

    def save(self, commit=True):
        # The multiple uploader's form without a file field, for an upload it stored itself.
        if "file" not in self.fields and self.instance._state.adding and self.instance.file:
            image_strip_stored_metadata(image=self.instance)
        return super().save(commit=commit)


class AvatarForm(AvatarPreferencesForm):
    """Wagtail's profile picture form, with the checks of an image upload.

    Wagtail's own form takes any size of file in any format Pillow reads (a TIFF of a thousand
    pages), keeps a small picture's EXIF (GPS included) and shrinks a large one by decoding it,
    whatever its frames.
    """

    def clean_avatar(self):
        file = self.cleaned_data.get("avatar")
        if file and file is not self._original_avatar and "avatar" in self.changed_data:
            _check_avatar_format(file)
            limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
            if limit and file.size > limit:
                raise ValidationError(
                    AVATAR_TOO_LARGE
                    % {
                        "file_size": filesizeformat(file.size),
                        "max_filesize": filesizeformat(limit),
                    },
                    code="file_too_large",
                )
            # Upright and without metadata before Wagtail shrinks it.
            self.cleaned_data["avatar"] = image_upload_clean(file=file)
        return super().clean_avatar()


def _check_avatar_format(file) -> None:
    """Only the formats an image upload may have (Django's ImageField found the format)."""
    extensions = settings.WAGTAILIMAGES_EXTENSIONS
    allowed = {PILLOW_FORMATS[extension] for extension in extensions if extension in PILLOW_FORMATS}
    if "JPEG" in allowed:
        allowed.add("MPO")
    if getattr(getattr(file, "image", None), "format", None) not in allowed:
        raise ValidationError(
            AVATAR_FORMAT % {"supported_formats": ", ".join(extensions).upper()},
            code="invalid_image_extension",
        )
