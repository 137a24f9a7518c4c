"""Case-insensitive rule patterns made cheap: a literal pre-check, then a case-sensitive search of lower-cased text.

Two costs dominate a rule pattern's search in Python's regex engine, and both are avoided without changing a
single result:
- Most patterns cannot match a sentence unless it contains one of a few words ("train", "improv", "develop"), yet
  the engine tries every position of the text before it gives up. `LiteralPattern` reads the pattern's parse tree
  once and works out what a text must contain for a match (a Requirement): for a sequence, its runs of literal
  characters and what each part that cannot be skipped needs; for an alternation, what one of its branches needs,
  each branch taken as a whole. Looking for them with `in` costs far less; a text that lacks them cannot match.
  Lookarounds, optional parts and character classes need nothing.
- Under re.IGNORECASE every letter is compared through its lower-case form, and the engine's fast paths (skipping
  to a literal prefix, discarding an alternative on its first letter) are off. The same pattern with its capitals
  lower-cased finds the same matches, case-sensitively, in the lower-cased text; consecutive alternatives that all
  begin with a word boundary share it there (`\\bA|\\bB|C` runs as `\\b(?:A|B)|C`, which tries the same things in
  the same order) so that each is discarded on its first letter. The match returned is always the original
  pattern's, taken from the original text at the position found, so offsets, groups and letter case are its own.
  A case-sensitive group (`(?-i:Breach)`) is lower-cased too, which makes the copy match a little more: each
  position it finds is then confirmed by the original pattern, and the search goes on when it is not.
"""

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Lower-casing is how both steps ignore case. Under re.IGNORECASE these letters also match an ASCII letter whose
# lower-case form they are not ("ı" matches "i", "ſ" matches "s").
_FOLD = str.maketrans({"\u0131": "i", "\u017f": "s", "\u212a": "k"})
# Past this many `in` tests to reject a text a pre-check costs more than it saves (see _cost); weaker parts of the
# requirement are dropped. An AllOf keeps at most _MAX_PARTS parts: a text that passes pays for every one.
_MAX_TESTS = 64
_MAX_PARTS = 4
# An alternation longer than this (a party pattern with every name a long document defines) is not read at all.
_MAX_ALTERNATIVES = 2 * _MAX_TESTS
# A literal this short is in almost every sentence.
_WEAK = 3
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT}

_END = sys.maxsize


class LiteralPattern:
    """A compiled pattern with its literal pre-check and its lower-cased copy.

    Offers the parts of `re.Pattern` the rules use; every method returns exactly what the original pattern would.
    """

    __slots__ = ("compiled", "pattern", "flags", "required", "lowered", "confirm", "_has_required", "_nonempty")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.compiled = compiled
        self.pattern = compiled.pattern
        self.flags = compiled.flags
        tree = sre_parse.parse(compiled.pattern, compiled.flags)
        self.required = _requirement(tree)
        self._has_required = _checker(self.required)
        copy = _lowered_copy(compiled.pattern, compiled.flags) if compiled.flags & re.IGNORECASE else None
        self.lowered = copy.compiled if copy else None
        # The copy matches exactly where the original does, or (confirm) wherever it does and a little more.
        self.confirm = copy.superset if copy else False
        # Iterating matches by way of the copy is only done for a pattern that never matches the empty string: after
        # an empty match the engine's next attempt follows rules of its own.
        self._nonempty = tree.getwidth()[0] > 0

    def may_match(self, text: str) -> bool:
        """False when `text` lacks every string of a required set, so the pattern cannot match anywhere in it."""
        lowered = lowered_text(text)
        return lowered is None or self._has_required(lowered)

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        lowered = lowered_text(text)
        if lowered is None or self.lowered is None:
            return self.compiled.search(text, pos, endpos) if lowered is None or self._has_required(lowered) else None
        if not self._has_required(lowered):
            return None
        found = self.lowered.search(lowered, pos, endpos)
        while found is not None:
            # The original matches at the first position the copy finds, unless the copy matches more (confirm).
            matched = self.compiled.match(text, found.start(), endpos)
            if matched is not None or not self.confirm:
                return matched
            found = self.lowered.search(lowered, found.start() + 1, endpos)
        return None

    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        lowered = lowered_text(text)
        if lowered is not None and not self._has_required(lowered):
            return None
        if lowered is not None and self.lowered is not None and self.lowered.match(lowered, pos, endpos) is None:
            return None
        return self.compiled.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        lowered = lowered_text(text)
        if lowered is not None and not self._has_required(lowered):
            return iter(())
        if lowered is None or self.lowered is None or not self._nonempty:
            return self.compiled.finditer(text, pos, endpos)
        if self.confirm:
            return self._searches(text, lowered, pos, endpos)
        found = self.lowered.finditer(lowered, pos, endpos)
        return (matched for m in found if (matched := self.compiled.match(text, m.start(), endpos)) is not None)

    def _searches(self, text: str, lowered: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        # A copy that matches a little more cannot be iterated: one of its matches may swallow the original's next
        # one. Searching again from the end of each match is what finditer does when no match is empty.
        search, match = self.lowered.search, self.compiled.match  # type: ignore[union-attr]
        found = search(lowered, pos, endpos)
        while found is not None:
            matched = match(text, found.start(), endpos)
            if matched is None:
                found = search(lowered, found.start() + 1, endpos)
                continue
            yield matched
            found = search(lowered, matched.end(), endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = _END) -> list[Any]:
        return self.compiled.findall(text, pos, endpos) if self.may_match(text) else []

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count) if self.may_match(text) else text

    def __repr__(self) -> str:
        return f"LiteralPattern({self.pattern!r}, required={self.required!r})"


