import factory
import wagtail_factories

from .models import ResourceIndexPage, ResourcePage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"ResourceIndexPage {n}")

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"ResourcePage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = ResourcePage
