"""The baseline questions: read from YAML, replaceable by a setting, refused when malformed."""

import pytest

from vendortrack.rfis.baseline import BaselineError, load_baseline

GOOD = """
- key: escrow
  section: agreement_terms
  question: Do you offer source-code escrow?
  answer_format: Yes or No
  context: Continuity if the vendor fails.
"""


def test_the_shipped_baseline_loads_with_unique_keys_in_known_sections():
    questions = load_baseline()

    assert len(questions) >= 5
    assert len({question.key for question in questions}) == len(questions)


def test_a_setting_points_at_another_baseline(settings, tmp_path):
    path = tmp_path / "baseline.yaml"
    path.write_text(GOOD)
    settings.RFI_BASELINE_PATH = str(path)

    assert [(q.key, q.section, q.question) for q in load_baseline()] == [
        ("escrow", "agreement_terms", "Do you offer source-code escrow?")
    ]


@pytest.mark.parametrize(
    "text",
    [
        GOOD.replace("section: agreement_terms", "section: gossip"),
        GOOD + GOOD,
        GOOD.replace("  answer_format: Yes or No\n", ""),
    ],
)
def test_an_unknown_section_a_repeated_key_or_a_missing_field_is_refused(tmp_path, text):
    path = tmp_path / "baseline.yaml"
    path.write_text(text)

    with pytest.raises(BaselineError):
        load_baseline(path)
