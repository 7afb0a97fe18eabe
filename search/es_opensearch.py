"""OpenSearch 2/3 variants of the per-language backends in ``search.es``.

A module of its own because importing it needs the ``opensearch-py`` client, which a site on
Elasticsearch does not install.
"""

from modelsearch.backends import opensearch2, opensearch3

from search.es import LanguageMappingMixin, LanguageQueryCompilerMixin, with_language_settings


class OpenSearch3Mapping(LanguageMappingMixin, opensearch3.OpenSearch3Mapping):
    pass


class OpenSearch3SearchQueryCompiler(
    LanguageQueryCompilerMixin, opensearch3.OpenSearch3SearchQueryCompiler
):
    mapping_class = OpenSearch3Mapping


class OpenSearch3AutocompleteQueryCompiler(opensearch3.OpenSearch3AutocompleteQueryCompiler):
    mapping_class = OpenSearch3Mapping


class OpenSearch3SearchBackend(opensearch3.OpenSearch3SearchBackend):
    mapping_class = OpenSearch3Mapping
    query_compiler_class = OpenSearch3SearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearch3AutocompleteQueryCompiler
    settings = with_language_settings(opensearch3.OpenSearch3SearchBackend.settings)


class OpenSearch2Mapping(LanguageMappingMixin, opensearch2.OpenSearch2Mapping):
    pass


class OpenSearch2SearchQueryCompiler(
    LanguageQueryCompilerMixin, opensearch2.OpenSearch2SearchQueryCompiler
):
    mapping_class = OpenSearch2Mapping


class OpenSearch2AutocompleteQueryCompiler(opensearch2.OpenSearch2AutocompleteQueryCompiler):
    mapping_class = OpenSearch2Mapping


class OpenSearch2SearchBackend(opensearch2.OpenSearch2SearchBackend):
    mapping_class = OpenSearch2Mapping
    query_compiler_class = OpenSearch2SearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearch2AutocompleteQueryCompiler
    settings = with_language_settings(opensearch2.OpenSearch2SearchBackend.settings)
