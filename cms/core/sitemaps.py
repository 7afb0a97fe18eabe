from wagtail.contrib.sitemaps import Sitemap


class AllLanguagesSitemap(Sitemap):
    """Every live, public page of the site in every language.

    Wagtail's own sitemap lists only the default language's tree; each translation of the home
    page roots a tree of its own, so all of them are walked here.
    """

    def items(self):
        from wagtail.models import Page

        root = self.get_wagtail_site().root_page
        trees = Page.objects.none()
        for home in root.get_translations(inclusive=True):
            trees |= Page.objects.descendant_of(home, inclusive=True)
        return trees.live().public().order_by("path").defer_streamfields().specific()
