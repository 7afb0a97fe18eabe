"""The base of every Wagtail document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Wagtail builds the admin's upload, multiple-upload, chooser-upload and edit forms from it, so
a new file is checked here whichever way an editor uploads it: its content must match its
extension (cms/core/document_content.py), and it is scanned for viruses when CLAMD_URL is set.
"""

from wagtail.documents.forms import BaseDocumentForm

from .document_content import document_file_check_content
from .virus_scan import upload_scan


def document_upload_check(*, file, name: str) -> None:
    """The checks every new document goes through; ``ValidationError`` if it is refused."""
    document_file_check_content(file=file, name=name)
    upload_scan(file=file)


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            document_upload_check(file=file, name=file.name)
        return file
