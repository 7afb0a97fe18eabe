"""Whether a language has content of its own to search, and the notice when it has none."""

from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from .sources import open_listings


def language_has_own_content(language_code: str) -> bool:
    """Whether anything searchable is written in this language: a live page of its own (an
    alias shows another language's text) or an open partner listing."""
    own_pages = Page.objects.live().filter(
        depth__gt=1, locale__language_code=language_code, alias_of__isnull=True
    )
    return own_pages.exists() or open_listings().filter(language=language_code).exists()


def all_languages_notice(language_code: str) -> str:
    name = get_language_info(language_code)["name_translated"]
    return str(
        _("There is no content in %(language)s yet, so all languages were searched.")
        % {"language": name}
    )
