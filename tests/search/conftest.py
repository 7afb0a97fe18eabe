import datetime

from django.utils import translation

import pytest

from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def factsheets(home_page):
    return FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")


@pytest.fixture
def make_factsheet(factsheets):
    def make(title, summary="", **kwargs):
        kwargs.setdefault("date", datetime.date(2026, 1, 1))
        return FactsheetPageFactory(parent=factsheets, title=title, summary=summary, **kwargs)

    return make
