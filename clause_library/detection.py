"""Detect every catalogue provision in a document: one Finding per provision, in catalogue order."""

from clause_library.document import Document
from clause_library.result import Finding

PROVISION_IDS: tuple[str, ...] = (
    "permitted_uses_limited",
    "safeguards_encryption",
    "breach_notification",
    "subprocessor_disclosure",
    "access_amendment_accounting",
    "hhs_books_records",
    "return_or_destroy_phi",
    "termination_for_breach",
    "no_training_on_phi",
    "log_retention_limit",
    "log_deletion",
    "telemetry_disable",
    "data_residency",
    "change_notification_termination",
    "deidentification",
    "right_to_audit",
    "access_logging",
    "indemnification",
    "cyber_insurance",
    "liability_cap",
    "phi_permitted",
)


def detect(document: Document, *, agreement_type: str = "any") -> tuple[Finding, ...]:
    """Interim: every provision reported missing until the rules land."""
    return tuple(
        Finding(provision_id=pid, status="missing", confidence=0.5, evidence=(), parameters={}, rule=f"{pid}.missing")
        for pid in PROVISION_IDS
    )
