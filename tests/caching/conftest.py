import pytest


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production; tests/conftest.py clears the cache around each test."""
    settings.PAGE_CACHE_SECONDS = 300
    return settings


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as the admin does: the purge runs once the transaction commits."""

    def run(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return run


@pytest.fixture
def unpublish(django_capture_on_commit_callbacks):
    def run(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.unpublish()
        return page

    return run
