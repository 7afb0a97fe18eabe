"""OpenSearch 2/3 variants of the per-language backends in ``search.es``.

A module of its own because importing it needs the ``opensearch-py`` client, which a site on
Elasticsearch does not install.
"""

from modelsearch.backends import opensearch2, opensearch3
from opensearchpy import TransportError

from search.es import language_backend


def opensearch_failed(error: Exception) -> bool:
    """As ``search.es.elasticsearch_failed``: opensearch-py raises every failure, a refused
    connection (status "N/A") as well as an HTTP error, as a TransportError."""
    return isinstance(error, TransportError) and error.status_code != 400


OpenSearch3SearchBackend = language_backend(
    opensearch3.OpenSearch3SearchBackend, is_server_failure=opensearch_failed, module=__name__
)
OpenSearch2SearchBackend = language_backend(
    opensearch2.OpenSearch2SearchBackend, is_server_failure=opensearch_failed, module=__name__
)
