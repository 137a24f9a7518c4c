"""Candidate selection: the cue-stem prefilter never hides a unit a rule's pattern matches."""

from pathlib import Path

import pytest

from clause_library.reading import read_document
from clause_library.rules import DocumentView
from clause_library.rules.ai_data import _TELEMETRY, _TELEMETRY_STEMS

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "agreements"
TEXT_AGREEMENTS = sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.md")])


def _view(text: str) -> DocumentView:
    return DocumentView(read_document(text))


def test_candidates_are_the_units_holding_a_word_that_starts_with_a_stem() -> None:
    view = _view("Vendor shall indemnify Customer.\nThe fee is due monthly.\nIndemnification survives termination.")

    assert [unit.index for unit in view._candidates(("indemnif",))] == [0, 2]
    assert view._candidates(("refund",)) == ()


def test_matching_with_stems_finds_what_a_search_of_every_unit_finds() -> None:
    view = _view("Vendor may collect usage data.\nCustomer pays the fees.\nTelemetry can be turned off.")

    with_stems = view.matching(_TELEMETRY, _TELEMETRY_STEMS, binding_only=False)

    assert [unit.index for unit in with_stems] == [0, 2]
    assert with_stems == tuple(unit for unit in view.units if _TELEMETRY.search(unit.text))


@pytest.mark.parametrize("path", TEXT_AGREEMENTS, ids=lambda path: path.stem)
def test_the_telemetry_cues_keep_every_unit_the_telemetry_pattern_matches(path: Path) -> None:
    # "use" is not a cue (it is in nearly every sentence); "the use of the Services" is found by its noun.
    view = _view(path.read_text(encoding="utf-8"))
    candidates = set(view._candidates(_TELEMETRY_STEMS))

    assert {unit for unit in view.units if _TELEMETRY.search(unit.text)} <= candidates


def test_the_use_of_the_platform_is_a_telemetry_candidate_without_the_cue_use() -> None:
    view = _view("Provider records the use of the platform by Customer's staff.")

    assert "use" not in _TELEMETRY_STEMS
    assert view.matching(_TELEMETRY, _TELEMETRY_STEMS, binding_only=False) == view.units
