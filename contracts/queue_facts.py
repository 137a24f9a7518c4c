"""The review queue's facts stored on each finding, and the one place that keeps them true.

The queue orders and filters the flagged findings of every current version by severity, status, vendor name,
agreement title and whether they are in conflict. Computed per request, that was a join of four tables, a sort of
every flagged finding and a conflict subquery per row; stored on the finding, it is one index scan. Each fact
mirrors something else and is refreshed here whenever that changes:

- `is_current` mirrors `DocumentVersion.is_current`: refreshed by `agreement_refresh_queue_facts`, which
  contracts.analysis.agreement_refresh_current_version calls on every analysis state change and after it stores
  findings.
- `vendor_name` and `agreement_title`: refreshed for an agreement by the same function (called again when an
  agreement is saved), and for a vendor's agreements by `vendor_renamed` (contracts/receivers.py).
- `in_conflict`: the rule of contracts.conflicts (`find_conflicts`, the pure function) applied to a vendor's current
  findings, by `vendor_refresh_conflicts`; a vendor's conflicts change only with its agreements' current findings
  and statuses, so it is called from the refreshes above and when an agreement is saved or deleted.

Every refresh moves the review pages' change stamp in its transaction (contracts/review_cache.py): QuerySet.update()
sends no signal, so the stamp is moved here, where the facts are written.

The flag is what someone who sees every agreement sees; a user who sees only some agreements gets the conflict
computed for them (contracts.conflicts.conflict_exists). `review_rank` needs no care: the database computes it.
"""

from collections import defaultdict

from django.db.models import Case, Exists, OuterRef, QuerySet, Subquery, Value, When

from contracts.conflicts import NOT_IN_FORCE, OPPOSED, find_conflicts
from contracts.models import Agreement, ClauseFinding, DocumentVersion
from contracts.review_cache import review_changed


def agreement_refresh_queue_facts(*, agreement_id: int) -> None:
    """Store on every finding of the agreement whether its version is current, the vendor's name and the
    agreement's title; then refresh the vendor's conflicts (a few short queries, whatever the portfolio's size)."""
    agreement = Agreement.objects.select_related("vendor").filter(pk=agreement_id).first()
    if agreement is None:
        return
    versions = DocumentVersion.objects.filter(agreement_id=agreement_id)
    current = versions.filter(is_current=True).values_list("pk", flat=True).first()
    ClauseFinding.objects.filter(version__in=versions).update(
        is_current=Case(When(version_id=current, then=Value(True)), default=Value(False)),
        vendor_name=agreement.vendor.name,
        agreement_title=agreement.title,
    )
    review_changed()
    vendor_refresh_conflicts(vendor_id=agreement.vendor_id)


def _opposed(findings: QuerySet[ClauseFinding]) -> QuerySet[ClauseFinding]:
    """The current findings that can be a side of a conflict: present or contrary, in an agreement in force."""
    return (
        findings.filter(is_current=True, status__in=OPPOSED)
        .exclude(version__agreement__status__in=NOT_IN_FORCE)
        .select_related("version__agreement")
        .only("pk", "provision_id", "status", "version__agreement__vendor_id")
    )


def _sides(findings: QuerySet[ClauseFinding]) -> set[int]:
    by_vendor: dict[int, list[ClauseFinding]] = defaultdict(list)
    for finding in findings:
        by_vendor[finding.version.agreement.vendor_id].append(finding)
    return {
        side.pk
        for of_vendor in by_vendor.values()
        for conflict in find_conflicts(of_vendor)
        for side in (conflict.present, conflict.contrary)
    }


def _flag_conflicts(findings: QuerySet[ClauseFinding], in_conflict: set[int]) -> None:
    """Set the flag on exactly `in_conflict` among `findings`, writing only the rows that change."""
    changed = findings.filter(in_conflict=True).exclude(pk__in=in_conflict).update(in_conflict=False)
    if in_conflict:
        changed += ClauseFinding.objects.filter(pk__in=in_conflict, in_conflict=False).update(in_conflict=True)
    if changed:
        review_changed()


def vendor_refresh_conflicts(*, vendor_id: int) -> None:
    """Flag exactly the vendor's current findings that are one side of a conflict (contracts.conflicts' rule)."""
    of_vendor = ClauseFinding.objects.filter(version__agreement__vendor_id=vendor_id)
    _flag_conflicts(of_vendor, _sides(_opposed(of_vendor)))


def vendor_renamed(*, vendor_id: int, name: str) -> None:
    """Store a vendor's new name on the findings of its agreements (none is written when it did not change)."""
    findings = ClauseFinding.objects.filter(version__agreement__vendor_id=vendor_id).exclude(vendor_name=name)
    if findings.update(vendor_name=name):
        review_changed()


def refresh_all_queue_facts() -> None:
    """Every finding's stored facts from scratch, in a handful of queries: after loading findings in bulk (the
    benches), or to repair a database written around the services."""
    version = DocumentVersion.objects.filter(pk=OuterRef("version_id"))
    ClauseFinding.objects.update(
        is_current=Exists(version.filter(is_current=True)),
        vendor_name=Subquery(version.values("agreement__vendor__name")[:1]),
        agreement_title=Subquery(version.values("agreement__title")[:1]),
    )
    review_changed()
    everything = ClauseFinding.objects.all()
    _flag_conflicts(everything, _sides(_opposed(everything)))
