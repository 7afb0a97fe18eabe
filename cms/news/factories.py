import factory
import wagtail_factories

from .models import NewsIndexPage, NewsPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"NewsIndexPage {n}")

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"NewsPage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = NewsPage
