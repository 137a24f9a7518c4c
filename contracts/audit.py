"""What of agreements and legal review goes into the audit trail (django-auditlog), tagged with the vendor.

Each model's `get_additional_data` adds `vendor_id` (and `agreement_id`), so agreement, version and decision changes
appear in the vendor's trail next to its profile changes. Findings are written by `bulk_create` when a version is
analysed, which auditlog does not see on purpose: the engine's output is reproducible from the stored file; what
the trail must show is who decided what, so only the decision fields of a finding are recorded.
"""

from auditlog.registry import auditlog

from contracts.models import Agreement, ClauseFinding, DocumentVersion

_NOISE = ["created_at", "updated_at"]


def register_audited_models() -> None:
    """Called once from ContractsConfig.ready()."""
    auditlog.register(Agreement, exclude_fields=_NOISE, m2m_fields={"covered_services"})
    auditlog.register(DocumentVersion, exclude_fields=["extracted_text", "warnings"])
    auditlog.register(ClauseFinding, include_fields=["decision", "decision_note", "decided_by", "decided_at"])
