"""Celery adapter for building an RFI's documents: it takes an id and calls documents.rfi_documents_build.

Transient database and file-system errors are retried with back-off; anything else, or the last retry failing,
ends the build in state failed with a message, so the page stops polling and offers to build again.
"""

from typing import Any

from celery import Task, shared_task
from django.db import OperationalError

from vendortrack.rfis.documents import rfi_documents_build, rfi_documents_failed

FAILURE = "The documents could not be built. Use “Build documents” to try again."
TRANSIENT = (OperationalError, OSError)


class DocumentsTask(Task):
    def on_failure(self, exc: BaseException, task_id: str, args: tuple, kwargs: dict, einfo: Any) -> None:
        rfi_id = kwargs.get("rfi_id", args[0] if args else None)
        if rfi_id is not None:
            rfi_documents_failed(rfi_id=rfi_id, reason=FAILURE)


@shared_task(
    base=DocumentsTask, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=2, retry_jitter=True, max_retries=3
)
def build_rfi_documents(rfi_id: int) -> str | None:
    """Render and store the PDF, DOCX and CSV of one RFI; returns the final state (None if the RFI is gone)."""
    try:
        return rfi_documents_build(rfi_id=rfi_id)
    except TRANSIENT:
        raise
    except Exception:
        rfi_documents_failed(rfi_id=rfi_id, reason=FAILURE)
        raise
