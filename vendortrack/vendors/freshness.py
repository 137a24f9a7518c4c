"""SOC 2 freshness, bridge letters, SOC 2 scope and certificate expiry: pure functions over evidence objects.

Rules (also in docs/domain.md):
- Only SOC 2 Type II reports count for freshness. The newest is the one whose period ends last.
- A Type II report is fresh until 12 months after its period ends ("stale_since"); from that day it is stale,
  unless a bridge letter covers today (covers_until >= today). A bridge letter counts when it extends the newest
  report (`bridges`) or names no report; a letter that extends an older report does not rescue the newest one.
- With no Type II report: "type1_only" when a Type I exists (a point in time proves no operating effectiveness),
  otherwise "missing".
- A certificate (HITRUST, ISO 27001/27701/42001) is expired when its expiry date is before today.
- The newest Type II report covers a service only if the service is listed in its scope; an empty scope means the
  scope was not recorded, which is not read as "covers everything".

The functions take any objects with the SecurityEvidence attributes, so tests need no database; `covered_services`
is read through `.all()`, which hits a prefetch cache when there is one.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vendortrack.vendors.models.choices import CERTIFICATE_KINDS, EvidenceKind, Soc2State

STALE_AFTER_MONTHS = 12


@dataclass(frozen=True)
class Soc2Freshness:
    state: Soc2State
    newest_type2: Any | None = None
    stale_since: datetime.date | None = None
    bridge_until: datetime.date | None = None
    days_left: int | None = None

    @property
    def is_stale(self) -> bool:
        return self.state == Soc2State.STALE


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, clamped to the month's last day (31 March + 11 months = 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(f"cannot move {day} by {months} months")


def newest_type2(reports: Iterable[Any]) -> Any | None:
    """The SOC 2 Type II report whose period ends last, or None."""
    type2 = [report for report in reports if report.kind == EvidenceKind.SOC2_TYPE2 and report.period_end]
    return max(type2, key=lambda report: report.period_end, default=None)


def _covering_bridge(reports: Iterable[Any], newest: Any, *, today: datetime.date) -> Any | None:
    letters = [
        report
        for report in reports
        if report.kind == EvidenceKind.BRIDGE_LETTER
        and report.covers_until
        and report.covers_until >= today
        and report.bridges_id in (None, newest.pk)
    ]
    return max(letters, key=lambda letter: letter.covers_until, default=None)


def soc2_status(reports: Iterable[Any], *, today: datetime.date) -> Soc2Freshness:
    """The SOC 2 state of a vendor from all of its evidence; see the module docstring for the rules."""
    reports = list(reports)
    newest = newest_type2(reports)
    if newest is None:
        has_type1 = any(report.kind == EvidenceKind.SOC2_TYPE1 for report in reports)
        return Soc2Freshness(state=Soc2State.TYPE1_ONLY if has_type1 else Soc2State.MISSING)
    stale_since = add_months(newest.period_end, STALE_AFTER_MONTHS)
    if today < stale_since:
        return Soc2Freshness(
            state=Soc2State.FRESH, newest_type2=newest, stale_since=stale_since, days_left=(stale_since - today).days
        )
    bridge = _covering_bridge(reports, newest, today=today)
    if bridge is not None:
        return Soc2Freshness(
            state=Soc2State.BRIDGED,
            newest_type2=newest,
            stale_since=stale_since,
            bridge_until=bridge.covers_until,
            days_left=(bridge.covers_until - today).days,
        )
    return Soc2Freshness(
        state=Soc2State.STALE, newest_type2=newest, stale_since=stale_since, days_left=(stale_since - today).days
    )


def is_soc2_stale(reports: Iterable[Any], *, today: datetime.date) -> bool:
    """True when the newest SOC 2 Type II is past its 12 months and no bridge letter covers today."""
    return soc2_status(reports, today=today).is_stale


def expired_certificates(evidence: Iterable[Any], *, today: datetime.date) -> list[Any]:
    """Certificates (HITRUST, ISO) whose expiry date has passed, oldest expiry first."""
    expired = [
        item for item in evidence if item.kind in CERTIFICATE_KINDS and item.expires_on and item.expires_on < today
    ]
    return sorted(expired, key=lambda item: item.expires_on)


def soc2_covers_service(reports: Iterable[Any], service: Any) -> bool:
    """Whether the newest SOC 2 Type II report lists `service` in its scope."""
    newest = newest_type2(reports)
    if newest is None:
        return False
    return any(covered.pk == service.pk for covered in newest.covered_services.all())
