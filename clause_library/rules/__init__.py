"""Per-provision detection rules: one function per catalogue id, each returning a Verdict for a DocumentView.

Modules group provisions by subject: `hipaa` (the eight BAA terms of 45 CFR 164.504(e)), `ai_data` (training,
retention, deletion, telemetry, residency, de-identification), `oversight` (changes, audits, access logs) and
`liability` (indemnities, insurance, the cap, whether PHI is allowed). `vocabulary` holds the shared words.
"""

from collections.abc import Callable, Mapping
from typing import Any

from clause_library.rules import ai_data, hipaa, liability, oversight
from clause_library.rules.verdict import Verdict
from clause_library.rules.view import DocumentView

Rule = Callable[[DocumentView, Mapping[str, Any]], Verdict]

RULES: Mapping[str, Rule] = {
    "permitted_uses_limited": hipaa.permitted_uses_limited,
    "safeguards_encryption": hipaa.safeguards_encryption,
    "breach_notification": hipaa.breach_notification,
    "subprocessor_disclosure": hipaa.subprocessor_disclosure,
    "access_amendment_accounting": hipaa.access_amendment_accounting,
    "hhs_books_records": hipaa.hhs_books_records,
    "return_or_destroy_phi": hipaa.return_or_destroy_phi,
    "termination_for_breach": hipaa.termination_for_breach,
    "no_training_on_phi": ai_data.no_training_on_phi,
    "log_retention_limit": ai_data.log_retention_limit,
    "log_deletion": ai_data.log_deletion,
    "telemetry_disable": ai_data.telemetry_disable,
    "data_residency": ai_data.data_residency,
    "change_notification_termination": oversight.change_notification_termination,
    "deidentification": ai_data.deidentification,
    "right_to_audit": oversight.right_to_audit,
    "access_logging": oversight.access_logging,
    "indemnification": liability.indemnification,
    "cyber_insurance": liability.cyber_insurance,
    "liability_cap": liability.liability_cap,
    "phi_permitted": liability.phi_permitted,
}

__all__ = ["RULES", "DocumentView", "Rule", "Verdict"]
