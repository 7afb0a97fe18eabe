from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Locale, Page, Site

import pytest

from cms.home.factories import HomePageFactory
from cms.users.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and lockouts count in the cache, which outlives each test's transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request leaves its language active in the
    thread (LocaleMiddleware), and ``reverse`` in the next test would build /el/ URLs."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def locales(db):
    """The site's locales, as the data migration creates them."""
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def home_page(locales):
    """An English home page as the root of the default site, as on a real install."""
    root = Page.get_first_root_node()
    for placeholder in Page.objects.filter(depth=2):
        placeholder.delete()
    home = HomePageFactory(parent=root, locale=locales["en"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def user(db):
    return UserFactory()
