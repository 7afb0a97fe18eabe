"""What the importer remembers between runs: which source item became which page, and assets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """One source item (a markdown file) and the page it became.

    The item's stable id (``pageId``) is the identity, not the file name: files get renamed, ids
    do not. The content hash tells a changed file from an unchanged one on the next run.
    """

    source_id = models.CharField(_("source id"), max_length=100, unique=True)
    section = models.CharField(_("section"), max_length=100)
    source_path = models.CharField(_("source path"), max_length=500)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_hash = models.CharField(_("content hash"), max_length=64)
    # Source ids this item refers to that had no page yet: resolved when they arrive.
    unresolved_ids = models.JSONField(_("unresolved references"), default=list, blank=True)
    # URLs of pictures and files the page still shows or links from their old server: a later
    # run that can fetch them imports the item again, even if its file did not change.
    assets_not_fetched = models.JSONField(_("assets not fetched"), default=list, blank=True)
    last_imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        ordering = ["section", "source_path"]

    def __str__(self) -> str:
        return f"{self.section}/{self.source_id}"


class ImportedAsset(models.Model):
    """A remote file copied once, so that re-imports reuse it instead of downloading again.

    The content hash (sha256 of the bytes as fetched) lets another URL serving the same bytes
    reuse the image or document instead of storing a duplicate.
    """

    url = models.URLField(_("URL"), max_length=1000, unique=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, db_index=True)
    fetched_at = models.DateTimeField(_("fetched"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported asset")
        verbose_name_plural = _("imported assets")

    def __str__(self) -> str:
        return self.url
