"""detect(): one finding per catalogue provision, evidence that cuts exactly the quoted sentence, type filtering."""

import pytest

from clause_library import analyze
from clause_library.catalogue import load_catalogue

AGREEMENT = """BUSINESS ASSOCIATE AGREEMENT

1. Definitions. "Breach" means the unauthorized acquisition of PHI as defined at 45 CFR 164.402.
2. Business Associate shall not use or disclose PHI other than as permitted by this Agreement.
3. Business Associate shall report any Breach of Unsecured PHI within five (5) business days of discovery.
4. Vendor may use Customer Data to improve its models and services.
"""


def test_every_catalogue_provision_gets_one_finding_in_catalogue_order() -> None:
    result = analyze(AGREEMENT)

    assert [f.provision_id for f in result.findings] == list(load_catalogue().ids)


def test_evidence_offsets_cut_exactly_the_quoted_sentence() -> None:
    result = analyze(AGREEMENT)
    evidence = [e for f in result.findings for e in f.evidence]

    assert evidence
    assert all(result.text[e.start : e.end] == e.text for e in evidence)


def test_a_finding_names_the_rule_that_decided_it() -> None:
    finding = analyze(AGREEMENT).finding("no_training_on_phi")

    assert finding.status == "contrary"
    assert finding.rule.startswith("no_training_on_phi.contrary.")
    assert 0 < finding.confidence <= 1
    assert "improve its models" in finding.evidence[0].text


def test_a_definition_alone_decides_nothing() -> None:
    result = analyze('"Breach" means the unauthorized acquisition, access, use or disclosure of PHI.')

    assert all(f.status == "missing" for f in result.findings)


def test_silence_is_missing_with_no_evidence() -> None:
    finding = analyze("The parties agree to cooperate in good faith.").finding("breach_notification")

    assert finding.status == "missing"
    assert finding.evidence == ()


def test_an_agreement_type_reports_only_the_provisions_that_apply_to_it() -> None:
    catalogue = load_catalogue()
    result = analyze(AGREEMENT, agreement_type="baa")

    assert [f.provision_id for f in result.findings] == [p.id for p in catalogue if p.applies_to_type("baa")]


def test_a_clause_broken_across_lines_is_read_as_one_sentence() -> None:
    text = "Vendor shall notify Customer of any\nsecurity incident within\n48 hours of discovery.\n"
    finding = analyze(text).finding("breach_notification")

    assert finding.status == "present"
    assert len(finding.evidence) == 3


def test_a_title_glued_to_the_clause_under_it_is_not_quoted_as_evidence():
    text = "5. SECURITY\n5.1 Provider will use commercially reasonable measures to protect Customer Data.\n"

    evidence = analyze(text).finding("safeguards_encryption").evidence

    assert [e.text for e in evidence] == [
        "5.1 Provider will use commercially reasonable measures to protect Customer Data."
    ]


@pytest.mark.parametrize(
    "title",
    ["ARTICLE 3. SAFEGUARDS", "Section 5 Security", "**5.1 Security.**", "10.Security"],
)
def test_an_article_section_or_bold_title_glued_to_its_clause_is_not_quoted_either(title):
    text = f"{title}\n5.1 Provider will use commercially reasonable measures to protect Customer Data.\n"

    evidence = analyze(text).finding("safeguards_encryption").evidence

    assert [e.text for e in evidence] == [
        "5.1 Provider will use commercially reasonable measures to protect Customer Data."
    ]
