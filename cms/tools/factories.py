import factory
import wagtail_factories

from .models import ToolIndexPage, ToolPage


class ToolIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"ToolIndexPage {n}")

    class Meta:
        model = ToolIndexPage


class ToolPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"ToolPage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = ToolPage
