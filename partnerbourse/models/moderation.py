"""A record of each e-mail digest sent to the moderators.

The digest service reads the last one to send at most one mail an hour and to mail only when
something arrived since; the rows also tell who wonders "was I told?" when it was sent.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModerationNotice(models.Model):
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    item_count = models.PositiveIntegerField(_("items waiting"))
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("moderation notice")
        verbose_name_plural = _("moderation notices")

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} ({self.item_count})"
