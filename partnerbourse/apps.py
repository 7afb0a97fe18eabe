from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerbourseConfig(AppConfig):
    name = "partnerbourse"
    verbose_name = _("Partner exchange")
