import datetime

import factory
import wagtail_factories

from .models import EventIndexPage, EventPage, EventSession


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"EventIndexPage {n}")

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"EventPage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = EventPage


class EventSessionFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(EventPageFactory)
    start_date = factory.Faker("date_between", start_date="+1d", end_date="+90d")
    start_time = datetime.time(14, 0)
    end_time = datetime.time(15, 30)
    time_zone = "Europe/Copenhagen"

    class Meta:
        model = EventSession
