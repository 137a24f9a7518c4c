"""Rule patterns with a literal pre-check and a lower-cased search find exactly what the plain patterns find."""

import json
import re
from pathlib import Path

import pytest

from clause_library import parameters
from clause_library.literals import AllOf, AnyOf, LiteralPattern, compile_literal, requirement
from clause_library.rules import ai_data, hipaa, liability, oversight, verdict, view, vocabulary

SENTENCES = Path(__file__).resolve().parents[2] / "fixtures" / "sentences" / "sentences.jsonl"
# Letters that re.IGNORECASE folds in ways str.lower() does not, and text around them.
TRICKY = (
    "Vendor shall not TRAIN models on PHI.",
    "Vendor shall not traın models on PHİ or uſe the data.",
    "The \u212aelvin-sign Kustomer may use Customer Data.",
    "ΣΑΣ data Σ; the İnformation is retained İNDEFINITELY.",
    "Business Associate shall notify Covered Entity within ten (10) days of a Breach.",
    "",
)


def _rule_patterns() -> list[LiteralPattern]:
    found: list[LiteralPattern] = []
    for module in (ai_data, hipaa, liability, oversight, verdict, view, vocabulary, parameters):
        for value in vars(module).values():
            items = value if isinstance(value, tuple | list) else (value,)
            for item in items:
                pattern = item[1] if isinstance(item, tuple) and len(item) == 2 else item
                if isinstance(pattern, LiteralPattern):
                    found.append(pattern)
    return found


def _texts() -> list[str]:
    # The sentence set: clauses of every provision and the hard negatives beside them.
    lines = SENTENCES.read_text(encoding="utf-8").splitlines()
    return [*TRICKY, *(json.loads(line)["text"] for line in lines if line.strip())]


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def test_a_sequence_requires_its_literal_runs_and_one_word_of_each_alternation() -> None:
    required = requirement(r"\b(?:only|solely)\b[^.;]{0,80}?\b(?:use|uses|process)\w*", re.IGNORECASE)

    assert required == AllOf((AnyOf(("only", "solely")), AnyOf(("use", "process"))))


def test_each_alternative_keeps_what_it_needs_as_a_whole() -> None:
    required = requirement(r"\bmay\s+use\b|\btelemetry\b", re.IGNORECASE)

    assert required == AnyOf((AllOf(("may", "use")), "telemetry"))


def test_short_words_add_nothing_beside_a_stronger_one() -> None:
    assert requirement(r"is\s+permitted\s+to") == "permitted"
    assert requirement(r"notify\s+not") == "notify"


def test_optional_parts_lookarounds_and_classes_require_nothing() -> None:
    assert requirement(r"(?:shall\s+)?notify") == "notify"
    assert requirement(r"(?<!not\s)[a-z]+(?=\s+days)") is None
    assert requirement(r"breach|\w+") is None


def test_an_alternation_too_wide_to_check_cheaply_is_not_checked() -> None:
    words = "|".join(f"{'abcdefghij'[number % 10]}{number:02d}" for number in range(80))

    assert requirement(rf"\b(?:{words})\b") is None


def test_capitals_are_required_in_lower_case() -> None:
    assert requirement(r"(?-i:\bBreach(?:es)?\b)", re.IGNORECASE) == "breach"


def test_a_text_without_the_required_words_is_not_searched() -> None:
    pattern = compile_literal(r"\btrain\w*\b(?:[^.]){0,40}?\bmodels?", re.IGNORECASE)

    assert not pattern.may_match("Vendor shall notify Customer of a Breach.")
    assert pattern.search("Vendor shall not Train its Models on PHI.").group(0) == "Train its Models"  # type: ignore[union-attr]


def test_a_case_sensitive_group_is_confirmed_on_the_original_text() -> None:
    pattern = compile_literal(r"(?-i:\bBreach\b)|\bdata\s+breach", re.IGNORECASE)

    assert pattern.confirm
    assert pattern.search("a breach of contract") is None
    assert pattern.search("a breach of contract, then a Breach").span() == (29, 35)  # type: ignore[union-attr]
    assert pattern.search("a DATA BREACH").group(0) == "DATA BREACH"  # type: ignore[union-attr]
    assert pattern.match("breach") is None


def test_matches_of_a_case_sensitive_group_are_found_after_a_match_of_the_copy_that_fails() -> None:
    pattern = compile_literal(r"(?-i:Data)\s+centre|centre", re.IGNORECASE)
    text = "data Centre, and a Data centre"

    assert pattern.confirm
    assert [m.span() for m in pattern.finditer(text)] == [(5, 11), (19, 30)]
    assert _spans(pattern.finditer(text)) == _spans(pattern.compiled.finditer(text))


def test_a_case_sensitive_group_in_a_negative_lookahead_keeps_the_original_search() -> None:
    assert compile_literal(r"\bnotify\b(?!\s+(?-i:Customer))", re.IGNORECASE).lowered is None
    assert not compile_literal(r"\bcustomer\s+data\b", re.IGNORECASE).confirm


def test_capitals_of_a_case_insensitive_pattern_match_lower_case_text() -> None:
    pattern = compile_literal(r"\b[A-Z][A-Z]+\s+(?:U\.S|EU)\b", re.IGNORECASE)

    assert pattern.lowered is not None
    assert pattern.search("data stays in the U.S. today").group(0) == "the U.S"  # type: ignore[union-attr]
    assert pattern.search("Data Stays In The eu").group(0) == "The eu"  # type: ignore[union-attr]


def test_alternatives_sharing_a_word_boundary_keep_their_order() -> None:
    pattern = compile_literal(r"\bdata|\bdata\s+centres?|related|\bregion", re.IGNORECASE)

    assert [m.group(0) for m in pattern.finditer("Data centres, unrelated regions")] == ["Data", "related", "region"]  # type: ignore[union-attr]


@pytest.mark.parametrize("text", TRICKY)
def test_folded_letters_match_as_ignorecase_matches_them(text: str) -> None:
    for source in (r"\btrain\w*", r"\bus(?:e|ing)\b", r"\bkustomer\b", r"\binformation\b", r"\bindefinite\w*"):
        plain = re.compile(source, re.IGNORECASE)
        fast = compile_literal(source, re.IGNORECASE)

        assert _spans(fast.finditer(text)) == _spans(plain.finditer(text))


def test_every_rule_pattern_finds_exactly_what_the_plain_pattern_finds() -> None:
    patterns = _rule_patterns()
    texts = _texts()
    document = "\n".join(texts)
    assert len(patterns) > 150 and len(texts) > 300

    for pattern in patterns:
        plain = pattern.compiled
        assert _spans(pattern.finditer(document)) == _spans(plain.finditer(document)), pattern.pattern
        for start in range(0, len(document), 20000):
            found, expected = pattern.search(document, start, start + 5000), plain.search(document, start, start + 5000)
            assert _spans(filter(None, [found])) == _spans(filter(None, [expected])), pattern.pattern


def test_sub_replaces_what_the_plain_pattern_replaces() -> None:
    for pattern in _rule_patterns():
        for text in TRICKY:
            assert pattern.sub(" ", text) == pattern.compiled.sub(" ", text)


def test_a_sentence_the_pre_check_rejects_never_matches() -> None:
    texts = _texts()[::2]
    for pattern in _rule_patterns():
        for text in texts:
            if not pattern.may_match(text):
                assert pattern.compiled.search(text) is None, (pattern.pattern, text)
