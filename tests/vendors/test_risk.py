"""Risk tier rules and the override, on unsaved model instances and plain objects (no database)."""

import datetime
from types import SimpleNamespace

from vendortrack.vendors.models import (
    AIService,
    Answer,
    ClinicalJudgement,
    DeploymentPath,
    EvidenceKind,
    RiskTier,
    TaskClass,
    Telemetry,
    TrainingUse,
    UseCaseStatus,
)
from vendortrack.vendors.risk import computed_risk_tier, effective_risk_tier

TODAY = datetime.date(2025, 6, 1)


def service(pk=1, **overrides):
    values = {
        "name": "Chat API",
        "deployment_path": DeploymentPath.HIPAA_ELIGIBLE_API,
        "baa_signed": Answer.YES,
        "training_use": TrainingUse.NEVER,
        "prompt_retention_days": 0,
        "output_retention_days": 0,
        "telemetry": Telemetry.OFF,
    }
    return AIService(pk=pk, **(values | overrides))


def use_case(svc, **overrides):
    values = {
        "name": "Discharge summaries",
        "service": svc,
        "touches_phi": Answer.YES,
        "task_class": TaskClass.CLINICAL_PHI,
        "psychotherapy_notes": False,
        "part2_records": False,
        "clinical_judgement": ClinicalJudgement.NONE,
        "status": UseCaseStatus.APPROVED,
        "endpoints": SimpleNamespace(all=list),
    }
    return SimpleNamespace(**(values | overrides))


def soc2(*, period_end=datetime.date(2025, 3, 31), scope=()):
    return SimpleNamespace(
        pk=100,
        kind=EvidenceKind.SOC2_TYPE2,
        period_end=period_end,
        covers_until=None,
        bridges_id=None,
        expires_on=None,
        covered_services=SimpleNamespace(all=lambda: list(scope)),
    )


def vendor(use_cases=(), evidence=(), override="", reason=""):
    return SimpleNamespace(
        use_cases=SimpleNamespace(all=lambda: list(use_cases)),
        evidence=SimpleNamespace(all=lambda: list(evidence)),
        risk_tier_override=override,
        risk_override_reason=reason,
    )


def test_no_phi_use_case_is_low():
    svc = service(baa_signed=Answer.NO, training_use=TrainingUse.YES)
    case = use_case(svc, touches_phi=Answer.NO, task_class=TaskClass.KNOWLEDGE_ADMIN)
    assessment = computed_risk_tier(vendor([case]), today=TODAY)
    assert assessment.tier == RiskTier.LOW
    assert assessment.reasons == ()


def test_phi_under_a_signed_baa_with_everything_known_and_a_fresh_covering_soc2_is_moderate():
    svc = service()
    assessment = computed_risk_tier(vendor([use_case(svc)], [soc2(scope=[svc])]), today=TODAY)
    assert assessment.tier == RiskTier.MODERATE
    assert assessment.reasons == ()


def test_a_blocker_on_a_phi_use_case_is_critical_and_the_reason_names_it():
    svc = service(baa_signed=Answer.NO)
    assessment = computed_risk_tier(vendor([use_case(svc)], [soc2(scope=[svc])]), today=TODAY)
    assert assessment.tier == RiskTier.CRITICAL
    assert any("Discharge summaries" in reason.message for reason in assessment.reasons)


def test_training_on_customer_data_for_phi_is_critical():
    svc = service(training_use=TrainingUse.YES)
    assert computed_risk_tier(vendor([use_case(svc)], [soc2(scope=[svc])]), today=TODAY).tier == RiskTier.CRITICAL


def test_unknown_training_retention_or_telemetry_for_phi_is_high():
    for unknown in (
        {"training_use": TrainingUse.UNKNOWN},
        {"prompt_retention_days": None},
        {"telemetry": Telemetry.UNKNOWN},
    ):
        svc = service(**unknown)
        assessment = computed_risk_tier(vendor([use_case(svc)], [soc2(scope=[svc])]), today=TODAY)
        assert assessment.tier == RiskTier.HIGH, unknown


def test_a_stale_or_missing_soc2_for_phi_is_high():
    svc = service()
    stale = soc2(period_end=datetime.date(2024, 5, 31), scope=[svc])
    assert computed_risk_tier(vendor([use_case(svc)], [stale]), today=TODAY).tier == RiskTier.HIGH
    assert computed_risk_tier(vendor([use_case(svc)], []), today=TODAY).tier == RiskTier.HIGH


def test_a_soc2_whose_scope_leaves_out_the_service_in_use_is_high():
    used, other = service(1), service(2, name="Speech API")
    assessment = computed_risk_tier(vendor([use_case(used)], [soc2(scope=[other])]), today=TODAY)
    assert assessment.tier == RiskTier.HIGH
    assert "does not cover Chat API" in assessment.reasons[0].message


def test_retired_use_cases_do_not_count():
    svc = service(baa_signed=Answer.NO)
    retired = use_case(svc, status=UseCaseStatus.RETIRED)
    assert computed_risk_tier(vendor([retired]), today=TODAY).tier == RiskTier.LOW


def test_on_premise_phi_is_moderate_without_a_baa_or_soc2():
    svc = service(deployment_path=DeploymentPath.ON_PREMISE_PRIVATE, baa_signed=Answer.NO, telemetry=Telemetry.UNKNOWN)
    assert computed_risk_tier(vendor([use_case(svc)]), today=TODAY).tier == RiskTier.MODERATE


def test_the_override_wins_over_the_computed_tier():
    svc = service(baa_signed=Answer.NO)
    overridden = vendor([use_case(svc)], override=RiskTier.HIGH, reason="Pilot limited to ten synthetic records")
    assert effective_risk_tier(overridden, today=TODAY) == RiskTier.HIGH
    assert effective_risk_tier(vendor([use_case(svc)]), today=TODAY) == RiskTier.CRITICAL
