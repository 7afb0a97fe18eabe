"""Every way an image enters the site, as one call each, for the upload tests.

Each path takes (client, name, content) and returns what the site said: ``stored`` (the image
or avatar file's bytes, or None) and ``errors`` (the text of the refusal shown, or "").
"""

import io
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from bs4 import BeautifulSoup
from PIL import Image as PILImage

from cms.importer.assets import AssetFetcher


@dataclass
class Outcome:
    stored: bytes | None
    errors: str
    seconds: float


def _stored_image(title: str) -> bytes | None:
    image = get_image_model().objects.filter(title=title).first()
    if image is None:
        return None
    with image.open_file() as original:
        return original.read()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def admin_add(client, name, content, tmp_path=None) -> Outcome:
    response, seconds = _timed(
        lambda: client.post("/admin/images/add/", {"title": name, "file": _upload(name, content)})
    )
    errors = ""
    if response.status_code == 200:
        errors = " ".join(response.context["form"].errors.get("file", []))
    return Outcome(_stored_image(name), errors, seconds)


def admin_multiple(client, name, content, tmp_path=None) -> Outcome:
    response, seconds = _timed(
        lambda: client.post(
            "/admin/images/multiple/add/", {"title": name, "files[]": _upload(name, content)}
        )
    )
    data = response.json()
    return Outcome(_stored_image(name), data.get("error_message", ""), seconds)


def admin_chooser(client, name, content, tmp_path=None) -> Outcome:
    response, seconds = _timed(
        lambda: client.post(
            "/admin/images/chooser/create/",
            {
                "image-chooser-upload-title": name,
                "image-chooser-upload-file": _upload(name, content),
                "image-chooser-upload-collection": Collection.get_first_root_node().pk,
            },
        )
    )
    data = response.json()
    errors = ""
    if data.get("step") != "chosen":
        errors = BeautifulSoup(data.get("htmlFragment", ""), "html.parser").get_text(" ")
    return Outcome(_stored_image(name), errors, seconds)


def admin_replace(client, name, content, tmp_path=None) -> Outcome:
    """A new file for an existing image, on its edit page."""
    old = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(old, "PNG")
    image = get_image_model()(title=f"before {name}", file=ImageFile(old, name="old.png"))
    image._set_image_file_metadata()
    image.save()
    response, seconds = _timed(
        lambda: client.post(
            f"/admin/images/{image.pk}/",
            {
                "title": name,
                "file": _upload(name, content),
                "collection": Collection.get_first_root_node().pk,
            },
        )
    )
    errors = ""
    if response.status_code == 200:
        errors = " ".join(response.context["form"].errors.get("file", []))
    image.refresh_from_db()
    stored = _stored_image(name) if image.file.name.rsplit("/", 1)[-1] != "old.png" else None
    return Outcome(stored, errors, seconds)


def account_form_data(client) -> dict:
    """The admin's account page as a browser would post it unchanged."""
    soup = BeautifulSoup(client.get("/admin/account/").content, "html.parser")
    form = soup.find("form", enctype="multipart/form-data")
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("file", "submit"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "") if field.name == "input" else field.text
    return data


def admin_avatar(client, name, content, tmp_path=None) -> Outcome:
    data = account_form_data(client)
    # Wagtail's name form requires names the test users do not have.
    data["name_email-first_name"] = data.get("name_email-first_name") or "Ada"
    data["name_email-last_name"] = data.get("name_email-last_name") or "Editor"
    data["avatar-avatar"] = _upload(name, content)
    response, seconds = _timed(lambda: client.post("/admin/account/", data))
    errors = ""
    if response.status_code == 200:
        shown = BeautifulSoup(response.content, "html.parser").find(id="id_avatar-avatar-errors")
        errors = shown.get_text(" ") if shown else "(no error shown)"
    user = response.wsgi_request.user
    profile = UserProfile.get_for_user(user)
    stored = None
    if profile.avatar:
        with profile.avatar.open("rb") as avatar:
            stored = avatar.read()
    return Outcome(stored, errors if stored is None else "", seconds)


def importer(client, name, content, tmp_path: Path) -> Outcome:
    (tmp_path / name).write_bytes(content)
    fetcher = AssetFetcher(enabled=False, asset_map={"https://cdn.example.org/": str(tmp_path)})
    warnings = []
    image_id, seconds = _timed(
        lambda: fetcher.image(f"https://cdn.example.org/{name}", title=name, warnings=warnings)
    )
    stored = _stored_image(name) if image_id else None
    return Outcome(stored, " ".join(warnings), seconds)


IMAGE_PATHS = {
    "admin-add": admin_add,
    "admin-multiple": admin_multiple,
    "admin-chooser": admin_chooser,
    "admin-replace": admin_replace,
    "admin-avatar": admin_avatar,
    "importer": importer,
}


def three_frame_gif(*, size: tuple[int, int], comment: bytes) -> bytes:
    """A small animated GIF (red, green, blue) carrying a comment."""
    frames = [PILImage.new("RGB", size, colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=100,
        loop=0,
        comment=comment,
    )
    return buffer.getvalue()
