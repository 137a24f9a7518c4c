"""Case-insensitive rule patterns made cheap: a literal pre-check, then a case-sensitive search of lower-cased text.

Two costs dominate a rule pattern's search in Python's regex engine, and both are avoided without changing a
single result:
- Most patterns cannot match a sentence unless it contains one of a few words ("train", "improv", "develop"), yet
  the engine tries every position of the text before it gives up. `LiteralPattern` reads the pattern's parse tree
  once and keeps the literal strings a match must contain: for a sequence, its runs of literal characters and the
  parts that cannot be skipped; for an alternation, one string per branch. Looking for them with `in` costs far
  less; a text that lacks them cannot match. Lookarounds, optional parts and character classes give no literal.
- Under re.IGNORECASE every letter is compared through its lower-case form and the engine's fast paths (skipping
  to a literal prefix, discarding an alternative on its first letter) are off. A pattern written in lower case
  finds the same matches, case-sensitively, in the lower-cased text; the match is then taken from the original text
  at the position found, so offsets, groups and letter case are the pattern's own.
"""

import re
import sys
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Lower-casing is how the check ignores case. Under re.IGNORECASE these letters also match an ASCII letter whose
# lower-case form they are not ("ı" matches "i", "ſ" matches "s"); "İ" lower-cases to two characters.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
# Past this many alternatives a set costs more checks than it saves.
_MAX_ALTERNATIVES = 24
_MAX_SETS = 3
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}

Literals = frozenset[str]
_END = sys.maxsize


class LiteralPattern:
    """A compiled pattern and the literal sets a match needs (of each set, at least one string appears).

    Offers the parts of `re.Pattern` the rules use; every method returns exactly what the pattern would.
    """

    __slots__ = ("compiled", "pattern", "flags", "required", "lowered", "consumes")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.compiled = compiled
        self.pattern = compiled.pattern
        self.flags = compiled.flags
        self.required = required_literals(compiled.pattern, compiled.flags)
        # A pattern that can match nothing is left to the original finditer, which treats empty matches specially.
        self.consumes = sre_parse.parse(compiled.pattern, compiled.flags).getwidth()[0] > 0
        # The same pattern without IGNORECASE, for lower-cased text, when that finds exactly the same matches.
        self.lowered = (
            re.compile(compiled.pattern, compiled.flags & ~re.IGNORECASE)
            if compiled.flags & re.IGNORECASE and _lower_case_only(sre_parse.parse(compiled.pattern, compiled.flags))
            else None
        )

    def may_match(self, text: str) -> bool:
        """False when `text` lacks every string of a required set, so the pattern cannot match anywhere in it."""
        if not self.required:
            return True
        lowered = lowered_text(text)
        if lowered is None:
            return True
        return all(any(literal in lowered for literal in literals) for literals in self.required)

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        if not self.may_match(text):
            return None
        lowered = self._lowered_text(text)
        if lowered is None:
            return self.compiled.search(text, pos, endpos)
        found = self.lowered.search(lowered, pos, endpos)  # type: ignore[union-attr]
        # Both searches see the same outcome at every position, so the first position found is the original's.
        return self._at(text, found.start(), endpos) if found else None

    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        if not self.may_match(text):
            return None
        lowered = self._lowered_text(text)
        if lowered is None:
            return self.compiled.match(text, pos, endpos)
        return self._at(text, pos, endpos) if self.lowered.match(lowered, pos, endpos) else None  # type: ignore[union-attr]

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str] | None]:
        if not self.may_match(text):
            return iter(())
        lowered = self._lowered_text(text) if self.consumes else None
        if lowered is None:
            return self.compiled.finditer(text, pos, endpos)
        return (self._at(text, found.start(), endpos) for found in self.lowered.finditer(lowered, pos, endpos))  # type: ignore[union-attr]

    def findall(self, text: str, pos: int = 0, endpos: int = _END) -> list[Any]:
        return self.compiled.findall(text, pos, endpos) if self.may_match(text) else []

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count) if self.may_match(text) else text

    def _lowered_text(self, text: str) -> str | None:
        return lowered_text(text) if self.lowered is not None else None

    def _at(self, text: str, start: int, endpos: int) -> re.Match[str] | None:
        # The lower-cased text has a match at `start`, so the original has the same one there.
        return self.compiled.match(text, start, endpos) or self.compiled.search(text, start, endpos)

    def __repr__(self) -> str:
        return f"LiteralPattern({self.pattern!r}, required={[sorted(s) for s in self.required]})"


