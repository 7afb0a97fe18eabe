"""Admin: the imported items, read-only: which source file became which page, and how it is.

Only imports write ImportedItem rows, so nobody may add, edit or delete them here, not even a
superuser; editors (the "view" permission) list, filter and inspect them and follow the link to
the page.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from .models import ImportedItem

READ_ONLY_ACTIONS = {"add", "change", "delete"}


class ImportedItemPermissionPolicy(ModelPermissionPolicy):
    """The model's "view" permission, and nothing else for anybody."""

    def user_has_permission(self, user, action):
        return action not in READ_ONLY_ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - READ_ONLY_ACTIONS)


def _sections(request=None):
    sections = ImportedItem.objects.order_by("section").values_list("section", flat=True)
    return [(name, name) for name in sections.distinct()]


class ImportedItemFilterSet(WagtailFilterSet):
    STATUSES = [
        ("live", _("Live page")),
        ("draft", _("Draft page")),
        ("unresolved", _("Waiting for referenced items")),
        ("assets", _("Pictures or files not copied")),
        ("no_page", _("Page deleted")),
    ]
    section = django_filters.ChoiceFilter(label=_("Section"), choices=_sections)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUSES, method="filter_status"
    )
    last_imported_at = django_filters.DateFromToRangeFilter(
        label=_("Imported (the run that last wrote the item)"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = ImportedItem
        fields = ["section", "status", "last_imported_at"]

    def filter_status(self, queryset, name, value):
        conditions = {
            "live": Q(page__live=True),
            "draft": Q(page__live=False),
            "unresolved": ~Q(unresolved_ids=[]),
            "assets": ~Q(assets_not_fetched=[]),
            "no_page": Q(page__isnull=True),
        }
        return queryset.filter(conditions[value]) if value in conditions else queryset


def _page_edit_url(item: ImportedItem) -> str | None:
    return reverse("wagtailadmin_pages:edit", args=[item.page_id]) if item.page_id else None


class ImportedItemIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")


class ImportedItemViewSet(ModelViewSet):
    model = ImportedItem
    index_view_class = ImportedItemIndexView
    icon = "download"
    menu_label = _("Imported items")
    add_to_settings_menu = True
    menu_order = 900
    inspect_view_enabled = True
    copy_view_enabled = False
    # The add and edit views exist but their permission is refused to all: an empty form.
    form_fields = []
    filterset_class = ImportedItemFilterSet
    search_fields = ["source_path", "source_id"]
    ordering = ["section", "source_path"]
    list_per_page = 50
    list_display = [
        TitleColumn(
            "source_path",
            label=_("Source file"),
            url_name="importer_importeditem:inspect",
            sort_key="source_path",
        ),
        "section",
        TitleColumn(
            "page",
            label=_("Page"),
            get_url=_page_edit_url,
            accessor="page",
        ),
        BooleanColumn("page_live", label=_("Live"), accessor="page.live"),
        Column(
            "unresolved_ids",
            label=_("Waiting for (items)"),
            accessor=lambda item: len(item.unresolved_ids) or "",
        ),
        Column(
            "assets_not_fetched",
            label=_("Not copied (assets)"),
            accessor=lambda item: len(item.assets_not_fetched) or "",
        ),
        DateColumn("last_imported_at", label=_("Last imported"), sort_key="last_imported_at"),
    ]
    inspect_view_fields = [
        "source_id",
        "section",
        "source_path",
        "page",
        "content_hash",
        "unresolved_ids",
        "assets_not_fetched",
        "last_imported_at",
    ]
