"""Signal wiring only: each receiver hands over to a service."""

from wagtail.signals import page_published

from .models import ModulePage
from .services.transcript_queue import transcript_rebuild_enqueue


def _module_published(sender, instance, **kwargs):
    transcript_rebuild_enqueue(module=instance)


def connect() -> None:
    page_published.connect(
        _module_published, sender=ModulePage, dispatch_uid="courses_transcript_rebuild"
    )
