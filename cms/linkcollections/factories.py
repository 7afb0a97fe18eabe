import factory
import wagtail_factories

from .models import CollectionLink, LinkCollectionIndexPage, LinkCollectionPage


class LinkCollectionIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"LinkCollectionIndexPage {n}")

    class Meta:
        model = LinkCollectionIndexPage


class LinkCollectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"LinkCollectionPage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = LinkCollectionPage


class CollectionLinkFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(LinkCollectionPageFactory)
    title = factory.Sequence(lambda n: f"Platform {n}")
    url = factory.Sequence(lambda n: f"https://platform{n}.example.org/")
    kind = "network"

    class Meta:
        model = CollectionLink
