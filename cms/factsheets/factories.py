import factory
import wagtail_factories

from .models import FactsheetIndexPage, FactsheetPage


class FactsheetIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"FactsheetIndexPage {n}")

    class Meta:
        model = FactsheetIndexPage


class FactsheetPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"FactsheetPage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = FactsheetPage