def compile_literal(pattern: str, flags: int = 0) -> LiteralPattern:
    """`re.compile(pattern, flags)` with the pre-check and, for a lower-case IGNORECASE pattern, the faster search."""
    return LiteralPattern(re.compile(pattern, flags))


_last: tuple[str, str | None] = ("", "")


def lowered_text(text: str) -> str | None:
    """`text` lower-cased letter by letter, as re.IGNORECASE compares it; None for the rare text where lower-casing
    is not one letter for one letter ("İ" becomes two characters, a final "Σ" depends on its neighbours).

    Cached for the last text: the rules test many patterns on one sentence in a row.
    """
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    lowered: str | None
    if text.isascii():
        lowered = text.lower()
    elif "\u0130" in text or "\u03a3" in text:
        lowered = None
    else:
        lowered = text.translate(_FOLD).lower()
    _last = (text, lowered)
    return lowered


def required_literals(pattern: str, flags: int = 0) -> tuple[Literals, ...]:
    """The literal sets every match of `pattern` contains (lower-case); empty when none is known."""
    sets = _sequence(list(sre_parse.parse(pattern, flags)))
    sets = [s for s in sets if s and len(s) <= _MAX_ALTERNATIVES]
    sets.sort(key=_strength, reverse=True)
    return tuple(sets[:_MAX_SETS])


def _strength(literals: Literals) -> tuple[int, int]:
    return min(len(literal) for literal in literals), -len(literals)


def _sequence(items: list[tuple[Any, Any]]) -> list[Literals]:
    """The sets a sequence of parse items needs: its literal runs, and what each mandatory part needs."""
    sets: list[Literals] = []
    run: list[str] = []
    for op, value in items:
        if op is sre.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if run:
            sets.append(frozenset(["".join(run)]))
            run = []
        best = _best(_item(op, value))
        if best:
            sets.append(best)
    if run:
        sets.append(frozenset(["".join(run)]))
    return sets


def _item(op: Any, value: Any) -> list[Literals]:
    if op is sre.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(value))
    if op in _REPEATS:
        minimum, _, body = value
        return _sequence(list(body)) if minimum >= 1 else []
    if op is sre.BRANCH:
        alternatives = [_best(_sequence(list(branch))) for branch in value[1]]
        if any(not alternative for alternative in alternatives):
            return []
        return [_minimal(frozenset().union(*alternatives))]
    return []  # character classes, anchors, lookarounds, back-references: no literal is certain


def _best(sets: list[Literals]) -> Literals:
    return max(sets, key=_strength) if sets else frozenset()


def _lower_case_only(items: Any) -> bool:
    """True when no part of the pattern needs a capital letter or case-sensitive matching: it may then be run
    case-sensitively on lower-cased text. A capital in a character class or literal, a `(?-i:...)` group or a
    back-reference keeps the pattern on the original text."""
    for op, value in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if not _lower_char(value):
                return False
        elif op is sre.IN:
            if not all(_lower_class_item(item_op, item) for item_op, item in value):
                return False
        elif op is sre.SUBPATTERN:
            if value[2] & re.IGNORECASE or not _lower_case_only(value[-1]):
                return False
        elif op in _REPEATS:
            if not _lower_case_only(value[2]):
                return False
        elif op is sre.BRANCH:
            if not all(_lower_case_only(branch) for branch in value[1]):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _lower_case_only(value[1]):
                return False
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            if not _lower_case_only(value):
                return False
        elif op not in (sre.AT, sre.ANY, sre.CATEGORY):
            return False  # back-references and conditionals compare text with text
    return True


def _lower_class_item(op: Any, value: Any) -> bool:
    if op is sre.LITERAL:
        return _lower_char(value)
    if op is sre.RANGE:
        low, high = value
        return high - low <= 0x400 and all(_lower_char(code) for code in range(low, high + 1))
    return op in (sre.NEGATE, sre.CATEGORY)


def _lower_char(code: int) -> bool:
    char = chr(code)
    return char.lower() == char and char not in "\u0131\u017f"


def _minimal(literals: Literals) -> Literals:
    # "use" present whenever "uses" is: the longer string adds nothing to an alternative.
    return frozenset(s for s in literals if not any(other != s and other in s for other in literals))
