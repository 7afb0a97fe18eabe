"""Rendering a certificate's PDF and keeping it in storage: the work
``courses.tasks.certificate_pdf_render_task`` does in the background, and a download does when
the worker has not got to it yet (``courses.services.certificates.certificate_pdf_get``).

Nothing here enqueues a task, so the tasks can call it without importing back the services that
enqueue them.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac

from ..models import Certificate
from ..selectors.certificates import certificate_pdf_render

PDF_DIRECTORY = "certificates"


def certificate_pdf_storage_name(*, certificate: Certificate) -> str:
    digest = salted_hmac("courses.certificate-pdf", certificate.code, algorithm="sha256")
    return f"{PDF_DIRECTORY}/{digest.hexdigest()}.pdf"


def certificate_pdf_store(*, certificate: Certificate) -> bytes | None:
    """Renders the PDF and keeps it (replacing any earlier copy); returns its bytes. Stores
    nothing and returns None for a revoked certificate (a render queued before the revocation)."""
    if certificate.revoked_at is not None:
        return None
    data = certificate_pdf_render(certificate=certificate)
    name = certificate_pdf_storage_name(certificate=certificate)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(data))
    return data
