"""The deadlines of a vendor, computed from its data: a pure function, the one place the schedule rules live.

Rules (also in docs/compliance.md). Rejected and offboarded vendors have no deadlines.
- Quarterly control review (key "quarterly_review"): `cadence` months after the last signed-off review, or after the
  vendor was added. The cadence is Vendor.review_cadence_months when set, else by risk tier (REVIEW_CADENCE_MONTHS;
  quarterly unless the tier is low).
- SOC 2 refresh ("soc2_refresh"): 12 months after the newest Type II period ends (the day it goes stale).
- Bridge letter ("bridge_letter"), only when there is a Type II report: the day after the newest bridge letter for
  that report runs out, or, with none that reaches the stale date, the stale date itself (the day a letter is needed
  if the new report is late).
- Certificate expiry ("certificate_expiry:<kind>"): the newest expiry date of each certificate kind (HITRUST, ISO).
- Executed agreements with an expiry date: the expiry ("agreement_expiry:<id>") and, for auto-renewing ones, the
  last day to give notice ("agreement_notice:<id>") = end of the current term minus the notice period. Auto-renewal
  is read as successive one-year terms (the Agreement model records no renewal term), so a renewing agreement whose
  expiry has passed rolls forward to its current term. An unknown notice period is assumed to be ASSUMED_NOTICE_DAYS
  and the event says so: unknown is never read as "no notice needed".
- Sub-processor list re-check ("subprocessor_recheck"): every SUBPROCESSOR_RECHECK_MONTHS after the last one done.
- Incident tabletop ("incident_tabletop"): every 12 months after the last one done.
- RFI due dates ("rfi_due:<id>"): each sent RFI (given in `rfis`, when the RFI app is installed) with a due date.

Takes plain objects with the model attributes, so tests need no database.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vendortrack.compliance.models import EventKind
from vendortrack.vendors.freshness import STALE_AFTER_MONTHS, add_months, newest_type2
from vendortrack.vendors.models.choices import CERTIFICATE_KINDS, EvidenceKind, RiskTier, VendorStatus

REVIEW_CADENCE_MONTHS: Mapping[str, int] = {
    RiskTier.CRITICAL: 3,
    RiskTier.HIGH: 3,
    RiskTier.MODERATE: 3,
    RiskTier.LOW: 6,
}
DEFAULT_CADENCE_MONTHS = 3
SUBPROCESSOR_RECHECK_MONTHS = 6
TABLETOP_MONTHS = 12
RENEWAL_TERM_MONTHS = 12
QUARTERLY_REVIEW_KEY = "quarterly_review"
ASSUMED_NOTICE_DAYS = 90
INACTIVE_STATUSES = frozenset({VendorStatus.REJECTED, VendorStatus.OFFBOARDED})
EXECUTED = "executed"
RFI_AWAITING_ANSWERS = "sent"


@dataclass(frozen=True)
class Deadline:
    """One deadline as the rules give it; `key` is its stable identity within the vendor.

    A recurring deadline is computed from the day the last one was done, so it is always a new one after that.
    """

    key: str
    kind: EventKind
    title: str
    due_on: datetime.date
    detail: str = ""
    recurring: bool = False


@dataclass(frozen=True)
class ScheduleFacts:
    """What a vendor's deadlines are computed from. `last_done` maps a recurring key to the day it was last done."""

    vendor: Any
    evidence: Sequence[Any] = ()
    agreements: Sequence[Any] = ()
    rfis: Sequence[Any] = ()
    last_done: Mapping[str, datetime.date] = field(default_factory=dict)
    added_on: datetime.date | None = None  # the vendor's creation day in local time; created_at's date when None


def review_cadence_months(vendor: Any) -> int:
    """The vendor's own cadence when set, else the one its risk tier gives."""
    if vendor.review_cadence_months:
        return vendor.review_cadence_months
    return REVIEW_CADENCE_MONTHS.get(vendor.risk_tier, DEFAULT_CADENCE_MONTHS)


def vendor_deadlines(facts: ScheduleFacts, *, today: datetime.date) -> list[Deadline]:
    """Every deadline of one vendor, by due date; see the module docstring for the rules."""
    if facts.vendor.status in INACTIVE_STATUSES:
        return []
    found = [
        *_recurring(facts),
        *_soc2_deadlines(facts.evidence),
        *_certificate_deadlines(facts.evidence),
        *_agreement_deadlines(facts.agreements, today),
        *_rfi_deadlines(facts.rfis),
    ]
    return sorted(found, key=lambda deadline: (deadline.due_on, deadline.key))


