"""PDFs for auditors: a signed-off review and a quarter's schedule, rendered with WeasyPrint inside Celery tasks.

Both are rendered from templates that share the app's print stylesheet; the result is stored on the record and
served by a view that checks access. Nothing here runs inside a request.
"""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from vendortrack.compliance.models import ExportState, QuarterlyReview, ScheduleExport
from vendortrack.compliance.selectors import quarter_schedule


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint costs a second that only workers should pay

    return HTML(string=render_to_string(template, {**context, "generated_at": timezone.now()})).write_pdf()


def review_pdf_render(*, review_id: int) -> bool:
    """Render and store the PDF of a signed-off review; False when the review is gone or not signed off."""
    review = (
        QuarterlyReview.objects.select_related("vendor", "signed_off_by", "created_by", "previous", "event")
        .prefetch_related("attestations")
        .filter(pk=review_id, status="signed_off")
        .first()
    )
    if review is None:
        return False
    content = _pdf("compliance/pdf/review.html", {"review": review, "attestations": review.attestations.all()})
    review.pdf.save(f"review-{review.public_id}.pdf", ContentFile(content), save=False)
    review.save(update_fields=["pdf"])
    return True


def schedule_pdf_render(*, export_id: int) -> str:
    """Render the quarter's schedule as the export's owner may see it; returns the export's final state."""
    export = ScheduleExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None:
        return ""
    schedule = quarter_schedule(user=export.user, day=export.quarter_start, limit=None)
    content = _pdf("compliance/pdf/quarter.html", {"schedule": schedule, "user": export.user})
    export.file.save(f"schedule-{export.public_id}.pdf", ContentFile(content), save=False)
    export.state = ExportState.READY
    export.save(update_fields=["file", "state"])
    return export.state


def schedule_export_failed(*, export_id: int, reason: str) -> None:
    ScheduleExport.objects.filter(pk=export_id).update(state=ExportState.FAILED, error=reason[:300])
