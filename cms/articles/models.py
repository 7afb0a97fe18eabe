"""Articles: the page type for editorial content that fits no other one.

Project write-ups, and whatever an imported hub holds in sections the import mapping does not
know, become articles rather than being forced into a type whose fields they lack.
"""

from django.utils.translation import gettext_lazy as _

from cms.core.models import ContentPage, IndexPage, keywords_field


class ArticlePage(ContentPage):
    keywords = keywords_field(related_name="article_pages")

    parent_page_types = ["articles.ArticleIndexPage"]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")


class ArticleIndexPage(IndexPage):
    listing_model = ArticlePage
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = _("article index")
