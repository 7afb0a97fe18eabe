import pytest

from cms.events.factories import EventIndexPageFactory


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page, title="Events")
