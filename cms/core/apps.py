from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from wagtail.admin.views.account import AvatarSettingsPanel

        from .image_forms import AvatarForm
        from .images import renditions_strip_metadata

        renditions_strip_metadata()
        # Wagtail offers no setting for the profile picture's form; its panel names the form and
        # the template (ours adds the form's errors, which Wagtail's does not show).
        AvatarSettingsPanel.form_class = AvatarForm
        AvatarSettingsPanel.template_name = "core/avatar_settings_panel.html"
