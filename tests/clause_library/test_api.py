"""clause_library.analyze(): one result object whatever the source, evidence that cuts exactly from its text."""

import json
from pathlib import Path

import pytest

import clause_library
from clause_library import Limits, UnreadableDocument

AGREEMENT = (
    "BUSINESS ASSOCIATE AGREEMENT\n"
    "2. Obligations\n"
    "2.1 Business Associate shall not use or disclose Protected Health Information other than as permitted by "
    "this Agreement.\n"
    "2.2 Business Associate shall report to Covered Entity any Breach of Unsecured Protected Health Information "
    "within five (5) business days of discovery.\n"
    "2.3 Business Associate shall make its internal practices, books and records available to the Secretary."
)


def test_a_path_bytes_and_str_of_the_same_text_give_the_same_findings(tmp_path: Path) -> None:
    path = tmp_path / "baa.txt"
    path.write_text(AGREEMENT, encoding="utf-8")

    results = [clause_library.analyze(source, agreement_type="baa") for source in (path, path.read_bytes(), AGREEMENT)]

    assert results[0].to_dict() == results[1].to_dict() == results[2].to_dict()


def test_every_evidence_offset_cuts_its_sentence_out_of_the_result_text(agreement_pdf: bytes) -> None:
    result = clause_library.analyze(agreement_pdf, agreement_type="baa")
    evidence = [item for finding in result.findings for item in finding.evidence]

    assert evidence
    assert all(result.text[item.start : item.end] == item.text for item in evidence)
    assert all(item.page >= 1 for item in evidence)


def test_evidence_from_a_line_that_opens_with_a_quote_mark_is_the_whole_quoted_sentence() -> None:
    quoted = '"Vendor shall not use Customer Data to train, fine-tune or improve any machine learning model."'
    result = clause_library.analyze(f"AI ADDENDUM\nThe parties agree as follows.\n{quoted}")

    evidence = result.finding("no_training_on_phi").evidence

    assert [item.text for item in evidence] == [quoted]
    assert result.text[evidence[0].start : evidence[0].end] == quoted


def test_the_result_serialises_to_json_and_knows_the_document() -> None:
    result = clause_library.analyze(AGREEMENT, agreement_type="baa")
    data = json.loads(json.dumps(result.to_dict()))

    assert data["document"]["characters"] == len(AGREEMENT) == len(data["text"])
    assert data["agreement_type"] == "baa"
    assert len({finding["provision_id"] for finding in data["findings"]}) == len(data["findings"]) > 0


def test_limits_passed_to_analyze_are_enforced() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        clause_library.analyze(AGREEMENT, limits=Limits(max_characters=100))

    assert caught.value.code == "too_large"


def test_an_unknown_agreement_type_is_refused() -> None:
    with pytest.raises(ValueError, match="agreement_type"):
        clause_library.analyze(AGREEMENT, agreement_type="lease")


def test_unreadable_bytes_raise_the_documented_exception() -> None:
    with pytest.raises(clause_library.UnreadableDocument) as caught:
        clause_library.analyze(b"\x89PNG\r\n\x1a\n" + bytes(64))

    assert caught.value.code == "unsupported_type"
