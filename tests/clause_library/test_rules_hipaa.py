"""The eight HIPAA-required terms, read in our own sentences drafted the way different firms write them."""

import pytest

from clause_library import analyze


def status_of(text: str, provision_id: str) -> str:
    return analyze(text).finding(provision_id).status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate shall not use or disclose PHI other than as permitted by this BAA or as required by law.",
         "present"),
        ("Vendor will process Customer Data solely to provide the Services and in accordance with Customer's "
         "documented instructions.", "present"),
        ("We use your content only to operate and provide the service to you.", "present"),
        ("Supplier may use Customer Data to provide the Services and for its own internal business purposes, "
         "including analytics.", "weak"),
        ("Provider may use and disclose Customer Content for any purpose, including marketing and product "
         "development.", "contrary"),
        ("You grant us a perpetual, irrevocable, worldwide license to use, reproduce, publish and distribute your "
         "content.", "contrary"),
        ("Customer shall use the Services only in accordance with the Documentation.", "missing"),
        ("\"Permitted Purpose\" means the provision of the Services to the Customer.", "missing"),
    ],
)  # fmt: skip
def test_permitted_uses(text: str, expected: str) -> None:
    assert status_of(text, "permitted_uses_limited") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate shall implement administrative, physical and technical safeguards and comply with "
         "Subpart C of 45 CFR Part 164.", "present"),
        ("Processor encrypts Customer Data at rest with AES-256 and in transit with TLS 1.2 or higher.", "present"),
        ("The Company will maintain a security program consistent with industry standards to protect Customer "
         "Data.", "weak"),
        ("We take reasonable measures to protect your information.", "weak"),
        ("You are responsible for keeping your password secure and confidential.", "missing"),
    ],
)  # fmt: skip
def test_safeguards(text: str, expected: str) -> None:
    assert status_of(text, "safeguards_encryption") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate shall report any Breach of Unsecured PHI to Covered Entity within five (5) business "
         "days of discovery.", "present"),
        ("Vendor will notify Customer of a Security Incident within 48 hours.", "present"),
        ("The Processor shall notify the Controller without undue delay after becoming aware of a personal data "
         "breach.", "present"),
        ("Supplier shall notify Client of any data breach no later than thirty (30) days after discovery.", "weak"),
        ("Business Associate shall report to Covered Entity any use or disclosure of PHI not provided for by this "
         "Agreement without unreasonable delay and in no case later than sixty (60) calendar days.", "weak"),
        ("Provider shall have no obligation to notify Customer of any security incident.", "contrary"),
        ("You must notify us immediately of any unauthorized use of your account.", "missing"),
        ("Either party may terminate this Agreement upon a material breach by the other party.", "missing"),
    ],
)  # fmt: skip
def test_breach_notification(text: str, expected: str) -> None:
    assert status_of(text, "breach_notification") == expected


def test_breach_notice_deadline_is_a_parameter() -> None:
    finding = analyze("Vendor shall notify Customer of any Data Breach within ten (10) business days.").finding(
        "breach_notification"
    )

    assert finding.parameters["notice"]["days"] == 14.0
    assert finding.status == "weak"  # ten business days are fourteen calendar days, above the 10-day threshold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate shall ensure that any subcontractor that receives PHI agrees to the same restrictions "
         "and conditions that apply to Business Associate.", "present"),
        ("Processor shall give Customer thirty days' notice before engaging any new Sub-processor.", "present"),
        ("Vendor imposes on each subprocessor data protection obligations no less protective than this DPA.",
         "present"),
        ("We may use third-party service providers to help us run the Services and remain responsible for them.",
         "weak"),
        ("Customer may not assign this Agreement without consent.", "missing"),
    ],
)  # fmt: skip
def test_subprocessors(text: str, expected: str) -> None:
    assert status_of(text, "subprocessor_disclosure") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate shall provide access to PHI in a Designated Record Set as required by 45 CFR 164.524. "
         "Business Associate shall make amendments to PHI as directed under 45 CFR 164.526. Business Associate "
         "shall document disclosures needed for an accounting of disclosures under 45 CFR 164.528.", "present"),
        ("Business Associate shall provide an accounting of disclosures as required by 45 CFR 164.528.", "weak"),
        ("Processor shall assist Controller by appropriate technical and organisational measures to respond to "
         "requests from data subjects to exercise their rights.", "present"),
        ("Vendor will provide commercially reasonable assistance with data subject requests.", "weak"),
        ("Customer shall respond to all requests from data subjects.", "missing"),
    ],
)  # fmt: skip
def test_access_amendment_accounting(text: str, expected: str) -> None:
    assert status_of(text, "access_amendment_accounting") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate shall make its internal practices, books and records relating to PHI available to the "
         "Secretary for purposes of determining compliance.", "present"),
        ("Vendor shall make its books and records available to HHS upon request.", "present"),
        ("Vendor shall keep accurate books and records of all fees invoiced.", "missing"),
    ],
)  # fmt: skip
def test_hhs_books_and_records(text: str, expected: str) -> None:
    assert status_of(text, "hhs_books_records") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Upon termination of this Agreement, Business Associate shall return or destroy all PHI and retain no "
         "copies.", "present"),
        ("Within thirty days after the end of the Services, Processor shall delete all Customer Data.", "present"),
        ("Upon termination, Vendor will delete Customer Data, except that copies in backups may be retained until "
         "they are overwritten in the ordinary course.", "weak"),
        ("After termination, Vendor may retain Customer Data and continue to use it for its business purposes.",
         "contrary"),
        ("Upon termination, Customer shall return all Documentation and Software to Vendor.", "missing"),
    ],
)  # fmt: skip
def test_return_or_destroy(text: str, expected: str) -> None:
    assert status_of(text, "return_or_destroy_phi") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Covered Entity may terminate this Agreement if Business Associate violates a material term of this BAA "
         "and fails to cure within thirty (30) days.", "present"),
        ("Either party may terminate this Agreement if the other party materially breaches it and does not cure "
         "the breach within ninety (90) days.", "weak"),
        ("Customer may terminate this Agreement at any time for convenience.", "weak"),
        ("We may terminate your account if you breach these Terms.", "missing"),
    ],
)  # fmt: skip
def test_termination_for_breach(text: str, expected: str) -> None:
    assert status_of(text, "termination_for_breach") == expected
