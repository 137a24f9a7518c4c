"""Indemnities, cyber insurance, the liability cap and whether PHI is allowed, read in our own sentences."""

import pytest

from clause_library import analyze


def status_of(text: str, provision_id: str) -> str:
    return analyze(text).finding(provision_id).status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate shall indemnify and hold harmless Covered Entity from any losses arising from Business "
         "Associate's breach of this BAA or any unauthorized use or disclosure of PHI.", "present"),
        ("Vendor will defend Customer against third-party claims that the Services infringe a patent or "
         "copyright.", "weak"),
        ("You agree to indemnify and hold us harmless from any claims arising out of your use of the Services.",
         "contrary"),
        ("Each party's indemnification obligations are set out in the Master Agreement.", "missing"),
    ],
)  # fmt: skip
def test_indemnification(text: str, expected: str) -> None:
    assert status_of(text, "indemnification") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vendor shall maintain cyber liability insurance with limits of at least $5,000,000 per claim.",
         "present"),
        ("Supplier shall carry commercial general liability insurance of $1,000,000 per occurrence.", "weak"),
        ("This Agreement is made under the Health Insurance Portability and Accountability Act.", "missing"),
        ("Customer shall maintain adequate insurance for its own operations.", "missing"),
    ],
)  # fmt: skip
def test_cyber_insurance(text: str, expected: str) -> None:
    assert status_of(text, "cyber_insurance") == expected


def test_insurance_limits_are_parameters() -> None:
    finding = analyze("Vendor shall maintain cyber insurance of not less than five million dollars.").finding(
        "cyber_insurance"
    )

    assert finding.parameters["limits"][0]["amount"] == 5_000_000


def test_liability_cap_carries_the_cap_and_its_carve_outs() -> None:
    text = (
        "Except for a party's indemnification obligations, breach of confidentiality or gross negligence, in no "
        "event shall either party's aggregate liability exceed the fees paid by Customer in the twelve (12) months "
        "preceding the claim."
    )
    finding = analyze(text).finding("liability_cap")

    assert finding.status == "present"
    assert finding.parameters["cap"]["months"] == 12
    assert set(finding.parameters["carve_outs"]) == {"indemnification", "confidentiality", "gross_negligence"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vendor's total liability under this Agreement shall not exceed $2,000,000.", "present"),
        ("In no event will we be liable for any indirect, incidental or consequential damages.", "present"),
        ("Vendor shall be liable for the acts of its subcontractors.", "missing"),
    ],
)  # fmt: skip
def test_liability_cap(text: str, expected: str) -> None:
    assert status_of(text, "liability_cap") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate may use or disclose PHI only to perform the Services for Covered Entity.", "present"),
        ("You must not submit protected health information to the Services unless you have signed a Business "
         "Associate Agreement with us.", "weak"),
        ("You will not upload any medical records or other health information to the Services.", "contrary"),
        ("The Services are not intended for processing protected health information.", "contrary"),
        ("Covered Entity shall not request Business Associate to use PHI in any manner that would not be "
         "permissible under HIPAA.", "missing"),
    ],
)  # fmt: skip
def test_phi_permitted(text: str, expected: str) -> None:
    assert status_of(text, "phi_permitted") == expected
