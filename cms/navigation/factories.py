import factory

from .models import NavigationSettings


class NavigationSettingsFactory(factory.django.DjangoModelFactory):
    """Navigation settings of a site; ``menu`` takes [("group", {"kind", "links"})] values."""

    class Meta:
        model = NavigationSettings
        django_get_or_create = ("site",)
