"""The search page's filters: the kinds of result, and the facet choices of the query string."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, get_page_models

from cms.core.models import Audience, Theme

KIND_TRANSCRIPT = "transcript"
KIND_LISTING = "listing"
ALL_LANGUAGES = "all"


@dataclass
class SearchFilters:
    kind: str = ""
    theme: int | None = None
    audience: int | None = None
    language: str = ""  # "" = the current language, "all", or a language code
    # Terms match by translation key: a translated page keeps the terms chosen on the original.
    theme_key: str = ""
    audience_key: str = ""


def searchable_kinds() -> dict[str, str]:
    """Facet value -> label of every kind of result, whether or not anything is published.

    The labels are translated here, once: a lazy label is translated again each time it is
    read, and the search page reads one per result.
    """
    kinds = {
        model._meta.model_name: str(capfirst(model._meta.verbose_name))
        for model in get_page_models()
        if model is not Page
    }
    kinds[KIND_TRANSCRIPT] = str(capfirst(_("transcript")))
    kinds[KIND_LISTING] = str(capfirst(_("partner listing")))
    return kinds


def filters_from_params(params) -> tuple[SearchFilters, bool]:
    """Facet choices from the query string, and whether any value was not recognised."""
    filters, unknown = SearchFilters(), False
    kind = params.get("type", "")
    if kind:
        if kind in searchable_kinds():
            filters.kind = kind
        else:
            unknown = True
    for name, model in (("theme", Theme), ("audience", Audience)):
        value = params.get(name, "")
        if not value:
            continue
        key = None
        if value.isdigit() and len(value) < 12:
            key = model.objects.filter(pk=int(value)).values_list("translation_key", flat=True)
            key = key.first()
        if key is None:
            unknown = True
        else:
            setattr(filters, name, int(value))
            setattr(filters, f"{name}_key", str(key))
    language = params.get("lang", "")
    if language:
        if language == ALL_LANGUAGES or language in dict(settings.LANGUAGES):
            filters.language = language
        else:
            unknown = True
    return filters, unknown
