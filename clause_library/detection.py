"""Detect every catalogue provision in a document: one Finding per provision, in catalogue order.

The rules (clause_library/rules/) read the document through a DocumentView; this module picks the provisions that
apply to the agreement type, hands each rule its thresholds from the catalogue, and turns verdicts into Findings
whose evidence offsets cut exactly the quoted sentence out of the document text.
"""

import re
from collections.abc import Mapping
from typing import Any

from clause_library.document import Document, Sentence
from clause_library.numbering import is_heading_line
from clause_library.result import Evidence, Finding
from clause_library.rules import RULES, DocumentView, Verdict

# A title line: short, no closing punctuation, every word capitalised or a number ("5. SECURITY", "Article IV -
# Term and Termination"); small joining words may be lower case.
_TITLE_WORD = r"(?:[A-Z0-9][\w'’&/,-]*|of|and|or|the|to|for|in|on|by|with|[-–—])"
_HEADING = re.compile(rf"^\s*(?:[(\[]?[\dA-Za-z]{{1,4}}[.)\]]?\s+)?{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,7}}\s*$")

# Used only where the catalogue does not state a threshold; the catalogue's values always win.
DEFAULT_THRESHOLDS: Mapping[str, Mapping[str, Any]] = {
    "breach_notification": {"max_notice_days": 10},
    "log_retention_limit": {"max_retention_days": 0},
    "termination_for_breach": {"max_cure_days": 30},
}


def detect(document: Document, *, agreement_type: str = "any") -> tuple[Finding, ...]:
    """One Finding per provision that applies to `agreement_type` ("any" means all), in catalogue order."""
    view = DocumentView(document)
    findings = []
    for provision_id, thresholds in _provisions(agreement_type):
        verdict = RULES[provision_id](view, thresholds)
        findings.append(_finding(provision_id, verdict))
    return tuple(findings)


def _provisions(agreement_type: str) -> list[tuple[str, Mapping[str, Any]]]:
    from clause_library.catalogue import load_catalogue

    catalogue = load_catalogue()
    return [
        (provision.id, {**DEFAULT_THRESHOLDS.get(provision.id, {}), **provision.thresholds})
        for provision in catalogue.provisions
        if provision.id in RULES and provision.applies_to_type(agreement_type)
    ]


def _finding(provision_id: str, verdict: Verdict) -> Finding:
    evidence = tuple(
        Evidence(page=s.page, section=s.section, text=s.text, start=s.start, end=s.end)
        for unit in verdict.units
        for s in _quotable(unit.sentences)
    )
    return Finding(
        provision_id=provision_id,
        status=verdict.status,  # type: ignore[arg-type]
        confidence=verdict.confidence,
        evidence=evidence,
        parameters=verdict.parameters,
        rule=verdict.rule,
    )


def _quotable(sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """The sentences of a unit worth quoting: a title glued to the clause under it ("5. SECURITY") is left out.

    Extraction often joins a heading line to the clause under it; the clause decides, and a reviewer shown the
    heading as evidence reads it as a bare title. A unit that is only a heading keeps it.
    """
    if len(sentences) > 1 and len(sentences[0].text) <= 120 and _is_title(sentences[0].text):
        return sentences[1:]
    return sentences


def _is_title(text: str) -> bool:
    # The pattern knows "5. SECURITY" and "Article IV - Term"; the clause numbering knows "ARTICLE 2. PERMITTED USES"
    # and "Section 4.2 Breach Notification" as well.
    return bool(_HEADING.match(text)) or is_heading_line(text)
