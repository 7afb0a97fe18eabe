from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(AppConfig):
    name = "cms.users"
    label = "users"
    verbose_name = _("Users")


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with this site's forms and account deletion."""

    user_viewset = "cms.users.admin_views.UserViewSet"
