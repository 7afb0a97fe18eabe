from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PracticeType


class PracticeTypeViewSet(SnippetViewSet):
    model = PracticeType
    icon = "tag"
    menu_order = 310
    add_to_admin_menu = False
    list_display = ["name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


register_snippet(PracticeTypeViewSet)
