"""Admin integration of the courses app; each area registers its own hooks and viewsets in its
module under ``courses/admin/``, imported here because Wagtail only discovers this file."""

from .admin import authoring, certificates, privacy, reports  # noqa: F401
