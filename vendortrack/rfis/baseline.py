"""The baseline questions every RFI asks, read from baseline.yaml (or the file RFI_BASELINE_PATH names)."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from clause_library.catalogue import RFI_SECTIONS

DEFAULT_PATH = Path(__file__).parent / "baseline.yaml"


class BaselineError(ValueError):
    """The baseline file is malformed; the message names the entry."""


@dataclass(frozen=True)
class BaselineQuestion:
    key: str
    section: str
    question: str
    answer_format: str
    context: str


def load_baseline(path: Path | None = None) -> list[BaselineQuestion]:
    """The baseline questions in file order; refuses unknown sections, missing fields and repeated keys."""
    path = path or Path(getattr(settings, "RFI_BASELINE_PATH", DEFAULT_PATH))
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    questions, seen = [], set()
    for index, entry in enumerate(entries):
        try:
            question = BaselineQuestion(**{name: str(entry[name]).strip() for name in BaselineQuestion.__annotations__})
        except (KeyError, TypeError) as error:
            raise BaselineError(f"{path}: entry {index + 1} lacks {error}") from error
        if question.section not in RFI_SECTIONS or question.key in seen:
            raise BaselineError(f"{path}: entry {question.key!r} has an unknown section or a repeated key")
        seen.add(question.key)
        questions.append(question)
    return questions
