from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkCollectionsConfig(AppConfig):
    name = "cms.linkcollections"
    label = "linkcollections"
    verbose_name = _("Link collections")
