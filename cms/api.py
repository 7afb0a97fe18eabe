"""The read-only Wagtail API v2 at /api/v2/: published pages, images and documents.

Only live, public pages are served, and each page type lists the fields it exposes in
``api_fields``; private fields (such as a best practice's contact) are never listed.

Anyone can send any query string, so none may cost a server error: a wrong one answers 400 with
a JSON ``message``. Searches go through the site search's cleaning (``cms.core.search_query``),
the offset is bounded (a huge one overflowed the database's integers) and field filters are
converted by their model field first (``date=abc`` reached the database as it was). Links are on
the public address, ``SITE_URL``: ``detail_url`` through ``WAGTAILAPI_BASE_URL`` (settings),
``html_url`` here, whatever the Site's hostname and port say.
"""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch

from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.core.absolute_urls import page_absolute_url
from cms.core.search_query import clean_query, parsed_query

# Deepest offset served: deeper pages of a listing are better found by filtering, and larger
# numbers overflow the database's integers.
MAX_OFFSET = 10_000
SEARCH_OPERATORS = ("and", "or")


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError as error:
            raise BadRequestError("offset must be a positive integer") from error
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        # Wagtail checks the rest: a negative offset, and limit up to WAGTAILAPI_LIMIT_MAX.
        return super().paginate_queryset(queryset, request, view)


class CleanSearchFilter(SearchFilter):
    """Wagtail's search filter on the query as the site search cleans it."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator") or "or"
        if operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query, _shortened = clean_query(request.GET["search"])
        if not query:
            # Nothing searchable was left, as on the search page: nothing is found.
            return queryset.none()
        params = request.GET.copy()
        params["search"] = parsed_query(query, operator=operator)
        params.pop("search_operator", None)
        # Wagtail's filter reads only request.GET; it keeps its checks and error messages.
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


class ConvertingFieldsFilter(FieldsFilter):
    """Field filters (``?date=2026-01-01``) converted by the model field before the database
    sees them: Wagtail converts only integers and booleans."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields or name == "locale":
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except LookupError:
                continue
            if isinstance(field, models.Field) and not field.is_relation:
                try:
                    field.to_python(value)
                except (ValidationError, ValueError, TypeError, OverflowError) as error:
                    raise BadRequestError(
                        f"field filter error. '{value}' is not a valid value for {name}"
                    ) from error
        return super().filter_queryset(request, queryset, view)


def _with_own_filters(filter_backends: list) -> list:
    replacements = {SearchFilter: CleanSearchFilter, FieldsFilter: ConvertingFieldsFilter}
    return [replacements.get(backend, backend) for backend in filter_backends]


class SiteUrlPageHtmlUrlField(PageHtmlUrlField):
    def to_representation(self, page):
        try:
            return page_absolute_url(page)
        except NoReverseMatch:
            return None


class _SiteUrlNestedPage:
    """A page's parent or original as Wagtail nests it, on the serializer below."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=SiteUrlPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class SiteUrlPageParentField(_SiteUrlNestedPage, PageParentField):
    pass


class SiteUrlPageAliasOfField(_SiteUrlNestedPage, PageAliasOfField):
    pass


class SiteUrlPageSerializer(PageSerializer):
    html_url = SiteUrlPageHtmlUrlField(read_only=True)
    parent = SiteUrlPageParentField(read_only=True)
    alias_of = SiteUrlPageAliasOfField(read_only=True)


class CheckedFindMixin:
    """Query strings the database would choke on answer 400: NUL anywhere, and ``find/?id=``
    with an id that is not a number (Wagtail passed both to the database, which failed)."""

    def initial(self, request, *args, **kwargs):
        # PostgreSQL refuses NUL in a string parameter (html_path, filters...); ``search`` is
        # cleaned like the search page's instead (CleanSearchFilter).
        if any("\x00" in key + value for key, value in request.GET.items() if key != "search"):
            raise BadRequestError("query parameters cannot contain NUL characters")
        super().initial(request, *args, **kwargs)

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                object_id = int(request.GET["id"])
            except ValueError as error:
                raise BadRequestError("id must be a positive integer") from error
            if object_id < 0:
                raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)


class HubPagesAPIViewSet(CheckedFindMixin, PagesAPIViewSet):
    base_serializer_class = SiteUrlPageSerializer
    pagination_class = BoundedPagination
    filter_backends = _with_own_filters(PagesAPIViewSet.filter_backends)


class HubImagesAPIViewSet(CheckedFindMixin, ImagesAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = _with_own_filters(ImagesAPIViewSet.filter_backends)


class HubDocumentsAPIViewSet(CheckedFindMixin, DocumentsAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = _with_own_filters(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", HubPagesAPIViewSet)
api_router.register_endpoint("images", HubImagesAPIViewSet)
api_router.register_endpoint("documents", HubDocumentsAPIViewSet)
