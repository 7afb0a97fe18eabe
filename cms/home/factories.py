import wagtail_factories

from .models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Heritage Hub"
    slug = "home"

    class Meta:
        model = HomePage
