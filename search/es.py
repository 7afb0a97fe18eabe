"""Elasticsearch 8/9 backends that analyse each document's text in its own language.

Why per-document language fields rather than one index per language or a sub-field per language
on every text field: modelsearch picks an index per *model*, not per object, so one index per
language would mean a second routing layer and multi-index queries for "all languages"; sub-fields
on every field would run all five stemmers over every document and let, say, an English page match
a query through the German stemmer. Instead each document gets one extra text field per boost
level for its own language only (``_all_text__da``, ``_all_text_boost_2_0__da``...), mapped with
that language's analyzer, next to modelsearch's language-neutral ``_all_text``. A query searches
``_all_text`` plus every language field: a Danish query word is stemmed by the Danish analyzer and
can only meet Danish documents there, and restricting results to one language stays what it is
today, a ``locale`` filter on the queryset.

While the server fails, the results answer from the database backend instead
(``cms.core.search_fallback.DatabaseFallbackResults``), so no caller sees the outage as an error.

The OpenSearch variants live in ``search.es_opensearch`` because they need ``opensearch-py``.
Settings name these classes by dotted path (see the "Search" section of ``cms/settings/base.py``).
"""

from copy import deepcopy

from elasticsearch import ApiError, TransportError
from modelsearch.backends import elasticsearch8, elasticsearch9
from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import RelatedFields, SearchField
from modelsearch.utils import deep_update

from cms.core.search_fallback import DatabaseFallbackResults

#: The site's languages and the Elasticsearch/OpenSearch built-in analyzer for each.
LANGUAGE_ANALYZERS = {
    "en": "english",
    "da": "danish",
    "de": "german",
    "it": "italian",
    "el": "greek",
}

ALL_TEXT_FIELD = "_all_text"


def analyzer_name(language: str) -> str:
    """Our named copy of the built-in analyzer, so stopwords or stem exclusions can be tuned later
    through INDEX_SETTINGS without touching the mapping."""
    return f"heritage_{language}"


def language_field_name(base_field: str, language: str) -> str:
    return f"{base_field}__{language}"


LANGUAGE_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                analyzer_name(language): {"type": builtin}
                for language, builtin in LANGUAGE_ANALYZERS.items()
            }
        }
    }
}


def _normalise_language(code) -> str | None:
    if not isinstance(code, str):
        return None
    code = code.split("-")[0].lower()
    return code if code in LANGUAGE_ANALYZERS else None


def _texts(value) -> list[str]:
    """Flatten what a SearchField yields (a string, a StreamField's list of strings, None...)."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


class LanguageMappingMixin:
    """Adds the per-language fields to the mapping and fills the document's own language."""

    def __init__(self, model):
        super().__init__(model)
        self._locale_languages = None

    def language_field_names(self, mapping_properties) -> list[str]:
        return [
            name
            for name in mapping_properties
            if name == ALL_TEXT_FIELD or name.startswith(f"{ALL_TEXT_FIELD}_boost_")
        ]

    def get_mapping(self):
        mapping = super().get_mapping()
        properties = mapping["properties"]
        for base_field in self.language_field_names(properties):
            for language in LANGUAGE_ANALYZERS:
                properties[language_field_name(base_field, language)] = {
                    "type": "text",
                    "analyzer": analyzer_name(language),
                }
        return mapping

    def get_language(self, obj) -> str | None:
        """The language of a translatable object (its locale), or of a model with a plain
        ``language`` code such as a board listing; None for language-neutral objects."""
        locale_id = getattr(obj, "locale_id", None)
        if locale_id is not None:
            if self._locale_languages is None:
                # One query per mapping, which modelsearch creates per item or per bulk chunk.
                from wagtail.models import Locale

                self._locale_languages = dict(Locale.objects.values_list("pk", "language_code"))
            return _normalise_language(self._locale_languages.get(locale_id))
        return _normalise_language(getattr(obj, "language", None))

    def _search_field_texts(self, search_fields, document, mapping):
        """Yield (boost, texts) for every SearchField, also inside RelatedFields, read from the
        already-built document so that no value is computed twice."""
        for field in search_fields:
            column = mapping.get_field_column_name(field)
            if isinstance(field, RelatedFields):
                nested = document.get(column)
                if nested is None:
                    continue
                nested_docs = nested if isinstance(nested, list) else [nested]
                related_model = field.get_field(mapping.model).related_model
                nested_mapping = type(self)(related_model)
                for nested_doc in nested_docs:
                    yield from self._search_field_texts(field.fields, nested_doc, nested_mapping)
            elif isinstance(field, SearchField):
                yield field.boost, _texts(document.get(column))

    def get_document(self, obj):
        document = super().get_document(obj)
        language = self.get_language(obj)
        if language is None:
            return document
        texts_by_field = {}
        for boost, texts in self._search_field_texts(
            self.model.get_search_fields(), document, self
        ):
            if not texts:
                continue
            # Mirror modelsearch's copy_to: everything into _all_text, boosted fields also into
            # their boost field.
            targets = [ALL_TEXT_FIELD]
            if boost:
                targets.append(self.get_boost_field_name(boost))
            for target in targets:
                texts_by_field.setdefault(target, []).extend(texts)
        for base_field, texts in texts_by_field.items():
            document[language_field_name(base_field, language)] = texts
        return document


