"""SOC 2 freshness, bridge letters, certificate expiry and scope, on plain objects (no database)."""

import datetime
from types import SimpleNamespace

from vendortrack.vendors.freshness import (
    add_months,
    expired_certificates,
    is_soc2_stale,
    soc2_covers_service,
    soc2_status,
)
from vendortrack.vendors.models import EvidenceKind, Soc2State

TODAY = datetime.date(2025, 6, 1)


def report(pk=1, *, kind=EvidenceKind.SOC2_TYPE2, period_end=None, covers_until=None, bridges_id=None, scope=()):
    return SimpleNamespace(
        pk=pk,
        kind=kind,
        period_start=period_end and period_end - datetime.timedelta(days=365),
        period_end=period_end,
        covers_until=covers_until,
        bridges_id=bridges_id,
        expires_on=None,
        covered_services=SimpleNamespace(all=lambda: list(scope)),
    )


def certificate(kind, expires_on):
    return SimpleNamespace(kind=kind, expires_on=expires_on)


def test_a_report_whose_period_ended_less_than_12_months_ago_is_fresh_with_days_left():
    status = soc2_status([report(period_end=datetime.date(2024, 12, 31))], today=TODAY)
    assert status.state == Soc2State.FRESH
    assert status.stale_since == datetime.date(2025, 12, 31)
    assert status.days_left == (datetime.date(2025, 12, 31) - TODAY).days


def test_it_becomes_stale_exactly_12_months_after_the_period_ends():
    reports = [report(period_end=datetime.date(2024, 6, 1))]
    assert soc2_status(reports, today=datetime.date(2025, 5, 31)).state == Soc2State.FRESH
    assert soc2_status(reports, today=datetime.date(2025, 6, 1)).state == Soc2State.STALE
    assert is_soc2_stale(reports, today=datetime.date(2025, 6, 1))


def test_the_newest_type2_decides_not_the_order_given():
    old = report(1, period_end=datetime.date(2023, 3, 31))
    new = report(2, period_end=datetime.date(2025, 3, 31))
    status = soc2_status([new, old], today=TODAY)
    assert status.state == Soc2State.FRESH
    assert status.newest_type2 is new


def test_a_bridge_letter_covering_today_turns_stale_into_bridged():
    soc2 = report(1, period_end=datetime.date(2024, 3, 31))
    letter = report(2, kind=EvidenceKind.BRIDGE_LETTER, covers_until=datetime.date(2025, 9, 30), bridges_id=1)
    status = soc2_status([soc2, letter], today=TODAY)
    assert status.state == Soc2State.BRIDGED
    assert status.bridge_until == datetime.date(2025, 9, 30)
    assert status.days_left == (datetime.date(2025, 9, 30) - TODAY).days
    assert not is_soc2_stale([soc2, letter], today=TODAY)


def test_an_expired_bridge_letter_leaves_the_report_stale():
    soc2 = report(1, period_end=datetime.date(2024, 3, 31))
    letter = report(2, kind=EvidenceKind.BRIDGE_LETTER, covers_until=datetime.date(2025, 5, 31), bridges_id=1)
    assert soc2_status([soc2, letter], today=TODAY).state == Soc2State.STALE


def test_a_bridge_letter_for_an_older_report_does_not_rescue_the_newest():
    older = report(1, period_end=datetime.date(2023, 3, 31))
    newest = report(2, period_end=datetime.date(2024, 3, 31))
    letter = report(3, kind=EvidenceKind.BRIDGE_LETTER, covers_until=datetime.date(2025, 12, 31), bridges_id=1)
    assert soc2_status([older, newest, letter], today=TODAY).state == Soc2State.STALE


def test_only_a_type1_report_is_not_fresh_and_nothing_at_all_is_missing():
    type1 = report(kind=EvidenceKind.SOC2_TYPE1, period_end=datetime.date(2025, 3, 31))
    assert soc2_status([type1], today=TODAY).state == Soc2State.TYPE1_ONLY
    assert soc2_status([], today=TODAY).state == Soc2State.MISSING
    assert not is_soc2_stale([], today=TODAY)


def test_months_are_added_clamped_to_the_end_of_the_month():
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)


def test_expired_certificates_lists_only_certificates_past_their_expiry():
    expired = certificate(EvidenceKind.ISO27001, datetime.date(2025, 5, 31))
    valid = certificate(EvidenceKind.HITRUST, datetime.date(2025, 6, 1))
    pen_test = certificate(EvidenceKind.PEN_TEST, datetime.date(2020, 1, 1))
    assert expired_certificates([valid, expired, pen_test], today=TODAY) == [expired]


def test_scope_covers_only_the_services_listed_in_the_newest_report():
    chat, speech = SimpleNamespace(pk=10), SimpleNamespace(pk=11)
    older = report(1, period_end=datetime.date(2023, 12, 31), scope=[chat, speech])
    newest = report(2, period_end=datetime.date(2024, 12, 31), scope=[chat])
    assert soc2_covers_service([older, newest], chat)
    assert not soc2_covers_service([older, newest], speech)
    assert not soc2_covers_service([], chat)
