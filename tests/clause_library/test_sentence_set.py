"""The labelled sentence set (fixtures/sentences/sentences.jsonl): each sentence analysed as its own text."""

from pathlib import Path

import pytest

from clause_library.evaluation import EvaluationReport, evaluate

SENTENCES = Path(__file__).resolve().parents[2] / "fixtures" / "sentences"


@pytest.fixture(scope="module")
def report() -> EvaluationReport:
    result = evaluate(SENTENCES)
    print("\n" + result.format_text())
    return result


def test_the_set_has_at_least_three_hundred_sentences(report: EvaluationReport) -> None:
    assert len({pair.item for pair in report.pairs}) >= 300


def test_overall_f1_is_at_least_095(report: EvaluationReport) -> None:
    assert report.micro_f1 >= 0.95
    assert report.macro_f1 >= 0.95


def test_no_contrary_sentence_is_read_as_present(report: EvaluationReport) -> None:
    assert report.contrary_as_present == 0
