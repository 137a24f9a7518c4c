"""Parameters quoted in clauses: durations, vague timing, money, fee-based caps and places."""

import pytest

from clause_library import parameters


@pytest.mark.parametrize(
    ("text", "value", "unit", "days"),
    [
        ("within ten (10) business days of discovery", 10, "business_days", 14.0),
        ("no later than sixty (60) calendar days", 60, "calendar_days", 60.0),
        ("within 72 hours", 72, "hours", 3.0),
        ("seventy-two (72) hours after confirmation", 72, "hours", 3.0),
        ("on 10 (ten) days' notice", 10, "days", 10.0),
        ("a thirty-day cure period", 30, "days", 30.0),
        ("for two weeks", 2, "weeks", 14.0),
        ("retained for at least one year", 1, "years", 365.0),
        ("within 5 working days", 5, "business_days", 7.0),
        ("over three (3) months", 3, "months", 90.0),
    ],
)
def test_durations_are_normalised_to_days(text: str, value: int, unit: str, days: float) -> None:
    found = parameters.durations(text)

    assert found[0]["value"] == value
    assert found[0]["unit"] == unit
    assert found[0]["days"] == days


def test_a_text_without_a_duration_has_none() -> None:
    assert parameters.durations("The vendor shall notify the customer of each incident.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shall notify the customer without undue delay", "without undue delay"),
        ("reports it without unreasonable delay", "without unreasonable delay"),
        ("will promptly inform us", "promptly"),
        ("as soon as reasonably practicable", "as soon as practicable"),
        ("within ten days", None),
    ],
)
def test_vague_timing_is_named(text: str, expected: str | None) -> None:
    assert parameters.vague_timing(text) == expected


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("cover of not less than $5,000,000 per claim", 5_000_000, "USD"),
        ("five million dollars in the aggregate", 5_000_000, "USD"),
        ("a limit of USD 1M", 1_000_000, "USD"),
        ("up to €250,000", 250_000, "EUR"),
        ("£2 million", 2_000_000, "GBP"),
    ],
)
def test_money_amounts_are_read(text: str, amount: int, currency: str) -> None:
    found = parameters.money(text)

    assert found[0]["amount"] == amount
    assert found[0]["currency"] == currency


def test_an_amount_written_twice_is_reported_once() -> None:
    assert len(parameters.money("limited to $2,000,000 (two million dollars)")) == 1


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("the fees paid by Customer in the twelve (12) months preceding the claim", 12),
        ("amounts paid or payable under this Agreement during the 6 month period before the event", 6),
        ("the total charges actually paid by you over the prior two years", 24),
    ],
)
def test_caps_stated_as_fees_paid_carry_their_period(text: str, months: int) -> None:
    cap = parameters.fees_cap(text)

    assert cap is not None
    assert cap["kind"] == "fees_paid"
    assert cap["months"] == months


def test_a_fixed_cap_is_not_read_as_fees_paid() -> None:
    assert parameters.fees_cap("liability shall not exceed $1,000,000") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stored only within the continental U.S.", ["United States"]),
        ("hosted in the United States of America", ["United States"]),
        ("processed in the EU/EEA and Switzerland", ["European Union", "European Economic Area", "Switzerland"]),
        ("servers located in the United Kingdom", ["United Kingdom"]),
        ("in a data centre of its choosing", []),
    ],
)
def test_places_are_named(text: str, expected: list[str]) -> None:
    assert parameters.places(text) == expected
