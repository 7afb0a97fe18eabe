"""The shared vocabulary editors tag content with. Translatable, so each language has its labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class TaxonomyTerm(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Theme(TaxonomyTerm):
    """A broad subject area such as Technology, Management or Tourism."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Audience(TaxonomyTerm):
    """Who an item is for, such as heritage professionals or visitors."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class Licence(TaxonomyTerm):
    """A content licence, shown with the attribution on every page that uses it."""

    url = models.URLField(_("licence URL"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
