import factory
import wagtail_factories

from .models import TrainingSyllabusIndexPage, TrainingSyllabusPage


class TrainingSyllabusIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"TrainingSyllabusIndexPage {n}")

    class Meta:
        model = TrainingSyllabusIndexPage


class TrainingSyllabusPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"TrainingSyllabusPage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = TrainingSyllabusPage