def _checker(required: "Requirement | None") -> Callable[[str], bool]:
    """A function of a lower-cased text: False when the text cannot hold a match (see Requirement).

    It is written out as one expression, `("train" in text or "improv" in text) and "model" in text`, with each
    literal as its repr(): the pre-check runs before every search, and `in` written inline costs a third less than
    calling any() over the literals, and half what one regex alternation of them costs.
    """
    if required is None:
        return _anything
    return eval(f"lambda text: {_expression(required)}", {"__builtins__": {}})  # noqa: S307 # nosec B307 - str literals only


def _expression(required: "Requirement") -> str:
    if isinstance(required, str):
        return f"{required!r} in text"
    joiner = " and " if isinstance(required, AllOf) else " or "
    return "(" + joiner.join(map(_expression, required.parts)) + ")"


def _anything(text: str) -> bool:
    return True


def compile_literal(pattern: str, flags: int = 0) -> LiteralPattern:
    """`re.compile(pattern, flags)` with the literal pre-check and, under IGNORECASE, the lower-cased copy."""
    return LiteralPattern(re.compile(pattern, flags))


# Lower-cased texts by text. The rules test many patterns on each unit of a document, most of them one pattern over
# every unit in turn; the cache holds a whole document's units and is emptied when it is full. Longer texts (a whole
# document searched for its party names) are lowered each time rather than kept alive by the cache.
_LOWERED: dict[str, str | None] = {}
_LOWERED_SIZE = 20_000
_LOWERED_MAX_LENGTH = 4_000


def lowered_text(text: str) -> str | None:
    """`text` lower-cased letter by letter, as re.IGNORECASE compares letters; None for the rare text where that is
    not one letter for one letter ("İ" lower-cases to two characters, a final "Σ" depends on its neighbours)."""
    try:
        return _LOWERED[text]
    except KeyError:
        pass
    lowered: str | None
    if text.isascii():
        lowered = text.lower()
    elif "\u0130" in text or "\u03a3" in text:
        lowered = None
    elif "\u0131" in text or "\u017f" in text or "\u212a" in text:
        lowered = text.translate(_FOLD).lower()  # str.translate is slow: only for the text that needs it
    else:
        lowered = text.lower()
    if len(text) <= _LOWERED_MAX_LENGTH:
        if len(_LOWERED) >= _LOWERED_SIZE:
            _LOWERED.clear()
        _LOWERED[text] = lowered
    return lowered


