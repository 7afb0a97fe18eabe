import factory
import wagtail_factories

from .models import ArticleIndexPage, ArticlePage


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"ArticleIndexPage {n}")

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"ArticlePage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = ArticlePage
