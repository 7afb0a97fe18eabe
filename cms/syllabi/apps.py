from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyllabiConfig(AppConfig):
    name = "cms.syllabi"
    label = "syllabi"
    verbose_name = _("Training syllabi")
