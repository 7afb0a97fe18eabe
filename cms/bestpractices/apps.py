from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BestPracticesConfig(AppConfig):
    name = "cms.bestpractices"
    label = "bestpractices"
    verbose_name = _("Best practices")
