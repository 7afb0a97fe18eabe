"""Saved searches and what their digests have already sent.

``query`` holds the browse filters as submitted (the same keys as the board's query string), so a
saved search re-runs through the same selector as the board. The unsubscribe link carries a
signed token of the saved search's id, so it needs no stored secret.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_saved_searches"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    query = models.JSONField(_("filters"), default=dict, blank=True)
    frequency = models.CharField(
        _("e-mail digest"),
        max_length=8,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    language = models.CharField(_("e-mail language"), max_length=8, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["frequency", "unsubscribed_at"], name="pb_savedsearch_due"),
        ]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name or f"Saved search {self.pk}"


class SavedSearchDelivery(models.Model):
    """A listing already sent in a saved search's digest: each listing goes out at most once."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="deliveries"
    )
    listing = models.ForeignKey("partnerbourse.Listing", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "listing"], name="partnerbourse_unique_delivery"
            )
        ]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")

    def __str__(self) -> str:
        return f"{self.listing_id} in saved search {self.saved_search_id}"
