from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Site search")

    def ready(self):
        from .checks import search_client_installed

        checks.register(search_client_installed)
