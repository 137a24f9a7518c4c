"""Conflicts across a vendor's documents in force: a provision one agreement keeps and another contradicts.

A vendor's BAA may forbid what its terms of service or data-usage policy allows. The rule, decided here once:

- Only documents in force count: per agreement whose status is not expired or terminated, the findings of its
  latest analysed version (a version still being analysed does not hide the one before it).
- A conflict is one provision that is `present` in one agreement and `contrary` in another agreement of the same
  vendor. Weak and missing findings are not conflicts: nothing contradicts them.
- People see only conflicts between agreements they may see (a reviewer granted one agreement sees none).

`find_conflicts` is the rule as a pure function over loaded findings (the panel shows both sentences; it also sets
the `in_conflict` flag stored on each finding, contracts.queue_facts); `conflict_exists` is the same rule as an SQL
expression, for a user who sees only some agreements, so the review queue can badge and filter by it in the query
that pages it. tests/contracts/test_conflicts.py checks that they agree.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value, When

from contracts.access import User, agreements_visible_to, is_every_agreement, within
from contracts.models import Agreement, AgreementStatus, ClauseFinding, FindingStatus
from contracts.provisions import provision_title

NOT_IN_FORCE = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)
OPPOSED = (FindingStatus.PRESENT, FindingStatus.CONTRARY)


def current_findings(queryset: QuerySet[ClauseFinding] | None = None) -> QuerySet[ClauseFinding]:
    """Findings of the latest analysed version of their agreement (the version the queue and conflicts read), by
    the flag each finding stores (contracts.queue_facts)."""
    findings = queryset if queryset is not None else ClauseFinding.objects.all()
    return findings.filter(is_current=True)


def _in_force(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}status__in": NOT_IN_FORCE})


@dataclass(frozen=True)
class Conflict:
    """One provision kept by one agreement and contradicted by another of the same vendor."""

    provision_id: str
    title: str
    present: ClauseFinding
    contrary: ClauseFinding

    def other_side(self, agreement_id: int) -> ClauseFinding:
        """The finding of the agreement that is not `agreement_id`."""
        return self.contrary if self.present.version.agreement_id == agreement_id else self.present


def find_conflicts(findings: Iterable[ClauseFinding]) -> list[Conflict]:
    """Every (present, contrary) pair of one provision across two agreements, in provision then agreement order.

    `findings` are the current findings of one vendor's agreements in force, with `version` loaded; nothing here
    touches the database.
    """
    by_provision: dict[str, dict[str, list[ClauseFinding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        if finding.status in OPPOSED:
            by_provision[finding.provision_id][finding.status].append(finding)
    conflicts = []
    for provision_id in sorted(by_provision):
        sides = by_provision[provision_id]
        for present in sides[FindingStatus.PRESENT]:
            for contrary in sides[FindingStatus.CONTRARY]:
                if present.version.agreement_id != contrary.version.agreement_id:
                    conflicts.append(Conflict(provision_id, provision_title(provision_id), present, contrary))
    return conflicts


def agreement_conflicts(*, user: User, agreement: Agreement) -> list[Conflict]:
    """The conflicts `agreement` takes part in, against the vendor's other agreements `user` may see (one query)."""
    if agreement.status in NOT_IN_FORCE:
        return []
    visible = agreements_visible_to(user).filter(_in_force(), vendor_id=agreement.vendor_id)
    findings = current_findings().filter(version__agreement__in=visible, status__in=OPPOSED)
    findings = findings.select_related("version__agreement").order_by("version__agreement__title", "pk")
    return [
        conflict
        for conflict in find_conflicts(findings)
        if agreement.pk in (conflict.present.version.agreement_id, conflict.contrary.version.agreement_id)
    ]


def in_conflict_for(*, user: User, visible: QuerySet[Agreement]) -> Case | ExpressionWrapper:
    """For a queryset of current findings: whether the finding is one side of a conflict `user` may see. The stored
    flag (contracts.queue_facts) when `visible`, the user's agreements, is every agreement; computed otherwise."""
    if is_every_agreement(visible):
        return ExpressionWrapper(F("in_conflict"), output_field=BooleanField())
    return conflict_exists(user=user, visible=visible)


def conflict_exists(*, user: User, visible: QuerySet[Agreement] | None = None) -> Case:
    """For a queryset of current findings: whether the finding is one side of a conflict `user` may see (`visible`:
    the user's agreements, when the caller has that queryset already)."""
    visible = agreements_visible_to(user) if visible is None else visible
    partners = within(current_findings(), visible=visible, path="version__agreement").filter(
        _in_force("version__agreement__"),
        provision_id=OuterRef("provision_id"),
        status__in=OPPOSED,
        version__agreement__vendor_id=OuterRef("version__agreement__vendor_id"),
    )
    partners = partners.exclude(status=OuterRef("status")).exclude(
        version__agreement_id=OuterRef("version__agreement_id")
    )
    own = Q(status__in=OPPOSED) & _in_force("version__agreement__")
    return Case(When(own & Q(Exists(partners)), then=Value(True)), default=Value(False), output_field=BooleanField())
