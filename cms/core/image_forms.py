"""The base of every Wagtail image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``).

Wagtail builds the admin's upload, multiple-upload, chooser-upload and edit forms from this
base, so cleaning the file here covers every way an editor puts an image on the site.
"""

from wagtail.images.forms import BaseImageForm

from .images import image_file_strip_metadata, image_strip_stored_metadata


class MetadataFreeImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        # Only a newly uploaded file: an unchanged one is already stored (and was cleaned).
        if file and "file" in self.changed_data:
            return image_file_strip_metadata(file=file)
        return file

    def save(self, commit=True):
        # The multiple uploader's form without a file field, for an upload it stored itself.
        if "file" not in self.fields and self.instance._state.adding and self.instance.file:
            image_strip_stored_metadata(image=self.instance)
        return super().save(commit=commit)
