"""Our synthetic agreement corpus (fixtures/agreements): statuses, parameters, evidence offsets and refusals."""

import json
from pathlib import Path
from typing import Any

import pytest

from clause_library import analyze
from clause_library.evaluation import EvaluationReport, evaluate
from clause_library.result import AnalysisResult

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "agreements"
_SUFFIXES = (".txt", ".md", ".pdf", ".docx")


def _documents() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for labels_path in sorted(CORPUS.glob("*.labels.json")):
        stem = labels_path.name.removesuffix(".labels.json")
        document = next(CORPUS / f"{stem}{s}" for s in _SUFFIXES if (CORPUS / f"{stem}{s}").is_file())
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        if "_expect_error" not in labels:
            found.append((document, labels))
    return found


DOCUMENTS = _documents()


@pytest.fixture(scope="module")
def report() -> EvaluationReport:
    result = evaluate(CORPUS)
    print("\n" + result.format_text())
    return result


@pytest.fixture(scope="module")
def results() -> dict[str, AnalysisResult]:
    return {document.stem: analyze(document) for document, _ in DOCUMENTS}


def test_no_contrary_clause_in_the_corpus_is_read_as_present(report: EvaluationReport) -> None:
    assert report.contrary_labelled > 0
    assert report.contrary_as_present == 0


def _status_cases() -> list[tuple[str, str, str]]:
    return [
        (document.stem, provision_id, label["status"])
        for document, labels in DOCUMENTS
        for provision_id, label in labels.items()
    ]


@pytest.mark.parametrize(("stem", "provision_id", "status"), _status_cases())
def test_every_labelled_status_is_found(
    stem: str, provision_id: str, status: str, results: dict[str, AnalysisResult]
) -> None:
    finding = results[stem].finding(provision_id)

    assert finding.status == status, f"{stem}/{provision_id}: {finding.rule}"


def test_every_document_labels_every_provision_the_engine_reports(results: dict[str, AnalysisResult]) -> None:
    for document, labels in DOCUMENTS:
        assert {f.provision_id for f in results[document.stem].findings} == set(labels)


def test_unreadable_documents_are_refused_with_their_code(report: EvaluationReport) -> None:
    assert report.errors
    assert report.errors_ok


@pytest.mark.parametrize(("document", "labels"), DOCUMENTS, ids=[d.stem for d, _ in DOCUMENTS])
def test_evidence_offsets_cut_exactly_the_quoted_sentence(
    document: Path, labels: dict[str, Any], results: dict[str, AnalysisResult]
) -> None:
    result = results[document.stem]
    evidence = [e for f in result.findings for e in f.evidence]

    assert evidence
    assert all(result.text[e.start : e.end] == e.text for e in evidence)


def _parameter_cases() -> list[tuple[str, str, str, Any]]:
    cases = []
    for document, labels in DOCUMENTS:
        for provision_id, label in labels.items():
            for name, value in (label.get("parameters") or {}).items():
                cases.append((document.stem, provision_id, name, value))
    return cases


@pytest.mark.parametrize(("stem", "provision_id", "name", "value"), _parameter_cases())
def test_labelled_parameters_are_extracted(
    stem: str, provision_id: str, name: str, value: Any, results: dict[str, AnalysisResult]
) -> None:
    finding = results[stem].finding(provision_id)
    if name not in finding.parameters:
        pytest.fail(f"{stem}/{provision_id}: no {name} in {finding.parameters}")
    actual = finding.parameters[name]

    if name == "carve_outs":
        # Carve-outs named by cross-reference ("a breach of Section 3 or Exhibit B") are not resolved to their
        # subject, so the engine may list fewer; it must never list one the clause does not make.
        assert set(actual) <= set(value)
    elif isinstance(value, list):
        assert sorted(actual) == sorted(value)
    else:
        assert actual == value
