"""Helpers every area of the courses app shares."""

from typing import TypeVar

from django.conf import settings

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

P = TypeVar("P", bound=Page)


def default_language_code() -> str:
    """The language code of the default locale (what ``Locale.get_default()`` looks up)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def canonical_page(page: P) -> P:
    """The default-language version of a course or module page, where learning records point.

    A page whose default-language version does not exist (a course written only in Danish, say)
    is its own canonical page.
    """
    # A page loaded with its locale (select_related, as the progress endpoint does on every
    # report) is checked by language code without a query; finding a translation takes one.
    if "locale" in page._state.fields_cache:
        language_code = default_language_code()
        if page.locale.language_code == language_code:
            return page
        translation = (
            type(page)
            .objects.filter(
                translation_key=page.translation_key, locale__language_code=language_code
            )
            .first()
        )
        return translation or page
    default_locale = Locale.get_default()
    if page.locale_id == default_locale.pk:
        return page
    return page.get_translation_or_none(default_locale) or page
