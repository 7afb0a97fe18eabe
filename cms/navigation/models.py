"""The editor-controlled main menu and footer links, one set per site.

The menu is a list of groups (Learn, Resources, Community...) of links to pages or to a few
site views that are not pages (the partner board). Links point at pages in any language: the
selectors show each page's translation in the visitor's language where one exists. Group names
are a fixed, translated vocabulary so that the menu reads right in every language without an
editor translating a setting.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

# Group kinds, in the order a menu built without an editor shows them.
GROUP_LABELS = {
    "learn": _("Learn"),
    "resources": _("Resources"),
    "community": _("Community"),
    "about": _("About"),
    "more": _("More"),
}

# Site views that are not pages but belong in the menu: URL name and label.
VIEW_LINKS = {
    "partnerbourse:board": _("Partner board"),
}


class MenuLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False, label=_("page"))
    view = blocks.ChoiceBlock(
        choices=list(VIEW_LINKS.items()),
        required=False,
        label=_("or a site view"),
        help_text=_("Used when no page is chosen."),
    )

    class Meta:
        icon = "link"
        label = _("link")


class MenuGroupBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=list(GROUP_LABELS.items()),
        label=_("group"),
        help_text=_(
            "New sections that no group links to are added to the group of their kind "
            "(or to More) automatically."
        ),
    )
    links = blocks.ListBlock(MenuLinkBlock(), label=_("links"))

    class Meta:
        icon = "list-ul"
        label = _("menu group")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    menu = StreamField(
        [("group", MenuGroupBlock())],
        blank=True,
        verbose_name=_("main menu"),
        help_text=_(
            "Choose pages in any language: visitors see the translation in their language "
            "where one exists."
        ),
    )
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imprint page"),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("data protection page"),
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact page"),
    )
    team_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team page"),
    )

    panels = [
        FieldPanel("menu"),
        MultiFieldPanel(
            [
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("contact_page"),
                FieldPanel("team_page"),
            ],
            heading=_("Footer"),
        ),
    ]

    class Meta:
        verbose_name = _("navigation")

    def footer_page_ids(self) -> dict[str, int]:
        """The footer's chosen pages by role, without loading them."""
        return {
            role: page_id
            for role, page_id in (
                ("imprint", self.imprint_page_id),
                ("privacy", self.privacy_page_id),
                ("contact", self.contact_page_id),
                ("team", self.team_page_id),
            )
            if page_id
        }
