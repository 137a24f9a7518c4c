"""A vendor whose gaps are known one by one, shared by the gap, service and document tests."""

import datetime
from dataclasses import dataclass

from contracts.models import AnalysisState, Decision, FindingStatus
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import AIServiceFactory, AIUseCaseFactory, EndpointFactory, VendorFactory
from vendortrack.vendors.models import AIService, Answer, Endpoint, Telemetry, TrainingUse, Vendor

TODAY = datetime.date(2025, 6, 1)


@dataclass(frozen=True)
class GappedVendor:
    vendor: Vendor
    service: AIService
    files: Endpoint

    @property
    def expected_keys(self) -> list[str]:
        """The gaps of this vendor, in RFI section order."""
        s, e = self.service.pk, self.files.pk
        return [
            f"fact:{s}:training_use",  # training and data use
            f"fact:{s}:prompt_retention_days",  # retention and deletion
            "provision:telemetry_disable",  # telemetry: the open finding, then the unknown fact
            f"fact:{s}:telemetry",
            "soc2:type2",  # security evidence
            "subprocessors:list",  # sub-processors
            f"endpoint:{e}:baa_covered",  # endpoints and coverage
            "provision:breach_notification",  # incident response
        ]


def make_gapped_vendor(*, owner=None, name: str = "Acme Scribe") -> GappedVendor:  # noqa: ANN001
    """Unknown: training use, prompt retention, telemetry, the Files endpoint's BAA coverage (a PHI use case calls
    it), the SOC 2 report, the sub-processors. Findings: in the latest analysed version, breach notification weak
    (undecided) and telemetry contrary (negotiate) are open; no-training missing was accepted by legal, so closed.
    """
    vendor = VendorFactory(name=name, owner=owner)
    service = AIServiceFactory(
        vendor=vendor,
        name="Scribe API",
        training_use=TrainingUse.UNKNOWN,
        prompt_retention_days=None,
        telemetry=Telemetry.UNKNOWN,
    )
    EndpointFactory(service=service, name="Chat", baa_covered=Answer.YES)
    files = EndpointFactory(service=service, name="Files", path_or_feature="/v1/files", baa_covered=Answer.UNKNOWN)
    AIUseCaseFactory(vendor=vendor, service=service, name="Visit notes", endpoints=[files])
    agreement = AgreementFactory(vendor=vendor, title="Acme BAA")
    old = DocumentVersionFactory(agreement=agreement, number=1)
    ClauseFindingFactory(version=old, provision_id="log_deletion", status=FindingStatus.MISSING)
    latest = DocumentVersionFactory(agreement=agreement, number=2)
    ClauseFindingFactory(version=latest, provision_id="breach_notification", status=FindingStatus.WEAK)
    ClauseFindingFactory(
        version=latest,
        provision_id="telemetry_disable",
        status=FindingStatus.CONTRARY,
        decision=Decision.NEGOTIATE,
        decision_note="Ask for telemetry off by default.",
    )
    ClauseFindingFactory(
        version=latest, provision_id="no_training_on_phi", status=FindingStatus.MISSING, decision=Decision.ACCEPT
    )
    ClauseFindingFactory(version=latest, provision_id="permitted_uses_limited", status=FindingStatus.PRESENT)
    running = DocumentVersionFactory(agreement=agreement, number=3, analysis_state=AnalysisState.ANALYSING)
    ClauseFindingFactory(version=running, provision_id="return_or_destroy_phi", status=FindingStatus.MISSING)
    return GappedVendor(vendor=vendor, service=service, files=files)
