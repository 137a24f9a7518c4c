"""The engine against twelve real published agreements (read from ../shared/real_agreements, never copied here).

Run `pytest tests/clause_library/test_real_agreements.py -s` or `python -m clause_library evaluate
../shared/real_agreements` to print the per-provision table.
"""

from pathlib import Path

import pytest

from clause_library.evaluation import EvaluationReport, evaluate

REAL_AGREEMENTS = Path(__file__).resolve().parents[2].parent / "shared" / "real_agreements"


@pytest.fixture(scope="module")
def report() -> EvaluationReport:
    assert REAL_AGREEMENTS.is_dir(), f"the real agreements are expected beside the checkout at {REAL_AGREEMENTS}"
    result = evaluate(REAL_AGREEMENTS)
    print("\n" + result.format_text())
    return result


def test_every_document_and_provision_is_compared(report: EvaluationReport) -> None:
    assert len(report.pairs) == 12 * 21


def test_status_is_right_on_at_least_nine_pairs_in_ten(report: EvaluationReport) -> None:
    assert report.accuracy >= 0.90


def test_no_contrary_clause_is_read_as_present(report: EvaluationReport) -> None:
    assert report.contrary_labelled > 0
    assert report.contrary_as_present == 0
