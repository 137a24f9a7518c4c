"""Notice of changes, audit rights and access logging, read in our own sentences."""

import pytest

from clause_library import analyze


def status_of(text: str, provision_id: str) -> str:
    return analyze(text).finding(provision_id).status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vendor may modify these Terms and will notify Customer at least thirty (30) days before the changes take "
         "effect. Customer may terminate this Agreement if it objects to the changes.", "present"),
        ("We may update this policy from time to time by posting the revised version on our website.", "weak"),
        ("We may change these Terms at any time without notice.", "contrary"),
        ("The Provider reserves the right to amend this Agreement, and amendments are effective immediately upon "
         "posting.", "contrary"),
        ("No amendment to this Agreement is effective unless it is in writing and signed by both parties.",
         "present"),
        ("Customer may change its billing contact by e-mail.", "missing"),
    ],
)  # fmt: skip
def test_change_notification(text: str, expected: str) -> None:
    assert status_of(text, "change_notification_termination") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Customer or its independent auditor may audit Vendor's facilities, systems and records once a year on "
         "thirty days' notice.", "present"),
        ("Business Associate shall permit Covered Entity to inspect its facilities and records relating to PHI.",
         "present"),
        ("Upon request, Vendor will provide Customer with a copy of its most recent SOC 2 Type II report.", "weak"),
        ("We may audit your use of the Services to verify compliance with these Terms.", "missing"),
        ("Business Associate shall make its books and records available to the Secretary for inspection.",
         "missing"),
    ],
)  # fmt: skip
def test_right_to_audit(text: str, expected: str) -> None:
    assert status_of(text, "right_to_audit") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vendor shall log every access to PHI and provide the access logs to Covered Entity within five (5) "
         "business days of a request.", "present"),
        ("Provider maintains security logs recording user IDs and timestamps of access to production systems.",
         "weak"),
        ("You can log in to the dashboard with your company account.", "missing"),
    ],
)  # fmt: skip
def test_access_logging(text: str, expected: str) -> None:
    assert status_of(text, "access_logging") == expected
