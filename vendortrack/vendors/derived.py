"""Stores a vendor's derived facts (risk tier, blockers, SOC 2 state, stale evidence) on the Vendor row.

Why stored: the vendor list filters and sorts on them in SQL, with a fixed number of queries whatever the size of
the portfolio. They are computed only by the pure functions in risk.py, blockers.py and freshness.py; this module
is the one place that writes them.

They are written with update(), which sends no signal, so both functions here move the vendor list's change stamp
themselves (list_cache.py; contracts/stamps.py for why in the same transaction).

Call `vendor_refresh_derived(vendor)` after every write that can change them: the vendor's override, any service,
endpoint, evidence, use case (and its endpoints). SOC 2 staleness and certificate expiry also change with the
calendar, so `vendors_refresh_derived()` re-computes the whole portfolio; run it daily (a beat task) and after
loading data in bulk.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from contracts.stamps import stamp_changed
from vendortrack.vendors.blockers import vendor_blockers
from vendortrack.vendors.freshness import expired_certificates, soc2_status
from vendortrack.vendors.list_cache import TOPIC as LIST_TOPIC
from vendortrack.vendors.models import AIUseCase, RiskTier, SecurityEvidence, Soc2State, Vendor
from vendortrack.vendors.risk import computed_risk_tier, with_override


@dataclass(frozen=True)
class VendorDerivedFacts:
    computed_risk_tier: RiskTier
    risk_tier: RiskTier
    has_blockers: bool
    soc2_state: Soc2State
    has_stale_evidence: bool


def prefetch_vendor_facts(vendors: QuerySet[Vendor]) -> QuerySet[Vendor]:
    """`vendors` with what the derived-fact functions read, in four extra queries whatever the number of vendors."""
    use_cases = AIUseCase.objects.select_related("service").prefetch_related("endpoints")
    evidence = SecurityEvidence.objects.prefetch_related("covered_services")
    return vendors.prefetch_related(Prefetch("use_cases", queryset=use_cases), Prefetch("evidence", queryset=evidence))


def vendor_derived_facts(vendor: Vendor, *, today: datetime.date) -> VendorDerivedFacts:
    """The derived facts of a vendor whose use cases and evidence are prefetched (`prefetch_vendor_facts`)."""
    evidence = list(vendor.evidence.all())
    soc2 = soc2_status(evidence, today=today)
    computed = computed_risk_tier(vendor, today=today).tier
    return VendorDerivedFacts(
        computed_risk_tier=computed,
        risk_tier=with_override(vendor, computed),
        has_blockers=bool(vendor_blockers(vendor)),
        soc2_state=soc2.state,
        has_stale_evidence=soc2.is_stale or bool(expired_certificates(evidence, today=today)),
    )


def _store(vendor_id: int, facts: VendorDerivedFacts, *, today: datetime.date) -> None:
    # update() rather than save(): derived values are not edits, so they stay out of the audit trail and leave
    # updated_at alone.
    Vendor.objects.filter(pk=vendor_id).update(
        computed_risk_tier=facts.computed_risk_tier,
        risk_tier=facts.risk_tier,
        has_blockers=facts.has_blockers,
        soc2_state=facts.soc2_state,
        has_stale_evidence=facts.has_stale_evidence,
        derived_on=today,
    )


def vendor_refresh_derived(vendor: Vendor, *, today: datetime.date | None = None) -> VendorDerivedFacts:
    """Re-compute and store the derived facts of one vendor from the database; also sets them on `vendor`."""
    today = today or timezone.localdate()
    fresh = prefetch_vendor_facts(Vendor.objects.filter(pk=vendor.pk)).get()
    facts = vendor_derived_facts(fresh, today=today)
    _store(vendor.pk, facts, today=today)
    stamp_changed(LIST_TOPIC)
    for name, value in facts.__dict__.items():
        setattr(vendor, name, value)
    vendor.derived_on = today
    return facts


def vendors_refresh_derived(*, vendors: QuerySet[Vendor] | None = None, today: datetime.date | None = None) -> int:
    """Re-compute every vendor (or `vendors`) in pages of 500; returns how many rows changed."""
    today = today or timezone.localdate()
    queryset = prefetch_vendor_facts((vendors if vendors is not None else Vendor.objects.all()).order_by("pk"))
    changed = 0
    try:
        for vendor in queryset.iterator(chunk_size=500):
            facts = vendor_derived_facts(vendor, today=today)
            stored = VendorDerivedFacts(
                computed_risk_tier=vendor.computed_risk_tier,
                risk_tier=vendor.risk_tier,
                has_blockers=vendor.has_blockers,
                soc2_state=vendor.soc2_state,
                has_stale_evidence=vendor.has_stale_evidence,
            )
            if facts != stored or vendor.derived_on != today:
                _store(vendor.pk, facts, today=today)
                changed += 1
    finally:
        # Once for the run, even one cut short: the rows written so far may have committed one by one.
        if changed:
            stamp_changed(LIST_TOPIC)
    return changed