@dataclass(frozen=True)
class AllOf:
    parts: tuple["Requirement", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Requirement", ...]


# What a text must contain for a pattern to match anywhere in it: a literal string (lower-case), all of several
# requirements, or one of several. None: nothing is known.
Requirement = str | AllOf | AnyOf


def requirement(pattern: str, flags: int = 0) -> Requirement | None:
    """What every text that `pattern` matches in contains, within the pre-check's budget of `in` tests."""
    return _requirement(sre_parse.parse(pattern, flags))


def _requirement(tree: Any) -> Requirement | None:
    return _limited(_sequence(tree), _MAX_TESTS)


def _sequence(items: Any) -> Requirement | None:
    """What a sequence of parse items needs: its runs of literal characters, and what each mandatory part needs."""
    parts: list[Requirement] = []
    run: list[str] = []
    for op, value in items:
        if op is sre.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if run:
            parts.append("".join(run))
            run = []
        part = _item(op, value)
        if part is not None:
            parts.append(part)
    if run:
        parts.append("".join(run))
    return _all_of(parts)


def _item(op: Any, value: Any) -> Requirement | None:
    if op is sre.SUBPATTERN:
        return _sequence(value[-1])
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(value)
    if op in _REPEATS:
        minimum, _, body = value
        return _sequence(body) if minimum >= 1 else None
    if op is sre.BRANCH:
        if len(value[1]) > _MAX_ALTERNATIVES:
            return None  # it could not be checked within the budget; working out what it needs would cost more
        alternatives = [_sequence(branch) for branch in value[1]]
        return None if any(alternative is None for alternative in alternatives) else _any_of(alternatives)
    return None  # character classes, anchors, lookarounds, back-references: no literal is certain


def _all_of(parts: list[Requirement]) -> Requirement | None:
    flat = _unique([part for p in parts for part in (p.parts if isinstance(p, AllOf) else (p,))])
    literals = [part for part in flat if isinstance(part, str)]
    # A literal inside another one adds nothing: a text with "notify" has "not".
    flat = [part for part in flat if not (isinstance(part, str) and any(part != o and part in o for o in literals))]
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else AllOf(tuple(flat))


def _any_of(parts: list[Requirement]) -> Requirement:
    flat = _unique([part for p in parts for part in (p.parts if isinstance(p, AnyOf) else (p,))])
    literals = [part for part in flat if isinstance(part, str)]
    # An alternative that needs a longer form of a literal alternative is covered by it: "uses" by "use".
    flat = [part for part in flat if not any(o != part and o in needed for o in literals for needed in _needed(part))]
    return flat[0] if len(flat) == 1 else AnyOf(tuple(flat))


def _needed(required: Requirement) -> list[str]:
    """The literals `required` certainly needs."""
    if isinstance(required, str):
        return [required]
    return [part for part in required.parts if isinstance(part, str)] if isinstance(required, AllOf) else []


def _unique(parts: list[Requirement]) -> list[Requirement]:
    return list(dict.fromkeys(parts))


def _cost(required: Requirement) -> int:
    """About how many `in` tests rejecting a text takes: every alternative is tried, and the first part of an
    AllOf (the strongest) rejects most texts on its own."""
    if isinstance(required, str):
        return 1
    if isinstance(required, AnyOf):
        return sum(map(_cost, required.parts))
    return _cost(required.parts[0]) + len(required.parts) - 1


def _strength(required: Requirement) -> float:
    """How rarely a text meets `required`, roughly: longer literals are rarer, and one of many is met more often."""
    if isinstance(required, str):
        return len(required)
    strengths = [_strength(part) for part in required.parts]
    return max(strengths) if isinstance(required, AllOf) else min(strengths) - len(strengths) / 8


def _weak(required: Requirement) -> bool:
    """A literal of one or two letters ("to", "is") is in almost every sentence."""
    if isinstance(required, str):
        return len(required) < _WEAK
    weak = [_weak(part) for part in required.parts]
    return all(weak) if isinstance(required, AllOf) else any(weak)


def _limited(required: Requirement | None, budget: int) -> Requirement | None:
    """`required` within `budget` (see _cost), or None.

    An AllOf keeps its strongest parts, strongest first, so that a text lacking one is rejected soonest; a weak
    part is left out beside a stronger one. An AnyOf over budget keeps only the strongest part of each alternative,
    and is dropped if that is still over.
    """
    if required is None or isinstance(required, str):
        return required
    if isinstance(required, AllOf):
        kept: list[Requirement] = []
        for part in sorted(required.parts, key=_strength, reverse=True)[:_MAX_PARTS]:
            limited = None if kept and _weak(part) else _limited(part, budget)
            if limited is not None:
                kept.append(limited)
        return None if not kept else kept[0] if len(kept) == 1 else AllOf(tuple(kept))
    alternatives = [_limited(part, budget) for part in required.parts]
    if any(alternative is None for alternative in alternatives):
        return None
    limited = _any_of(alternatives)  # type: ignore[arg-type]
    if _cost(limited) > budget:
        limited = _any_of([_first(alternative) for alternative in alternatives])  # type: ignore[arg-type]
    return limited if _cost(limited) <= budget else None


def _first(required: Requirement) -> Requirement:
    return _first(required.parts[0]) if isinstance(required, AllOf) else required


@dataclass(frozen=True)
class _LoweredCopy:
    compiled: re.Pattern[str]
    superset: bool


@dataclass
class _Lowering:
    superset: bool = False  # a case-sensitive group was lower-cased
    negated: int = 0  # depth of negative lookarounds


def _lowered_copy(pattern: str, flags: int) -> _LoweredCopy | None:
    """The IGNORECASE `pattern` as a case-sensitive pattern for lower-cased text, or None when it cannot be one."""
    flags &= ~re.IGNORECASE
    tree = sre_parse.parse(pattern, flags)
    lowering = _Lowering()
    if tree.state.flags & re.IGNORECASE or not _lowered_tree(tree, lowering):
        return None
    _share_boundaries(tree)
    return _LoweredCopy(sre_compile.compile(tree, flags), lowering.superset)


def _lowered_tree(items: Any, lowering: _Lowering) -> bool:
    """Rewrite, in place, the pattern's capitals as lower case: "U.S." becomes "u.s.", `[A-Z]` becomes `[A-Za-z]`.

    False when the copy could miss a match of the original: a back-reference, a cased letter outside ASCII, an
    atomic group or possessive repeat, or a case-sensitive group inside a negative lookaround (where matching more
    means matching less).
    """
    for index, (op, value) in enumerate(items.data):
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if not _ascii_or_uncased(value):
                return False
            items.data[index] = (op, ord(chr(value).lower()))
        elif op is sre.IN:
            lowered = _lowered_class(value)
            if lowered is None:
                return False
            items.data[index] = (op, lowered)
        elif op is sre.SUBPATTERN:
            if value[2] & re.IGNORECASE:
                if lowering.negated:
                    return False
                lowering.superset = True
            if not _lowered_tree(value[-1], lowering):
                return False
        elif op in _REPEATS:
            if not _lowered_tree(value[2], lowering):
                return False
        elif op is sre.BRANCH:
            if not all(_lowered_tree(branch, lowering) for branch in value[1]):
                return False
        elif op is sre.ASSERT:
            if not _lowered_tree(value[1], lowering):
                return False
        elif op is sre.ASSERT_NOT:
            lowering.negated += 1
            if not _lowered_tree(value[1], lowering):
                return False
            lowering.negated -= 1
        elif op not in (sre.AT, sre.ANY, sre.CATEGORY):
            return False
    items.width = None
    return True


_BOUNDARY = (sre.AT, sre.AT_BOUNDARY)


def _share_boundaries(items: Any) -> None:
    """Rewrite, in place, each run of two or more alternatives that begin with `\b` as `\b(?:...)`."""
    for index, (op, value) in enumerate(items.data):
        if op is sre.BRANCH:
            for branch in value[1]:
                _share_boundaries(branch)
            items.data[index] = (op, (value[0], _grouped(items, value[1])))
        elif op is sre.SUBPATTERN:
            _share_boundaries(value[-1])
        elif op in _REPEATS:
            _share_boundaries(value[2])
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            _share_boundaries(value[1])
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            _share_boundaries(value)
    items.width = None


def _grouped(parent: Any, branches: list[Any]) -> list[Any]:
    grouped: list[Any] = []
    run: list[Any] = []
    for branch in [*branches, None]:
        if branch is not None and len(branch.data) > 1 and branch.data[0] == _BOUNDARY:
            run.append(branch)
            continue
        if len(run) > 1:
            rest = [sre_parse.SubPattern(parent.state, list(member.data[1:])) for member in run]
            grouped.append(sre_parse.SubPattern(parent.state, [_BOUNDARY, (sre.BRANCH, (None, rest))]))
        else:
            grouped.extend(run)
        run = []
        if branch is not None:
            grouped.append(branch)
    return grouped


def _lowered_class(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]] | None:
    lowered: list[tuple[Any, Any]] = []
    for op, value in items:
        if op is sre.LITERAL:
            if not _ascii_or_uncased(value):
                return None
            lowered.append((op, ord(chr(value).lower())))
        elif op is sre.RANGE:
            low, high = value
            if high > 127 and not _uncased_range(max(low, 128), high):
                return None
            # The capitals stay beside their lower-case letters; lower-cased text holds no ASCII capital to match.
            ascii_part = "".join(map(chr, range(low, min(high, 127) + 1)))
            lowered.append((op, value))
            lowered.extend((sre.LITERAL, ord(char)) for char in sorted(set(ascii_part.lower()) - set(ascii_part)))
        elif op in (sre.NEGATE, sre.CATEGORY):
            lowered.append((op, value))
        else:
            return None
    return lowered


def _ascii_or_uncased(code: int) -> bool:
    char = chr(code)
    return code < 128 or (char.lower() == char and char.upper() == char)


def _uncased_range(low: int, high: int) -> bool:
    if high - low > 0x400:
        return False
    chars = "".join(map(chr, range(low, high + 1)))
    return chars.lower() == chars and chars.upper() == chars
