"""Comparing a version of an agreement with the one before it, and carrying decisions over unchanged clauses.

A decision is carried over to a new finding when the earlier finding (same provision) had the same status and
its deciding evidence reads the same once normalised: case, spacing, punctuation at the edges and the clause
number in front are ignored, so renumbering a section or re-wrapping a line keeps the decision, while any change
of wording asks legal again. A missing provision has no evidence: a decision on it carries over while it stays
missing.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from contracts.models import ClauseFinding, Decision, DocumentVersion
from contracts.provisions import provision_severity, provision_title, provisions_by_id

# "(a)", "4.2", "4.2(b)", "iv)" and similar labels in front of a sentence.
_CLAUSE_LABEL = re.compile(r"^(?:\d+(?:\.\d+)*\.?|\(?(?:\d+|[a-z]{1,4})\)|[a-z]\.(?=\s))+\s+")
_SPACE = re.compile(r"\s+")
DECISION_FIELDS = ("decision", "decision_note", "decided_by_id", "decided_at")


def normalised_sentence(text: str) -> str:
    text = _SPACE.sub(" ", text).strip().casefold()
    while (stripped := _CLAUSE_LABEL.sub("", text, count=1)) != text:
        text = stripped
    return text.strip(" .;:")


def evidence_key(finding: ClauseFinding) -> tuple[str, tuple[str, ...]]:
    """What must stay the same for a decision to carry over: the status and the normalised evidence sentences."""
    return finding.status, tuple(normalised_sentence(item.get("text", "")) for item in finding.evidence)


def carry_over_decisions(
    new_findings: Iterable[ClauseFinding], *, same_version: Iterable[ClauseFinding], previous: Iterable[ClauseFinding]
) -> None:
    """Copy decisions onto unsaved `new_findings` from findings whose evidence is unchanged.

    `same_version` are the findings a re-run of the analysis replaces: their decisions are kept as they are (with
    their own carried_over_from). `previous` are the findings of the version before: their decisions are copied
    with carried_over_from pointing at them.
    """
    own = {finding.provision_id: finding for finding in same_version}
    earlier = {finding.provision_id: finding for finding in previous}
    for finding in new_findings:
        source = _decided_match(finding, own.get(finding.provision_id))
        if source is not None:
            _copy_decision(finding, source, carried_over_from_id=source.carried_over_from_id)
            continue
        source = _decided_match(finding, earlier.get(finding.provision_id))
        if source is not None:
            _copy_decision(finding, source, carried_over_from_id=source.pk)


def _decided_match(finding: ClauseFinding, candidate: ClauseFinding | None) -> ClauseFinding | None:
    if candidate is None or candidate.decision == Decision.UNDECIDED:
        return None
    return candidate if evidence_key(candidate) == evidence_key(finding) else None


def _copy_decision(finding: ClauseFinding, source: ClauseFinding, *, carried_over_from_id: int | None) -> None:
    for name in DECISION_FIELDS:
        setattr(finding, name, getattr(source, name))
    finding.carried_over_from_id = carried_over_from_id


@dataclass(frozen=True)
class ProvisionChange:
    """One provision across two versions; `before` or `after` is None when only one version has it."""

    provision_id: str
    title: str
    severity: str
    before: ClauseFinding | None
    after: ClauseFinding | None

    @property
    def status_changed(self) -> bool:
        return _status(self.before) != _status(self.after)

    @property
    def evidence_changed(self) -> bool:
        keys = [evidence_key(f)[1] if f else None for f in (self.before, self.after)]
        return keys[0] != keys[1]

    @property
    def changed(self) -> bool:
        return self.status_changed or self.evidence_changed

    @property
    def carried_over(self) -> bool:
        return bool(self.after and self.before and self.after.carried_over_from_id == self.before.pk)


def _status(finding: ClauseFinding | None) -> str | None:
    return finding.status if finding else None


@dataclass(frozen=True)
class VersionComparison:
    before: DocumentVersion
    after: DocumentVersion
    rows: tuple[ProvisionChange, ...]

    @property
    def changed_count(self) -> int:
        return sum(row.changed for row in self.rows)


def compare_versions(*, before: DocumentVersion, after: DocumentVersion) -> VersionComparison:
    """Per provision, the finding in each version; changed provisions first, then in catalogue order (two queries)."""
    old = {finding.provision_id: finding for finding in before.findings.all()}
    new = {finding.provision_id: finding for finding in after.findings.all()}
    order = {provision_id: index for index, provision_id in enumerate(provisions_by_id())}
    rows = [
        ProvisionChange(
            provision_id=provision_id,
            title=provision_title(provision_id),
            severity=provision_severity(provision_id),
            before=old.get(provision_id),
            after=new.get(provision_id),
        )
        for provision_id in old.keys() | new.keys()
    ]
    rows.sort(key=lambda row: (not row.changed, order.get(row.provision_id, len(order)), row.provision_id))
    return VersionComparison(before=before, after=after, rows=tuple(rows))
