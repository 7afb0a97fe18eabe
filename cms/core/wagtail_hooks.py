"""Admin registration of the shared taxonomy."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, Licence, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class LicenceViewSet(SnippetViewSet):
    model = Licence
    icon = "doc-full"
    list_display = ["name", "url", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (ThemeViewSet, AudienceViewSet, LicenceViewSet)


register_snippet(TaxonomyViewSetGroup)
