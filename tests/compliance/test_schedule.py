"""The deadlines of a vendor from its data: one test per kind of deadline, no database."""

import datetime
from types import SimpleNamespace

from vendortrack.compliance.models import EventKind
from vendortrack.compliance.schedule import ScheduleFacts, current_term_end, review_cadence_months, vendor_deadlines
from vendortrack.vendors.models import EvidenceKind, RiskTier, VendorStatus

TODAY = datetime.date(2025, 6, 1)
ADDED = datetime.date(2025, 1, 10)


def _vendor(**overrides):
    values = {"status": VendorStatus.APPROVED, "risk_tier": RiskTier.HIGH, "review_cadence_months": None}
    return SimpleNamespace(**{**values, **overrides})


def _evidence(kind, pk=1, **fields):
    values = {"pk": pk, "kind": kind, "title": f"{kind} {pk}", "period_end": None, "expires_on": None}
    return SimpleNamespace(**{**values, "covers_until": None, "bridges_id": None, **fields})


def _agreement(pk=7, **fields):
    values = {"pk": pk, "title": "BAA", "status": "executed", "expiry_date": datetime.date(2025, 12, 31)}
    return SimpleNamespace(**{**values, "auto_renews": False, "notice_period_days": None, **fields})


def _deadlines(vendor=None, **facts):
    facts.setdefault("added_on", ADDED)
    return {d.key: d for d in vendor_deadlines(ScheduleFacts(vendor=vendor or _vendor(), **facts), today=TODAY)}


def test_the_quarterly_review_falls_due_three_months_after_the_vendor_was_added():
    review = _deadlines()["quarterly_review"]

    assert review.kind == EventKind.QUARTERLY_REVIEW
    assert review.due_on == datetime.date(2025, 4, 10)


def test_the_next_review_is_due_a_cadence_after_the_last_sign_off():
    review = _deadlines(last_done={"quarterly_review": datetime.date(2025, 5, 20)})["quarterly_review"]

    assert review.due_on == datetime.date(2025, 8, 20)


def test_the_cadence_follows_the_risk_tier_unless_the_vendor_sets_its_own():
    assert review_cadence_months(_vendor(risk_tier=RiskTier.CRITICAL)) == 3
    assert review_cadence_months(_vendor(risk_tier=RiskTier.LOW)) == 6
    assert review_cadence_months(_vendor(risk_tier=RiskTier.LOW, review_cadence_months=1)) == 1
    assert _deadlines(_vendor(review_cadence_months=12))["quarterly_review"].due_on == datetime.date(2026, 1, 10)


def test_soc2_refresh_is_due_twelve_months_after_the_period_ends():
    report = _evidence(EvidenceKind.SOC2_TYPE2, period_end=datetime.date(2025, 3, 31))

    refresh = _deadlines(evidence=[report])["soc2_refresh"]

    assert refresh.kind == EventKind.SOC2_REFRESH
    assert refresh.due_on == datetime.date(2026, 3, 31)


def test_the_newest_soc2_report_decides_the_refresh_date():
    older = _evidence(EvidenceKind.SOC2_TYPE2, pk=1, period_end=datetime.date(2024, 3, 31))
    newer = _evidence(EvidenceKind.SOC2_TYPE2, pk=2, period_end=datetime.date(2024, 9, 30))

    assert _deadlines(evidence=[older, newer])["soc2_refresh"].due_on == datetime.date(2025, 9, 30)


def test_a_bridge_letter_is_due_on_the_stale_date_without_one_and_after_the_current_one_runs_out():
    report = _evidence(EvidenceKind.SOC2_TYPE2, pk=1, period_end=datetime.date(2024, 3, 31))
    letter = _evidence(EvidenceKind.BRIDGE_LETTER, pk=2, bridges_id=1, covers_until=datetime.date(2025, 6, 30))

    without = _deadlines(evidence=[report])["bridge_letter"]
    with_letter = _deadlines(evidence=[report, letter])["bridge_letter"]

    assert without.kind == EventKind.BRIDGE_LETTER
    assert without.due_on == datetime.date(2025, 3, 31)
    assert with_letter.due_on == datetime.date(2025, 7, 1)


def test_no_soc2_report_means_no_soc2_or_bridge_deadline():
    keys = _deadlines(evidence=[_evidence(EvidenceKind.SOC2_TYPE1)])

    assert "soc2_refresh" not in keys
    assert "bridge_letter" not in keys


