"""Celery adapters for compliance: they take ids (or nothing) and call the services.

`compliance_daily` is the beat task: it brings the schedule in line with the data, then sends the reminders due
today. Its task id is the reminders' claim token, so a retry (which keeps the id) sends what the failed attempt
claimed and no more; a second beat run has another id and finds nothing left to claim.
"""

from smtplib import SMTPException

from celery import Task, shared_task
from django.db import OperationalError

from vendortrack.compliance.pdf import review_pdf_render, schedule_export_failed, schedule_pdf_render
from vendortrack.compliance.reminders import reminders_send
from vendortrack.compliance.services import schedule_sync, schedule_sync_vendor
from vendortrack.vendors.models import Vendor

TRANSIENT = (OperationalError, OSError, SMTPException)


@shared_task(
    bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=1800, max_retries=6
)
def compliance_daily(self) -> dict:  # noqa: ANN001 - Celery's bound task
    synced = schedule_sync()
    sent = reminders_send(claim_token=self.request.id or "manual")
    return {"created": synced.created, "moved": synced.moved, "cancelled": synced.cancelled, "sent": sent.sent}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=5, max_retries=5)
def schedule_sync_vendor_task(vendor_id: int) -> int | None:
    """Re-sync one vendor's events; enqueue it with transaction.on_commit after a write that changes its dates."""
    vendor = Vendor.objects.filter(pk=vendor_id).first()
    if vendor is None:
        return None
    return schedule_sync_vendor(vendor=vendor).created


@shared_task(acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=5, max_retries=5)
def review_render_pdf_task(review_id: int) -> bool:
    return review_pdf_render(review_id=review_id)


class ScheduleExportTask(Task):
    """Marks the export failed when the worker gives up, so the page stops polling and says so."""

    def on_failure(self, exc: BaseException, task_id: str, args: tuple, kwargs: dict, einfo: object) -> None:
        export_id = kwargs.get("export_id", args[0] if args else None)
        if export_id is not None:
            schedule_export_failed(export_id=export_id, reason="The PDF could not be made. Try again.")


@shared_task(
    base=ScheduleExportTask, acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=5, max_retries=5
)
def schedule_render_pdf_task(export_id: int) -> str:
    return schedule_pdf_render(export_id=export_id)