class LanguageQueryCompilerMixin:
    """Searches the language fields next to modelsearch's language-neutral ones."""

    def _remap_fields(self, fields):
        remapped = super()._remap_fields(fields)
        if fields:
            # The caller chose fields (say, title only): search exactly those.
            return remapped
        language_fields = [
            Field(language_field_name(field.field_name, language), field.boost)
            for field in remapped
            for language in LANGUAGE_ANALYZERS
        ]
        return remapped + language_fields


def elasticsearch_failed(error: Exception) -> bool:
    """A failure of the server rather than of our query: no connection, a timeout, or any
    answer but 400 (a query the server rejects is a bug to see, not an outage to hide)."""
    if isinstance(error, ApiError):
        return error.meta.status != 400
    return isinstance(error, TransportError)


def with_language_settings(backend_settings: dict) -> dict:
    """The backend's index settings plus our analyzers (INDEX_SETTINGS still override both)."""
    return deep_update(deepcopy(backend_settings), LANGUAGE_INDEX_SETTINGS)


def language_backend(base_backend: type, *, is_server_failure, module: str) -> type:
    """``base_backend`` (a modelsearch Elasticsearch or OpenSearch backend) with the language
    fields above and the database fallback. The four server versions' modelsearch classes differ
    only in their client, so one builder makes each version's stack of five classes."""
    prefix = base_backend.__name__.removesuffix("SearchBackend")

    def subclass(name: str, bases: tuple, attributes: dict) -> type:
        return type(f"{prefix}{name}", bases, {"__module__": module, **attributes})

    mapping = subclass("Mapping", (LanguageMappingMixin, base_backend.mapping_class), {})
    return subclass(
        "SearchBackend",
        (base_backend,),
        {
            "mapping_class": mapping,
            "query_compiler_class": subclass(
                "SearchQueryCompiler",
                (LanguageQueryCompilerMixin, base_backend.query_compiler_class),
                {"mapping_class": mapping},
            ),
            "autocomplete_query_compiler_class": subclass(
                "AutocompleteQueryCompiler",
                (base_backend.autocomplete_query_compiler_class,),
                {"mapping_class": mapping},
            ),
            "results_class": subclass(
                "SearchResults",
                (DatabaseFallbackResults, base_backend.results_class),
                {"is_server_failure": staticmethod(is_server_failure)},
            ),
            "settings": with_language_settings(base_backend.settings),
        },
    )


Elasticsearch9SearchBackend = language_backend(
    elasticsearch9.Elasticsearch9SearchBackend,
    is_server_failure=elasticsearch_failed,
    module=__name__,
)
Elasticsearch8SearchBackend = language_backend(
    elasticsearch8.Elasticsearch8SearchBackend,
    is_server_failure=elasticsearch_failed,
    module=__name__,
)
