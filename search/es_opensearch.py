"""OpenSearch 2/3 variants of the per-language backends in ``search.es``.

A module of its own because importing it needs the ``opensearch-py`` client, which a site on
Elasticsearch does not install.
"""

from modelsearch.backends import opensearch2, opensearch3
from opensearchpy import TransportError

from cms.core.search_fallback import DatabaseFallbackResults
from search.es import LanguageMappingMixin, LanguageQueryCompilerMixin, with_language_settings


def opensearch_failed(error: Exception) -> bool:
    """As ``search.es.elasticsearch_failed``: opensearch-py raises every failure, a refused
    connection (status "N/A") as well as an HTTP error, as a TransportError."""
    return isinstance(error, TransportError) and error.status_code != 400


class OpenSearch3Mapping(LanguageMappingMixin, opensearch3.OpenSearch3Mapping):
    pass


class OpenSearch3SearchQueryCompiler(
    LanguageQueryCompilerMixin, opensearch3.OpenSearch3SearchQueryCompiler
):
    mapping_class = OpenSearch3Mapping


class OpenSearch3AutocompleteQueryCompiler(opensearch3.OpenSearch3AutocompleteQueryCompiler):
    mapping_class = OpenSearch3Mapping


class OpenSearch3SearchResults(DatabaseFallbackResults, opensearch3.OpenSearch3SearchResults):
    is_server_failure = staticmethod(opensearch_failed)


class OpenSearch3SearchBackend(opensearch3.OpenSearch3SearchBackend):
    mapping_class = OpenSearch3Mapping
    query_compiler_class = OpenSearch3SearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearch3AutocompleteQueryCompiler
    results_class = OpenSearch3SearchResults
    settings = with_language_settings(opensearch3.OpenSearch3SearchBackend.settings)


class OpenSearch2Mapping(LanguageMappingMixin, opensearch2.OpenSearch2Mapping):
    pass


class OpenSearch2SearchQueryCompiler(
    LanguageQueryCompilerMixin, opensearch2.OpenSearch2SearchQueryCompiler
):
    mapping_class = OpenSearch2Mapping


class OpenSearch2AutocompleteQueryCompiler(opensearch2.OpenSearch2AutocompleteQueryCompiler):
    mapping_class = OpenSearch2Mapping


class OpenSearch2SearchResults(DatabaseFallbackResults, opensearch2.OpenSearch2SearchResults):
    is_server_failure = staticmethod(opensearch_failed)


class OpenSearch2SearchBackend(opensearch2.OpenSearch2SearchBackend):
    mapping_class = OpenSearch2Mapping
    query_compiler_class = OpenSearch2SearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearch2AutocompleteQueryCompiler
    results_class = OpenSearch2SearchResults
    settings = with_language_settings(opensearch2.OpenSearch2SearchBackend.settings)
