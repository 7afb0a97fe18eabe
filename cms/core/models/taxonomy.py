"""The shared vocabulary editors tag content with. Translatable, so each language has its labels."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from wagtail_localize.fields import SynchronizedField, TranslatableField


class TaxonomyTerm(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FilterTerm(TaxonomyTerm):
    """A term that section indexes filter by, addressed in links by its slug (``?theme=education``).

    Translations share the slug of the term they translate (wagtail-localize synchronises it
    instead of offering it for translation), so one filter link works in every language.
    """

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        allow_unicode=False,
        help_text=_(
            "The term's name in filter links, such as ?theme=education. Leave it empty to make "
            "one from the name."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TaxonomyTerm.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        # Terms are made by the admin, the importer, the demo loader and wagtail-localize alike;
        # each must come out with a slug for the filter links to work.
        if not self.slug:
            self.slug = term_slug_for(term=self)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # The admin form leaves the locale out, so Django skips the (locale, slug) constraint
        # there; without this check a taken slug would fail on save instead of in the form.
        if self.slug and self.locale_id:
            taken = type(self).objects.filter(locale_id=self.locale_id, slug=self.slug)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"slug": _("Another term in this language already has this slug.")}
                )


def term_slug_for(*, term: FilterTerm) -> str:
    """A slug for a term: its translations' slug if they have one, else one from its name that
    no other term of its language uses yet."""
    model = type(term)
    shared = (
        model.objects.filter(translation_key=term.translation_key)
        .exclude(slug="")
        .exclude(pk=term.pk)
        .values_list("slug", flat=True)
        .first()
    )
    if shared:
        return shared
    base = slugify(term.name)[:90] or model._meta.model_name
    taken = set(
        model.objects.filter(locale_id=term.locale_id, slug__startswith=base)
        .exclude(pk=term.pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken or slug.isdigit():
        # A slug of digits alone would be read as an old numeric link (?theme=10).
        slug, number = f"{base}-{number}", number + 1
    return slug


class Theme(FilterTerm):
    """A broad subject area such as Technology, Management or Tourism."""

    class Meta(FilterTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="core_theme_unique_slug")
        ]


class Audience(FilterTerm):
    """Who an item is for, such as heritage professionals or visitors."""

    class Meta(FilterTerm.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="core_audience_unique_slug")
        ]


class Licence(TaxonomyTerm):
    """A content licence, shown with the attribution on every page that uses it."""

    url = models.URLField(_("licence URL"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
