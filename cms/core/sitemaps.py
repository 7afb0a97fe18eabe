"""The sitemap: every live, public page in every language, with its translations as alternates."""

from collections import defaultdict

from django.conf import settings
from django.utils.functional import cached_property

from wagtail.contrib.sitemaps import Sitemap
from wagtail.coreutils import get_supported_content_language_variant

# hreflang of the version for visitors whose language none of the translations matches.
X_DEFAULT = "x-default"


class AllLanguagesSitemap(Sitemap):
    """Every live, public page of the site in every language.

    Wagtail's own sitemap lists only the default language's tree; each translation of the home
    page roots a tree of its own, so all of them are walked here. A page that has translations
    lists them all (itself included) as ``xhtml:link rel="alternate"`` with ``x-default`` for
    its default-language version, as Google asks; an untranslated page lists none. Django's
    sitemap template declares the xhtml namespace and renders each URL's ``alternates``.
    """

    @cached_property
    def _live_pages(self):
        from wagtail.models import Page

        root = self.get_wagtail_site().root_page
        trees = Page.objects.none()
        for home in root.get_translations(inclusive=True):
            trees |= Page.objects.descendant_of(home, inclusive=True)
        return trees.live().public()

    def items(self):
        return self._live_pages.order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        # Wagtail's own, plus the alternates of the whole sitemap page fetched at once.
        pages = list(self.paginator.page(page).object_list)
        alternates = self._alternates(pages)
        urls, last_mods = [], set()
        for item in pages:
            for url_info in item.get_sitemap_urls(self.request):
                # Only the page's own address: extra ones (a feed, say) are not translations.
                if url_info.get("location") == item.get_full_url(self.request):
                    url_info["alternates"] = alternates.get(item.pk, [])
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        # last_mods might be empty if the whole site is private
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, pages) -> dict[int, list[dict]]:
        """Page id -> its ``{"lang_code", "location"}`` alternates, in one query for all.

        Translations are the live, public pages of this sitemap that share a translation key.
        Aliases show another language's text, so they neither have nor are alternates.
        """
        keys = {item.translation_key for item in pages if item.alias_of_id is None}
        if not keys:
            return {}
        translations = (
            self._live_pages.filter(translation_key__in=keys, alias_of__isnull=True)
            .select_related("locale")
            .order_by("locale__language_code", "path")
        )
        by_key = defaultdict(dict)
        for translation in translations:
            by_key[translation.translation_key].setdefault(
                translation.locale.language_code, translation.get_full_url(self.request)
            )
        # The default locale's language (what Locale.get_default() looks up), without a query.
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        alternates = {}
        for item in pages:
            versions = by_key.get(item.translation_key, {})
            if item.alias_of_id is not None or len(versions) < 2:
                continue
            links = [{"lang_code": code, "location": url} for code, url in versions.items()]
            if default in versions:
                links.append({"lang_code": X_DEFAULT, "location": versions[default]})
            alternates[item.pk] = links
        return alternates
