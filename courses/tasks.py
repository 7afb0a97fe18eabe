"""Background work of courses: rendering certificate PDFs and telling learners their
certificate is ready, so completing a course stays fast and no page waits for a mail server;
rebuilding a module's transcript from its captions, so publishing never waits for parsing.

With ``TASKS_BACKEND=database`` a ``manage.py db_worker`` runs them; with the default
immediate backend they run in-process once what they work on is committed.

Imports run one way: the services that enqueue these tasks import this module; the tasks call
notifications and only the services that enqueue nothing (``certificate_pdfs``, ``transcripts``).
"""

from dataclasses import asdict

from django_tasks import task

from .models import Certificate
from .notifications import certificate_ready_mail_send
from .services.certificate_pdfs import certificate_pdf_store
from .services.transcripts import transcript_rebuild_published


@task()
def certificate_pdf_render_task(*, certificate_id: int) -> bool:
    """Renders and stores a certificate's PDF; False when the certificate no longer exists or
    no longer carries a name (the learner deleted their account meanwhile)."""
    certificate = Certificate.objects.filter(pk=certificate_id, user__isnull=False).first()
    if certificate is None:
        return False
    certificate_pdf_store(certificate=certificate)
    return True


@task()
def certificate_ready_mail_task(*, certificate_id: int) -> int:
    """E-mails the learner that their certificate is ready; returns the number of mails sent
    (0 when the certificate is gone, revoked or no longer has a learner)."""
    return certificate_ready_mail_send(certificate_id=certificate_id)


@task()
def transcript_rebuild_task(*, module_id: int) -> dict | None:
    """Rebuilds a published module's transcript from its captions; returns the cues stored per
    language and the problems found (None when the module no longer exists)."""
    result = transcript_rebuild_published(module_id=module_id)
    return None if result is None else asdict(result)
