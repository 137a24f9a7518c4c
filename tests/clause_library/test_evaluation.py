"""evaluate(): per-provision precision, recall and F1, accuracy and contrary-as-present, for documents and sentences."""

import json
from pathlib import Path

from clause_library.evaluation import EvaluationReport, Pair, evaluate


def _labels(**statuses: str) -> dict[str, dict[str, object]]:
    return {pid: {"status": status, "evidence": []} for pid, status in statuses.items()}


def test_document_directory_scores_each_provision(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("We may use Customer Content to improve our services.\n")
    (tmp_path / "a.labels.json").write_text(json.dumps(_labels(no_training_on_phi="contrary", cyber_insurance="weak")))

    report = evaluate(tmp_path)
    scores = {s.provision_id: s for s in report.provisions}

    assert report.level == "document"
    assert len(report.pairs) == 2
    assert scores["no_training_on_phi"].f1 == 1.0
    assert scores["cyber_insurance"].recall == 0.0
    assert report.accuracy == 0.5


def test_a_document_expected_to_be_refused_is_checked_for_its_code(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "empty.labels.json").write_text(json.dumps({"_expect_error": "empty"}))

    report = evaluate(tmp_path)

    assert report.errors[0].expected_code == "empty"
    assert report.pairs == ()


def test_a_sentence_set_is_scored_sentence_by_sentence(tmp_path: Path) -> None:
    lines = [
        {"id": "s1", "text": "We will never use your prompts to train our models.", "labels": {
            "no_training_on_phi": "present"}},
        {"id": "s2", "text": '"Breach" means the unauthorized acquisition of PHI.', "labels": {}},
    ]  # fmt: skip
    (tmp_path / "sentences.jsonl").write_text("\n".join(json.dumps(line) for line in lines))

    report = evaluate(tmp_path)

    assert report.level == "sentence"
    assert report.micro_f1 == 1.0
    assert report.accuracy == 1.0


def test_a_wrong_non_missing_status_is_both_a_false_positive_and_a_false_negative() -> None:
    report = EvaluationReport("x", "document", (Pair("d", "p", "present", "weak"),))
    score = report.provisions[0]

    assert (score.tp, score.fp, score.fn) == (0, 1, 1)
    assert report.macro_f1 == 0.0


def test_contrary_read_as_present_is_counted() -> None:
    pairs = (Pair("d", "p", "contrary", "present"), Pair("e", "p", "contrary", "contrary"))
    report = EvaluationReport("x", "document", pairs)

    assert report.contrary_labelled == 2
    assert report.contrary_as_present == 1
    assert "contrary read as present: 1 of 2" in report.format_text()
    assert report.to_dict()["contrary_as_present"] == 1
