"""Every way a document enters the site, as one call each, for the upload tests.

Each path takes (client, name, content, tmp_path) and returns an ``Outcome``: the stored
document's bytes (or None) and the text of the refusal shown (or "").
"""

from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.models import Collection

from bs4 import BeautifulSoup

from cms.importer.assets import AssetFetcher


@dataclass
class Outcome:
    stored: bytes | None
    errors: str


def _stored(title: str) -> bytes | None:
    document = get_document_model().objects.filter(title=title).first()
    if document is None:
        return None
    with document.open_file() as stored:
        return stored.read()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _form_errors(response) -> str:
    if response.status_code != 200:
        return ""
    return " ".join(response.context["form"].errors.get("file", []))


def admin_add(client, name, content, tmp_path=None) -> Outcome:
    response = client.post("/admin/documents/add/", {"title": name, "file": _upload(name, content)})
    return Outcome(_stored(name), _form_errors(response))


def admin_multiple(client, name, content, tmp_path=None) -> Outcome:
    response = client.post(
        "/admin/documents/multiple/add/", {"title": name, "files[]": _upload(name, content)}
    )
    return Outcome(_stored(name), response.json().get("error_message", ""))


def admin_chooser(client, name, content, tmp_path=None) -> Outcome:
    response = client.post(
        "/admin/documents/chooser/create/",
        {
            "document-chooser-upload-title": name,
            "document-chooser-upload-file": _upload(name, content),
            "document-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )
    data = response.json()
    errors = ""
    if data.get("step") != "chosen":
        errors = BeautifulSoup(data.get("htmlFragment", ""), "html.parser").get_text(" ")
    return Outcome(_stored(name), errors)


def admin_replace(client, name, content, tmp_path=None) -> Outcome:
    """A new file for an existing document, on its edit page."""
    document = get_document_model()(title=f"before {name}")
    document.file.save("old.txt", ContentFile(b"old notes"), save=False)
    document.save()
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": name,
            "file": _upload(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    return Outcome(_stored(name), _form_errors(response))


def importer(client, name, content, tmp_path: Path) -> Outcome:
    (tmp_path / name).write_bytes(content)
    fetcher = AssetFetcher(enabled=False, asset_map={"https://cdn.example.org/": str(tmp_path)})
    warnings = []
    document_id = fetcher.document(f"https://cdn.example.org/{name}", title=name, warnings=warnings)
    return Outcome(_stored(name) if document_id else None, " ".join(warnings))


DOCUMENT_PATHS = {
    "admin-add": admin_add,
    "admin-multiple": admin_multiple,
    "admin-chooser": admin_chooser,
    "admin-replace": admin_replace,
    "importer": importer,
}
# The importer finds a file's type from its bytes and takes the kinds a static CMS links to.
IMPORTED_EXTENSIONS = {"pdf", "zip", "docx", "xlsx", "pptx", "odt", "txt", "csv"}
