"""Background work of courses: rendering certificate PDFs, so completing a course stays fast.

With ``TASKS_BACKEND=database`` a ``manage.py db_worker`` renders them; with the default
immediate backend they are rendered in-process once the certificate is committed.
"""

from django_tasks import task

from .models import Certificate
from .services.certificates import certificate_pdf_store


@task()
def certificate_pdf_render_task(*, certificate_id: int) -> bool:
    """Renders and stores a certificate's PDF; False when the certificate no longer exists or
    no longer carries a name (the learner deleted their account meanwhile)."""
    certificate = Certificate.objects.filter(pk=certificate_id, user__isnull=False).first()
    if certificate is None:
        return False
    certificate_pdf_store(certificate=certificate)
    return True
