"""What of compliance goes into the audit trail: reviews, their attestations, and schedule events done by hand."""

from auditlog.registry import auditlog

from vendortrack.compliance.models import QuarterlyReview, ReviewAttestation, ReviewEvent

_NOISE = ["created_at", "updated_at"]


def register_audited_models() -> None:
    """Called once from ComplianceConfig.ready(); entries carry vendor_id so they join the vendor's trail."""
    auditlog.register(QuarterlyReview, exclude_fields=[*_NOISE, "checklist", "pdf"])
    auditlog.register(ReviewAttestation)
    # Only who closed an event and when: the nightly sync moving dates is derived data, not an edit.
    auditlog.register(ReviewEvent, include_fields=["status", "completed_at", "completed_by"])