def _recurring(facts: ScheduleFacts) -> list[Deadline]:
    anchor = facts.added_on or facts.vendor.created_at.date()
    cadence = review_cadence_months(facts.vendor)
    rules = (
        (QUARTERLY_REVIEW_KEY, EventKind.QUARTERLY_REVIEW, cadence, f"Control review (every {cadence} months)"),
        (
            "subprocessor_recheck",
            EventKind.SUBPROCESSOR_RECHECK,
            SUBPROCESSOR_RECHECK_MONTHS,
            "Re-check the sub-processor list",
        ),
        ("incident_tabletop", EventKind.INCIDENT_TABLETOP, TABLETOP_MONTHS, "Annual incident tabletop exercise"),
    )
    return [
        Deadline(
            key=key,
            kind=kind,
            title=title,
            due_on=add_months(facts.last_done.get(key, anchor), months),
            recurring=True,
        )
        for key, kind, months, title in rules
    ]


def _soc2_deadlines(evidence: Iterable[Any]) -> list[Deadline]:
    evidence = list(evidence)
    newest = newest_type2(evidence)
    if newest is None:
        return []
    stale_on = add_months(newest.period_end, STALE_AFTER_MONTHS)
    refresh = Deadline(
        key="soc2_refresh",
        kind=EventKind.SOC2_REFRESH,
        title="SOC 2 Type II report goes stale: obtain the new report",
        due_on=stale_on,
        detail=f"{newest.title}, period ending {newest.period_end:%Y-%m-%d}",
    )
    letters = [
        item.covers_until
        for item in evidence
        if item.kind == EvidenceKind.BRIDGE_LETTER and item.covers_until and item.bridges_id in (None, newest.pk)
    ]
    covered_until = max(letters, default=None)
    if covered_until and covered_until >= stale_on:
        bridge_due, detail = covered_until + datetime.timedelta(days=1), f"Current letter covers {covered_until}"
    else:
        bridge_due, detail = stale_on, "Needed if the new report is not in by the stale date"
    bridge = Deadline(
        key="bridge_letter", kind=EventKind.BRIDGE_LETTER, title="Bridge letter due", due_on=bridge_due, detail=detail
    )
    return [refresh, bridge]


def _certificate_deadlines(evidence: Iterable[Any]) -> list[Deadline]:
    newest: dict[str, Any] = {}
    for item in evidence:
        if item.kind in CERTIFICATE_KINDS and item.expires_on:
            if item.kind not in newest or item.expires_on > newest[item.kind].expires_on:
                newest[item.kind] = item
    return [
        Deadline(
            key=f"certificate_expiry:{kind}",
            kind=EventKind.CERTIFICATE_EXPIRY,
            title=f"{EvidenceKind(kind).label} certificate expires",
            due_on=item.expires_on,
            detail=item.title,
        )
        for kind, item in sorted(newest.items())
    ]


def current_term_end(agreement: Any, *, on: datetime.date) -> datetime.date:
    """The end of the term running on `on`: the expiry, rolled forward by renewal terms when it auto-renews."""
    end = agreement.expiry_date
    renewals = 0
    while agreement.auto_renews and end < on:
        renewals += 1
        end = add_months(agreement.expiry_date, RENEWAL_TERM_MONTHS * renewals)
    return end


def _agreement_deadlines(agreements: Iterable[Any], today: datetime.date) -> list[Deadline]:
    found = []
    for agreement in agreements:
        if agreement.status != EXECUTED or not agreement.expiry_date:
            continue
        end = current_term_end(agreement, on=today)
        renewal = "renews automatically" if agreement.auto_renews else "does not renew by itself"
        found.append(
            Deadline(
                key=f"agreement_expiry:{agreement.pk}",
                kind=EventKind.AGREEMENT_EXPIRY,
                title=f"{agreement.title} expires",
                due_on=end,
                detail=f"The agreement {renewal}.",
            )
        )
        if agreement.auto_renews:
            found.append(_notice_deadline(agreement, end))
    return found


def _notice_deadline(agreement: Any, end: datetime.date) -> Deadline:
    days = agreement.notice_period_days
    detail = f"{days} days' notice before {end}" if days is not None else ""
    if days is None:
        days = ASSUMED_NOTICE_DAYS
        detail = f"Notice period unknown: assumed {days} days before {end}. Check the agreement."
    return Deadline(
        key=f"agreement_notice:{agreement.pk}",
        kind=EventKind.AGREEMENT_NOTICE,
        title=f"Last day to stop {agreement.title} renewing",
        due_on=end - datetime.timedelta(days=days),
        detail=detail,
    )


def _rfi_deadlines(rfis: Iterable[Any]) -> list[Deadline]:
    return [
        Deadline(
            key=f"rfi_due:{rfi.pk}",
            kind=EventKind.RFI_DUE,
            title=f"RFI answers due: {rfi.title}",
            due_on=rfi.due_on,
        )
        for rfi in rfis
        if rfi.due_on and rfi.status == RFI_AWAITING_ANSWERS
    ]
