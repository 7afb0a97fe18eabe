import factory
import wagtail_factories

from .models import BestPracticeIndexPage, BestPracticePage


class BestPracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"BestPracticeIndexPage {n}")

    class Meta:
        model = BestPracticeIndexPage


class BestPracticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"BestPracticePage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = BestPracticePage
