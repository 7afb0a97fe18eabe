"""Admin rights beyond Wagtail's own (cms/core/admin_permissions.py registers its hooks on import,
and Wagtail only discovers modules named wagtail_hooks), and the way from the admin's account
page to the site's password change."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from cms.core import admin_permissions  # noqa: F401


@hooks.register("register_account_menu_item")
def password_change_menu_item(request):
    # The admin's own password form is off (WAGTAIL_PASSWORD_MANAGEMENT_ENABLED): it checked the
    # current password with no limit. The site's form counts wrong ones like a log-in does.
    return {"url": reverse("account_change_password"), "label": _("Change your password")}
