from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from cms.core.models import ContentPage, IndexPage, keywords_field


class NewsCategory(models.TextChoices):
    NEWS = "news", _("News")
    PODCAST = "podcast", _("Podcast")
    EVENT = "event", _("Event")
    GAME = "game", _("Game")


class NewsPage(ContentPage):
    category = models.CharField(
        _("category"), max_length=20, choices=NewsCategory.choices, default=NewsCategory.NEWS
    )
    keywords = keywords_field(related_name="news_pages")
    card_kind_field = "category"

    schema_type = "NewsArticle"
    parent_page_types = ["news.NewsIndexPage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("category"),
        *ContentPage.intro_panels,
        FieldPanel("body"),
        *ContentPage.classification_panels,
    ]
    search_fields = [*ContentPage.search_fields, index.FilterField("category")]
    api_fields = [*ContentPage.api_fields, APIField("category")]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class NewsIndexPage(IndexPage):
    listing_model = NewsPage
    category_field = "category"
    category_label = _("Category")
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index")
