"""Queueing the rebuild of a published module's transcript, and telling the editor who
published it what became of it.

The rebuild itself is ``courses.services.transcripts.transcript_rebuild_published``, which the
task runs; it lives apart from the queueing so that the tasks import no service that enqueues
them.
"""

import contextvars
import logging
from dataclasses import dataclass

from django.db import transaction

from django_tasks import TaskResult

from ..models import ModulePage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueuedRebuild:
    """What publishing a module did about its transcript, for the editor who published it."""

    module_id: int
    # None until the publishing's transaction commits (or when queueing failed).
    task_result: TaskResult | None = None
    queue_failed: bool = False


# Per thread, for the admin's after_publish_page hook; the last publishing wins.
_queued_rebuild: contextvars.ContextVar[QueuedRebuild | None] = contextvars.ContextVar(
    "courses_queued_transcript_rebuild", default=None
)


def transcript_rebuild_enqueue(*, module: ModulePage) -> None:
    """Queues the rebuild of a module's transcript from its captions once the publishing has
    committed, so that the worker reads the published captions. With the immediate tasks
    backend it runs right then, in-process."""
    module_id = module.pk
    _queued_rebuild.set(QueuedRebuild(module_id=module_id))
    transaction.on_commit(lambda: _rebuild_task_enqueue(module_id))


def _rebuild_task_enqueue(module_id: int) -> None:
    from ..tasks import transcript_rebuild_task

    try:
        result = transcript_rebuild_task.enqueue(module_id=module_id)
    except Exception:
        # The page is published already: a rebuild that cannot be queued must not turn that
        # into an error page.
        logger.exception("Queueing the transcript rebuild of module %s failed", module_id)
        _queued_rebuild.set(QueuedRebuild(module_id=module_id, queue_failed=True))
    else:
        _queued_rebuild.set(QueuedRebuild(module_id=module_id, task_result=result))


def transcript_rebuild_queued_pop(*, module_id: int) -> QueuedRebuild | None:
    """The rebuild the last publishing of this module in this thread queued, if any; forgotten
    once asked for, so that the editor hears about it once."""
    queued = _queued_rebuild.get()
    if queued is None or queued.module_id != module_id:
        return None
    _queued_rebuild.set(None)
    return queued
