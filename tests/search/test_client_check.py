"""A search backend whose client is not installed is reported by `manage.py check`."""

import sys

from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

import pytest

ELASTICSEARCH = {
    "default": {"BACKEND": "search.es.Elasticsearch9SearchBackend", "AUTO_UPDATE": False},
}


@override_settings(WAGTAILSEARCH_BACKENDS=ELASTICSEARCH)
def test_a_missing_client_names_the_extra_to_install(monkeypatch):
    # None in sys.modules makes the import fail, as on an install without the extra.
    monkeypatch.setitem(sys.modules, "elasticsearch", None)
    with pytest.raises(SystemCheckError) as error:
        call_command("check")
    assert "search.E001" in str(error.value)
    assert "uv sync --locked --extra elasticsearch" in str(error.value)


@override_settings(WAGTAILSEARCH_BACKENDS=ELASTICSEARCH)
def test_an_installed_client_passes():
    call_command("check")
