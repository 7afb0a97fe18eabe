"""The "Partner board" admin menu: listings to review, reported listings, organisations."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import privacy  # noqa: F401  (registers the personal data export and erasure hooks)
from .admin_panels import ModerationPanel
from .admin_views import admin_urls
from .selectors.organisations import user_can_moderate


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_moderate(user=request.user)


class ModeratorSubmenuMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return user_can_moderate(user=request.user)


@hooks.register("register_admin_urls")
def register_partner_board_urls():
    return admin_urls()


@hooks.register("register_admin_menu_item")
def register_partner_board_menu():
    menu = Menu(
        items=[
            ModeratorMenuItem(
                _("Listings to review"),
                reverse("partnerbourse_admin_pending"),
                name="partner-board-pending",
                icon_name="warning",
                order=100,
            ),
            ModeratorMenuItem(
                _("Reported listings"),
                reverse("partnerbourse_admin_reported"),
                name="partner-board-reported",
                icon_name="warning",
                order=200,
            ),
            ModeratorMenuItem(
                _("Organisations"),
                reverse("partnerbourse_admin_organisations"),
                name="partner-board-organisations",
                icon_name="group",
                order=300,
            ),
        ]
    )
    return ModeratorSubmenuMenuItem(
        _("Partner board"), menu, name="partner-board", icon_name="group", order=550
    )


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if user_can_moderate(user=request.user):
        panels.append(ModerationPanel())