def test_each_certificate_kind_is_due_on_its_newest_expiry():
    old = _evidence(EvidenceKind.ISO27001, pk=1, expires_on=datetime.date(2025, 2, 1))
    new = _evidence(EvidenceKind.ISO27001, pk=2, expires_on=datetime.date(2027, 2, 1))
    hitrust = _evidence(EvidenceKind.HITRUST, pk=3, expires_on=datetime.date(2026, 1, 15))

    deadlines = _deadlines(evidence=[old, new, hitrust])

    assert deadlines["certificate_expiry:iso27001"].due_on == datetime.date(2027, 2, 1)
    assert deadlines["certificate_expiry:hitrust"].due_on == datetime.date(2026, 1, 15)
    assert deadlines["certificate_expiry:hitrust"].kind == EventKind.CERTIFICATE_EXPIRY


def test_an_agreement_that_does_not_renew_has_an_expiry_and_no_notice_deadline():
    deadlines = _deadlines(agreements=[_agreement(notice_period_days=60)])

    assert deadlines["agreement_expiry:7"].due_on == datetime.date(2025, 12, 31)
    assert deadlines["agreement_expiry:7"].kind == EventKind.AGREEMENT_EXPIRY
    assert "agreement_notice:7" not in deadlines


def test_the_last_day_to_give_notice_is_the_expiry_minus_the_notice_period():
    notice = _deadlines(agreements=[_agreement(auto_renews=True, notice_period_days=60)])["agreement_notice:7"]

    assert notice.kind == EventKind.AGREEMENT_NOTICE
    assert notice.due_on == datetime.date(2025, 11, 1)


def test_an_unknown_notice_period_is_assumed_and_said_so():
    notice = _deadlines(agreements=[_agreement(auto_renews=True)])["agreement_notice:7"]

    assert notice.due_on == datetime.date(2025, 10, 2)
    assert "unknown" in notice.detail


def test_an_auto_renewing_agreement_past_its_expiry_rolls_to_its_current_term():
    agreement = _agreement(auto_renews=True, notice_period_days=30, expiry_date=datetime.date(2024, 3, 31))

    deadlines = _deadlines(agreements=[agreement])

    assert current_term_end(agreement, on=TODAY) == datetime.date(2026, 3, 31)
    assert deadlines["agreement_expiry:7"].due_on == datetime.date(2026, 3, 31)
    assert deadlines["agreement_notice:7"].due_on == datetime.date(2026, 3, 1)


def test_only_executed_agreements_with_an_expiry_have_deadlines():
    deadlines = _deadlines(agreements=[_agreement(pk=1, status="negotiating"), _agreement(pk=2, expiry_date=None)])

    assert not [key for key in deadlines if key.startswith("agreement")]


def test_a_sent_rfi_is_due_on_its_due_date():
    sent = SimpleNamespace(pk=4, title="Gaps", status="sent", due_on=datetime.date(2025, 6, 20))
    answered = SimpleNamespace(pk=5, title="Old", status="answered", due_on=datetime.date(2025, 5, 1))

    deadlines = _deadlines(rfis=[sent, answered])

    assert deadlines["rfi_due:4"].due_on == datetime.date(2025, 6, 20)
    assert deadlines["rfi_due:4"].kind == EventKind.RFI_DUE
    assert "rfi_due:5" not in deadlines


def test_the_sub_processor_re_check_and_tabletop_recur_from_the_last_one_done():
    deadlines = _deadlines(last_done={"incident_tabletop": datetime.date(2025, 2, 1)})

    assert deadlines["subprocessor_recheck"].due_on == datetime.date(2025, 7, 10)
    assert deadlines["subprocessor_recheck"].kind == EventKind.SUBPROCESSOR_RECHECK
    assert deadlines["incident_tabletop"].due_on == datetime.date(2026, 2, 1)
    assert deadlines["incident_tabletop"].kind == EventKind.INCIDENT_TABLETOP


def test_rejected_and_offboarded_vendors_have_no_deadlines():
    report = _evidence(EvidenceKind.SOC2_TYPE2, period_end=datetime.date(2025, 3, 31))

    assert _deadlines(_vendor(status=VendorStatus.OFFBOARDED), evidence=[report]) == {}
    assert _deadlines(_vendor(status=VendorStatus.REJECTED)) == {}
