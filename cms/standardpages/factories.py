import factory
import wagtail_factories

from .models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    listing_summary = "A page used in tests."

    class Meta:
        model = StandardPage
