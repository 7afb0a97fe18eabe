"""Helpers every area of the courses app shares."""

from typing import TypeVar

from wagtail.models import Locale, Page

P = TypeVar("P", bound=Page)


def canonical_page(page: P) -> P:
    """The default-language version of a course or module page, where learning records point.

    A page whose default-language version does not exist (a course written only in Danish, say)
    is its own canonical page.
    """
    default_locale = Locale.get_default()
    if page.locale_id == default_locale.pk:
        return page
    return page.get_translation_or_none(default_locale) or page
