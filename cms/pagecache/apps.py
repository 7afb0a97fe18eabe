from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "cms.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        # Here rather than in the middleware: scheduled publishing and imports run in
        # management commands, which never load middleware, and must purge too.
        from . import receivers

        receivers.connect()
