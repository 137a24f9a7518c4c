"""The engine's result: document facts and one finding per provision, serialisable to versioned JSON.

The JSON shape is described by `clause_library/schemas/result.schema.json`; bump SCHEMA_VERSION on any change
a consumer could notice.
"""

from dataclasses import asdict, dataclass
from typing import Any, Literal

from clause_library.document import DocumentFacts

SCHEMA_VERSION = "1.0"

Status = Literal["present", "weak", "contrary", "missing"]
STATUSES: tuple[str, ...] = ("present", "weak", "contrary", "missing")


@dataclass(frozen=True)
class Evidence:
    """A sentence that decided a finding; `text == result.text[start:end]`."""

    page: int
    section: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    provision_id: str
    status: Status
    confidence: float  # 0..1
    evidence: tuple[Evidence, ...]
    parameters: dict[str, Any]
    rule: str  # the id of the rule that decided the status, e.g. "no_training_on_phi.contrary.may_use_to_improve"


@dataclass(frozen=True)
class AnalysisResult:
    agreement_type: str
    document: DocumentFacts
    findings: tuple[Finding, ...]
    text: str  # the normalised text every evidence offset points into
    engine_version: str = "1"
    schema_version: str = SCHEMA_VERSION

    def finding(self, provision_id: str) -> Finding:
        for finding in self.findings:
            if finding.provision_id == provision_id:
                return finding
        raise KeyError(provision_id)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the CLI's JSON."""
        return {
            "schema_version": self.schema_version,
            "engine_version": self.engine_version,
            "agreement_type": self.agreement_type,
            "document": {**asdict(self.document), "warnings": list(self.document.warnings)},
            "findings": [
                {
                    "provision_id": f.provision_id,
                    "status": f.status,
                    "confidence": round(f.confidence, 3),
                    "evidence": [asdict(e) for e in f.evidence],
                    "parameters": f.parameters,
                    "rule": f.rule,
                }
                for f in self.findings
            ],
            "text": self.text,
        }
