"""How a rule reports: hits on clause units, and the precedence that turns hits into one status per provision."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from clause_library.literals import LiteralPattern, compile_literal
from clause_library.rules.view import DocumentView, Unit

MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Hit:
    """One unit that speaks to a provision, the status it argues for and the rule that saw it."""

    status: str
    unit: Unit
    rule: str
    confidence: float


@dataclass(frozen=True)
class Verdict:
    status: str
    confidence: float
    units: tuple[Unit, ...]
    rule: str
    parameters: dict[str, Any] = field(default_factory=dict)


def compile_all(*patterns: str) -> tuple[LiteralPattern, ...]:
    return tuple(rx(p) for p in patterns)


@lru_cache(maxsize=1024)
def rx(pattern: str) -> LiteralPattern:
    """`pattern` compiled case-insensitively, with the literal pre-check; once a process. Bounded like re's own
    cache: a document's party names and defined terms make patterns of its own."""
    return compile_literal(pattern, re.IGNORECASE)


def missing(provision_id: str, reason: str = "no_clause") -> Verdict:
    """Nothing in the text decides the provision: the agreement is silent on it."""
    return Verdict(status="missing", confidence=0.6, units=(), rule=f"{provision_id}.missing.{reason}")


def decide(
    provision_id: str,
    hits: Iterable[Hit],
    precedence: tuple[str, ...] = ("contrary", "weak", "present"),
    parameters: dict[str, Any] | None = None,
) -> Verdict:
    """The first status of `precedence` that any hit argues for wins; its hits are the evidence."""
    hits = list(hits)
    for status in precedence:
        chosen = [hit for hit in hits if hit.status == status]
        if chosen:
            return verdict_from(status, chosen, parameters)
    return missing(provision_id)


def verdict_from(status: str, chosen: list[Hit], parameters: dict[str, Any] | None = None) -> Verdict:
    strongest = max(chosen, key=lambda hit: hit.confidence)
    units: list[Unit] = []
    for hit in sorted(chosen, key=lambda hit: -hit.confidence):
        if hit.unit not in units:
            units.append(hit.unit)
    return Verdict(
        status=status,
        confidence=strongest.confidence,
        units=tuple(sorted(units[:MAX_EVIDENCE], key=lambda unit: unit.index)),
        rule=strongest.rule,
        parameters=parameters or {},
    )


_MODAL = rx(r"\b(?:shall|will|must|may|can|agrees?\s+to|undertakes?\s+to)\b")
_ELIDED_SUBJECT = rx(r"(?:,\s*|\b)(?:and|or|but|nor)\s+(?:then\s+|also\s+|further\s+)?$")


def obligor(view: DocumentView, unit: Unit, position: int) -> str | None:
    """The party bound by the modal that governs the words at `position`.

    "Business Associate shall return to Covered Entity or destroy all PHI" binds Business Associate, although
    Covered Entity is named last before "destroy"; in "Provider may aggregate ... for Customer, and shall not use"
    the second modal has no subject of its own and takes the first one's.
    """
    modals = list(_MODAL.finditer(unit.text, 0, position))
    while modals and _ELIDED_SUBJECT.search(unit.text, 0, modals[-1].start()) and len(modals) > 1:
        modals.pop()
    return view.actor(unit, modals[-1].start() if modals else position)


def with_parameters(verdict: Verdict, params: dict[str, Any]) -> Verdict:
    """The verdict with `params` added; a missing provision has nothing to parametrise."""
    if verdict.status == "missing" or not params:
        return verdict
    return Verdict(verdict.status, verdict.confidence, verdict.units, verdict.rule, {**verdict.parameters, **params})
