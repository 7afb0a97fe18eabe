from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # Here rather than in the admin: workflow approval, scheduled publishing and
        # translations publish modules outside the editor, and must rebuild transcripts too.
        from . import receivers

        receivers.connect()
