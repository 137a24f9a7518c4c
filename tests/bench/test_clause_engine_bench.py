"""The clause engine bench checks the right goal at each size and renders an agreement the engine can read."""

from pathlib import Path

import clause_library
from bench.clause_engine import agreement_html, goals


def _verdicts(pages: int, seconds: float, ratio: float, mb: float) -> list[bool]:
    return [met for _, met in goals(pages, seconds, ratio, mb)]


def test_a_short_agreement_is_held_to_the_ratio_and_the_time_goals():
    assert _verdicts(51, 0.30, 2.5, 999) == [True, True]
    assert _verdicts(51, 1.2, 3.1, 100) == [False, False]


def test_a_long_agreement_is_held_to_the_ratio_and_the_memory_goals():
    assert _verdicts(200, 9.0, 2.9, 299) == [True, True]
    assert _verdicts(200, 0.5, 3.2, 301) == [False, False]


def test_the_bench_agreement_reads_as_an_agreement_with_findings(tmp_path: Path):
    import weasyprint

    path = tmp_path / "agreement.pdf"
    path.write_bytes(weasyprint.HTML(string=agreement_html(sections=3)).write_pdf())
    result = clause_library.analyze(path)

    assert result.document.pages >= 1
    assert result.finding("no_training_on_phi").status != "missing"
