"""The risk tier of a vendor: documented rules over its use cases, services and SOC 2, plus the override.

Rules, from the highest tier down (also in docs/domain.md). Only active (not retired) use cases count; a PHI use
case is one that touches PHI or whose answer is unknown (see blockers.py).
- critical: any blocker on a PHI use case (no signed BAA, an uncovered endpoint, psychotherapy notes, Part 2
  records, use close to clinical judgement); or a service used for PHI trains on customer data (training_use yes).
- high: a service used for PHI has an unknown or opt-out training answer, unknown prompt or output retention, or
  telemetry that is on or unknown; or the vendor's SOC 2 is stale, missing or Type I only while PHI is involved;
  or the newest SOC 2 report's scope does not include a service used for PHI; or a blocker on a use case without
  PHI (e.g. close to clinical judgement on de-identified data).
- moderate: PHI is involved and none of the above holds: a signed BAA, covered endpoints, everything known.
- low: no active use case involves PHI.
Services deployed on premise or in private inference are not checked for the vendor's data handling: the data
never reaches the vendor.

The tier is the highest tier any reason reaches; every reason is kept so the page can say why.
`effective_risk_tier` honours the override, which the model only accepts with a reason.
Works on a prefetched vendor: services, use_cases (with service and endpoints), evidence (with covered_services).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vendortrack.vendors.blockers import active_use_cases, is_phi_use_case, use_case_blockers
from vendortrack.vendors.freshness import soc2_covers_service, soc2_status
from vendortrack.vendors.models.choices import (
    RISK_TIER_ORDER,
    DeploymentPath,
    RiskTier,
    Soc2State,
    Telemetry,
    TrainingUse,
)


@dataclass(frozen=True)
class RiskReason:
    tier: RiskTier
    message: str


@dataclass(frozen=True)
class RiskAssessment:
    tier: RiskTier
    reasons: tuple[RiskReason, ...]


def _highest(reasons: Iterable[RiskReason], default: RiskTier) -> RiskTier:
    return max((reason.tier for reason in reasons), key=RISK_TIER_ORDER.__getitem__, default=default)


def _use_case_reasons(use_cases: list[Any]) -> list[RiskReason]:
    reasons = []
    for use_case in use_cases:
        tier = RiskTier.CRITICAL if is_phi_use_case(use_case) else RiskTier.HIGH
        reasons += [RiskReason(tier, f"{use_case.name}: {blocker.message}") for blocker in use_case_blockers(use_case)]
    return reasons


def _service_reasons(service: Any) -> list[RiskReason]:
    """Data-handling answers of a service that carries PHI."""
    name = service.name
    if service.training_use == TrainingUse.YES:
        return [RiskReason(RiskTier.CRITICAL, f"{name} trains on customer data.")]
    reasons = []
    if service.training_use in (TrainingUse.UNKNOWN, TrainingUse.OPT_OUT):
        reasons.append(
            RiskReason(RiskTier.HIGH, f"{name}: training on our data is {service.get_training_use_display().lower()}.")
        )
    if service.prompt_retention_days is None or service.output_retention_days is None:
        reasons.append(RiskReason(RiskTier.HIGH, f"{name}: how long prompts or outputs are kept is unknown."))
    if service.telemetry in (Telemetry.UNKNOWN, Telemetry.ON):
        reasons.append(RiskReason(RiskTier.HIGH, f"{name}: telemetry is {service.get_telemetry_display().lower()}."))
    return reasons


SOC2_STATE_REASONS = {
    Soc2State.STALE: "The newest SOC 2 Type II report is past its 12 months and no bridge letter covers today.",
    Soc2State.MISSING: "There is no SOC 2 Type II report.",
    Soc2State.TYPE1_ONLY: "There is only a SOC 2 Type I report, which shows no controls operating over time.",
}


def _soc2_reasons(evidence: list[Any], phi_services: list[Any], *, today: datetime.date) -> list[RiskReason]:
    freshness = soc2_status(evidence, today=today)
    if freshness.state in SOC2_STATE_REASONS:
        return [RiskReason(RiskTier.HIGH, SOC2_STATE_REASONS[freshness.state])]
    return [
        RiskReason(RiskTier.HIGH, f"The newest SOC 2 report does not cover {service.name}.")
        for service in phi_services
        if not soc2_covers_service(evidence, service)
    ]


def computed_risk_tier(vendor: Any, *, today: datetime.date) -> RiskAssessment:
    """The tier the rules give, with every reason; see the module docstring."""
    use_cases = active_use_cases(vendor.use_cases.all())
    phi_cases = [use_case for use_case in use_cases if is_phi_use_case(use_case)]
    if not phi_cases:
        reasons = _use_case_reasons(use_cases)
        return RiskAssessment(tier=_highest(reasons, RiskTier.LOW), reasons=tuple(reasons))
    services = {use_case.service.pk: use_case.service for use_case in phi_cases}
    external = [s for s in services.values() if s.deployment_path != DeploymentPath.ON_PREMISE_PRIVATE]
    reasons = _use_case_reasons(use_cases)
    for service in external:
        reasons += _service_reasons(service)
    if external:
        reasons += _soc2_reasons(list(vendor.evidence.all()), external, today=today)
    return RiskAssessment(tier=_highest(reasons, RiskTier.MODERATE), reasons=tuple(reasons))


def with_override(vendor: Any, computed: RiskTier) -> RiskTier:
    """The override when there is one (the model refuses one without a reason), else `computed`."""
    return RiskTier(vendor.risk_tier_override) if vendor.risk_tier_override else computed


def effective_risk_tier(vendor: Any, *, today: datetime.date) -> RiskTier:
    """The tier people act on: the override if set, else the computed tier."""
    return with_override(vendor, computed_risk_tier(vendor, today=today).tier)
