"""Blockers of a use case and of a vendor, on plain objects (no database)."""

from types import SimpleNamespace

from vendortrack.vendors.blockers import CRITICAL, HIGH, is_phi_use_case, use_case_blockers, vendor_blockers
from vendortrack.vendors.models import Answer, ClinicalJudgement, DeploymentPath, TaskClass, UseCaseStatus


def service(**overrides):
    values = {"name": "Chat API", "baa_signed": Answer.YES, "deployment_path": DeploymentPath.HIPAA_ELIGIBLE_API}
    return SimpleNamespace(**(values | overrides))


def endpoint(name="Chat completions", baa_covered=Answer.YES):
    return SimpleNamespace(name=name, baa_covered=baa_covered)


def use_case(*, endpoints=(), **overrides):
    values = {
        "name": "Discharge summaries",
        "service": service(),
        "touches_phi": Answer.YES,
        "task_class": TaskClass.CLINICAL_PHI,
        "psychotherapy_notes": False,
        "part2_records": False,
        "clinical_judgement": ClinicalJudgement.NONE,
        "status": UseCaseStatus.PROPOSED,
        "endpoints": SimpleNamespace(all=lambda: list(endpoints)),
    }
    return SimpleNamespace(**(values | overrides))


def codes(blockers):
    return [blocker.code for blocker in blockers]


def test_phi_on_a_signed_baa_and_covered_endpoints_has_no_blocker():
    assert use_case_blockers(use_case(endpoints=[endpoint()])) == []


def test_phi_on_a_service_without_a_signed_baa_is_a_critical_blocker():
    blockers = use_case_blockers(use_case(service=service(baa_signed=Answer.NO)))
    assert codes(blockers) == ["phi_without_signed_baa"]
    assert blockers[0].severity == CRITICAL
    assert "not signed" in blockers[0].message


def test_an_unknown_baa_is_not_read_as_signed():
    blockers = use_case_blockers(use_case(service=service(baa_signed=Answer.UNKNOWN)))
    assert codes(blockers) == ["phi_without_signed_baa"]
    assert "not known to be signed" in blockers[0].message


def test_each_endpoint_the_baa_does_not_cover_is_a_blocker():
    calls = [endpoint("Chat"), endpoint("File storage", Answer.NO), endpoint("Assistants", Answer.UNKNOWN)]
    blockers = use_case_blockers(use_case(endpoints=calls))
    assert codes(blockers) == ["phi_on_uncovered_endpoint", "phi_on_uncovered_endpoint"]
    assert "File storage" in blockers[0].message and "Assistants" in blockers[1].message


def test_unknown_phi_is_treated_as_phi_and_says_so():
    case = use_case(
        touches_phi=Answer.UNKNOWN, task_class=TaskClass.KNOWLEDGE_ADMIN, service=service(baa_signed=Answer.NO)
    )
    assert is_phi_use_case(case)
    blockers = use_case_blockers(case)
    assert codes(blockers) == ["phi_without_signed_baa"]
    assert "unknown" in blockers[0].message


def test_a_use_case_without_phi_needs_no_baa():
    case = use_case(touches_phi=Answer.NO, task_class=TaskClass.DEIDENTIFIED, service=service(baa_signed=Answer.NO))
    assert use_case_blockers(case) == []


def test_on_premise_inference_needs_no_baa_because_phi_stays_in_house():
    case = use_case(
        service=service(baa_signed=Answer.NO, deployment_path=DeploymentPath.ON_PREMISE_PRIVATE),
        endpoints=[endpoint(baa_covered=Answer.NO)],
    )
    assert use_case_blockers(case) == []


def test_sensitive_record_classes_and_clinical_judgement_block_whatever_was_signed():
    case = use_case(
        psychotherapy_notes=True,
        part2_records=True,
        clinical_judgement=ClinicalJudgement.CLOSE_TO_CLINICAL_JUDGEMENT,
    )
    blockers = use_case_blockers(case)
    assert codes(blockers) == ["psychotherapy_notes", "part2_records", "clinical_judgement"]
    assert {blocker.severity for blocker in blockers} == {HIGH}


def test_supporting_clinicians_is_not_close_to_clinical_judgement():
    assert use_case_blockers(use_case(clinical_judgement=ClinicalJudgement.SUPPORTS)) == []


def test_vendor_blockers_collects_every_use_case_except_retired_ones():
    blocked = use_case(name="Therapy notes", psychotherapy_notes=True)
    retired = use_case(name="Old pilot", part2_records=True, status=UseCaseStatus.RETIRED)
    vendor = SimpleNamespace(use_cases=SimpleNamespace(all=lambda: [blocked, retired, use_case()]))
    blockers = vendor_blockers(vendor)
    assert codes(blockers) == ["psychotherapy_notes"]
    assert blockers[0].use_case_name == "Therapy notes"
