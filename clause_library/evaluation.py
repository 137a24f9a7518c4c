"""Measure the engine against labelled agreements or a labelled sentence set: per-provision precision, recall, F1.

Definitions (also in docs/detection.md). For each provision, every non-missing status is a predicted class:
- TP: the engine's status equals the label and is not `missing`;
- FP: the engine reports a non-missing status the label does not have;
- FN: the label has a non-missing status the engine does not report.
A wrong non-missing status (weak for present) counts once as FP and once as FN. Precision = TP/(TP+FP),
recall = TP/(TP+FN), F1 their harmonic mean (a provision with no TP, FP or FN scores 1.0: nothing to find, nothing
found). Macro-F1 is the mean F1 over provisions; status accuracy is the share of (document, provision) pairs whose
status is exactly right, `missing` included; `contrary_as_present` counts pairs labelled contrary and reported present.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clause_library.errors import UnreadableDocument

SENTENCE_SET = "sentences.jsonl"
_DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".docx")


@dataclass(frozen=True)
class Pair:
    """One (item, provision) comparison: the labelled status and the engine's."""

    item: str
    provision_id: str
    expected: str
    actual: str


@dataclass(frozen=True)
class ProvisionScore:
    provision_id: str
    tp: int
    fp: int
    fn: int
    pairs: int
    correct: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True)
class ErrorCheck:
    """A document that must be refused with a given error code, and what happened."""

    item: str
    expected_code: str
    actual_code: str | None


@dataclass(frozen=True)
class EvaluationReport:
    directory: str
    level: str  # "document" or "sentence"
    pairs: tuple[Pair, ...]
    errors: tuple[ErrorCheck, ...] = field(default=())

    @property
    def provisions(self) -> tuple[ProvisionScore, ...]:
        ids = list(dict.fromkeys(pair.provision_id for pair in self.pairs))
        return tuple(_score(pid, [p for p in self.pairs if p.provision_id == pid]) for pid in ids)

    @property
    def macro_f1(self) -> float:
        scores = self.provisions
        return sum(s.f1 for s in scores) / len(scores) if scores else 0.0

    @property
    def micro_f1(self) -> float:
        scores = self.provisions
        tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
        return 1.0 if tp + fp + fn == 0 else _ratio(2 * tp, 2 * tp + fp + fn)

    @property
    def accuracy(self) -> float:
        return _ratio(sum(p.expected == p.actual for p in self.pairs), len(self.pairs))

    @property
    def contrary_as_present(self) -> int:
        return sum(p.expected == "contrary" and p.actual == "present" for p in self.pairs)

    @property
    def contrary_labelled(self) -> int:
        return sum(p.expected == "contrary" for p in self.pairs)

    @property
    def disagreements(self) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if p.expected != p.actual)

    @property
    def errors_ok(self) -> bool:
        return all(check.expected_code == check.actual_code for check in self.errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "level": self.level,
            "pairs": len(self.pairs),
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "micro_f1": round(self.micro_f1, 4),
            "contrary_labelled": self.contrary_labelled,
            "contrary_as_present": self.contrary_as_present,
            "provisions": [
                {
                    "provision_id": s.provision_id,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "accuracy": round(_ratio(s.correct, s.pairs), 4),
                }
                for s in self.provisions
            ],  # fmt: skip
            "disagreements": [vars(p) for p in self.disagreements],
            "errors": [vars(check) for check in self.errors],
        }

    def format_text(self) -> str:
        lines = [f"{self.level} level, {self.directory}: {len(self.pairs)} pairs", ""]
        lines.append(f"{'provision':34} {'prec':>6} {'recall':>6} {'F1':>6} {'acc':>6}  tp  fp  fn")
        for s in self.provisions:
            lines.append(
                f"{s.provision_id:34} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f} {_ratio(s.correct, s.pairs):6.2f} "
                f"{s.tp:3} {s.fp:3} {s.fn:3}"
            )
        lines += [
            "",
            f"macro-F1 {self.macro_f1:.3f}   micro-F1 {self.micro_f1:.3f}   status accuracy {self.accuracy:.3f} "
            f"({sum(p.expected == p.actual for p in self.pairs)}/{len(self.pairs)})",
            f"contrary read as present: {self.contrary_as_present} of {self.contrary_labelled}",
        ]
        for check in self.errors:
            outcome = "ok" if check.expected_code == check.actual_code else f"got {check.actual_code}"
            lines.append(f"refusal {check.item}: expected {check.expected_code}, {outcome}")
        if self.disagreements:
            lines += ["", "disagreements (item, provision, expected -> actual):"]
            lines += [f"  {p.item:32} {p.provision_id:34} {p.expected} -> {p.actual}" for p in self.disagreements]
        return "\n".join(lines)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _score(provision_id: str, pairs: list[Pair]) -> ProvisionScore:
    tp = sum(p.expected == p.actual != "missing" for p in pairs)
    fp = sum(p.actual != "missing" and p.actual != p.expected for p in pairs)
    fn = sum(p.expected != "missing" and p.actual != p.expected for p in pairs)
    correct = sum(p.expected == p.actual for p in pairs)
    return ProvisionScore(provision_id=provision_id, tp=tp, fp=fp, fn=fn, pairs=len(pairs), correct=correct)


def evaluate(directory: Path) -> EvaluationReport:
    """Evaluate every labelled document in `directory`, or the sentence set when it holds sentences.jsonl."""
    directory = Path(directory)
    if (directory / SENTENCE_SET).is_file():
        return evaluate_sentences(directory / SENTENCE_SET)
    pairs: list[Pair] = []
    errors: list[ErrorCheck] = []
    for document, labels in _labelled_documents(directory):
        expected_error = labels.get("_expect_error")
        if expected_error:
            errors.append(ErrorCheck(document.name, expected_error, _refusal_code(document)))
            continue
        pairs.extend(_document_pairs(document, labels))
    return EvaluationReport(directory=str(directory), level="document", pairs=tuple(pairs), errors=tuple(errors))


def _labelled_documents(directory: Path) -> Iterable[tuple[Path, dict[str, Any]]]:
    for labels_path in sorted(directory.glob("*.labels.json")):
        stem = labels_path.name.removesuffix(".labels.json")
        candidates = [directory / f"{stem}{suffix}" for suffix in _DOCUMENT_SUFFIXES]
        document = next((path for path in candidates if path.is_file()), None)
        if document is not None:
            yield document, json.loads(labels_path.read_text(encoding="utf-8"))


def _refusal_code(document: Path) -> str | None:
    from clause_library import analyze

    try:
        analyze(document)
    except UnreadableDocument as error:
        return error.code
    return None


def _document_pairs(document: Path, labels: dict[str, Any]) -> list[Pair]:
    from clause_library import analyze

    result = analyze(document)
    actual = {finding.provision_id: finding.status for finding in result.findings}
    return [
        Pair(document.stem, provision_id, label["status"], actual.get(provision_id, "missing"))
        for provision_id, label in labels.items()
        if not provision_id.startswith("_")
    ]


def evaluate_sentences(path: Path) -> EvaluationReport:
    """Each sentence analysed as its own text; a provision absent from its labels expects `missing`."""
    from clause_library import analyze

    pairs: list[Pair] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        result = analyze(item["text"])
        for finding in result.findings:
            expected = item.get("labels", {}).get(finding.provision_id, "missing")
            pairs.append(Pair(str(item["id"]), finding.provision_id, expected, finding.status))
    return EvaluationReport(directory=str(path), level="sentence", pairs=tuple(pairs))
