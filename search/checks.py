"""A system check that the search server's client is installed where settings name one.

The Elasticsearch and OpenSearch clients are extras (pyproject.toml); without the right one the
site would start and then fail on the first search or publish.
"""

import importlib

from django.conf import settings
from django.core.checks import Error

# The package each backend module needs, and the extra that installs it.
CLIENT_EXTRAS = {
    "search.es.Elasticsearch9SearchBackend": ("elasticsearch", "elasticsearch"),
    "search.es.Elasticsearch8SearchBackend": ("elasticsearch", "elasticsearch8"),
    "search.es_opensearch.OpenSearch3SearchBackend": ("opensearchpy", "opensearch"),
    "search.es_opensearch.OpenSearch2SearchBackend": ("opensearchpy", "opensearch"),
}


def search_client_installed(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for alias, backend in settings.WAGTAILSEARCH_BACKENDS.items():
        client = CLIENT_EXTRAS.get(backend.get("BACKEND", ""))
        if client is None:
            continue
        module, extra = client
        try:
            importlib.import_module(module)
        except ImportError:
            errors.append(
                Error(
                    f"The search backend {alias!r} needs the {module!r} package.",
                    hint=f"Install it with `uv sync --locked --extra {extra}`.",
                    id="search.E001",
                )
            )
    return errors
