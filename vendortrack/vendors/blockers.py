"""Blockers: what stops a use case from going ahead. Pure functions over (prefetched) model objects.

Rules (also in docs/domain.md):
- A use case is a PHI use case when touches_phi is "yes" OR "unknown", or its task class is clinical/PHI.
  Unknown is treated as PHI on purpose: "nobody asked" must not let patient data reach a vendor, so every
  PHI rule applies and the message says the answer is unknown.
- PHI use case on a service whose BAA is not signed (baa_signed is no or unknown) -> `phi_without_signed_baa`.
- PHI use case calling an endpoint the BAA does not cover (baa_covered is no or unknown) ->
  `phi_on_uncovered_endpoint`, one per endpoint.
  Both BAA rules are waived for services deployed on premise or in private inference: PHI never leaves the
  organisation, so no business associate receives it.
- Psychotherapy notes (45 CFR 164.508(a)(2)) -> `psychotherapy_notes`; 42 CFR Part 2 records -> `part2_records`:
  both need specific patient authorisation, whatever the vendor signed.
- Use close to clinical judgement -> `clinical_judgement`: regulated-device territory, out of scope for a vendor
  approval.
Severity: "critical" when PHI would reach a party with no BAA covering it; "high" for the others.
A retired use case is left out of `vendor_blockers`.

Reads `use_case.service`, `use_case.endpoints.all()`, `vendor.use_cases.all()`: with
`prefetch_related("use_cases__service", "use_cases__endpoints")` no query is made.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from vendortrack.vendors.models.choices import (
    Answer,
    ClinicalJudgement,
    DeploymentPath,
    TaskClass,
    UseCaseStatus,
)

CRITICAL = "critical"
HIGH = "high"


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    severity: str
    use_case_name: str = ""


def is_phi_use_case(use_case: Any) -> bool:
    """Unknown counts as PHI: see the module docstring."""
    return use_case.touches_phi in (Answer.YES, Answer.UNKNOWN) or use_case.task_class == TaskClass.CLINICAL_PHI


def _phi_note(use_case: Any) -> str:
    if use_case.touches_phi == Answer.UNKNOWN and use_case.task_class != TaskClass.CLINICAL_PHI:
        return " Whether it touches PHI is unknown, so it is treated as PHI until someone confirms."
    return ""


def _baa_blockers(use_case: Any) -> list[Blocker]:
    service = use_case.service
    if service.deployment_path == DeploymentPath.ON_PREMISE_PRIVATE:
        return []
    found = []
    if service.baa_signed != Answer.YES:
        state = "not signed" if service.baa_signed == Answer.NO else "not known to be signed"
        found.append(
            Blocker(
                code="phi_without_signed_baa",
                message=f"PHI would go to {service.name}, whose BAA is {state}.{_phi_note(use_case)}",
                severity=CRITICAL,
                use_case_name=use_case.name,
            )
        )
    for endpoint in use_case.endpoints.all():
        if endpoint.baa_covered != Answer.YES:
            coverage = "does not cover" if endpoint.baa_covered == Answer.NO else "is not known to cover"
            found.append(
                Blocker(
                    code="phi_on_uncovered_endpoint",
                    message=f"PHI would reach {endpoint.name}, which the BAA {coverage}.{_phi_note(use_case)}",
                    severity=CRITICAL,
                    use_case_name=use_case.name,
                )
            )
    return found


# (code, test, message) for the rules that hold whatever the vendor signed.
_SENSITIVE_USE_RULES: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    (
        "psychotherapy_notes",
        lambda use_case: use_case.psychotherapy_notes,
        "Uses psychotherapy notes, which need the patient's specific authorisation.",
    ),
    (
        "part2_records",
        lambda use_case: use_case.part2_records,
        "Uses substance-use disorder records under 42 CFR Part 2, which need specific consent.",
    ),
    (
        "clinical_judgement",
        lambda use_case: use_case.clinical_judgement == ClinicalJudgement.CLOSE_TO_CLINICAL_JUDGEMENT,
        "Comes close to clinical judgement; that needs clinical governance, not a vendor approval.",
    ),
)


def _sensitive_use_blockers(use_case: Any) -> list[Blocker]:
    return [
        Blocker(code=code, message=message, severity=HIGH, use_case_name=use_case.name)
        for code, applies, message in _SENSITIVE_USE_RULES
        if applies(use_case)
    ]


def use_case_blockers(use_case: Any) -> list[Blocker]:
    """Every blocker of one use case, critical ones first."""
    found = _baa_blockers(use_case) if is_phi_use_case(use_case) else []
    return found + _sensitive_use_blockers(use_case)


def active_use_cases(use_cases: Iterable[Any]) -> list[Any]:
    return [use_case for use_case in use_cases if use_case.status != UseCaseStatus.RETIRED]


def vendor_blockers(vendor: Any) -> list[Blocker]:
    """The blockers of every use case of the vendor that is not retired."""
    return [blocker for use_case in active_use_cases(vendor.use_cases.all()) for blocker in use_case_blockers(use_case)]
