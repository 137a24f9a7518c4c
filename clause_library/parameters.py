"""Parameters quoted in clauses: durations, vague timing, money amounts, fee-based caps and places.

Every extractor takes one piece of text and returns plain JSON-ready dicts, so findings can carry them as-is.
Durations are normalised to calendar days so thresholds compare like with like: a business day counts as 7/5 of
a calendar day (ten business days are two working weeks, i.e. 14 calendar days), a month as 30 days.
"""

import re
from typing import Any

from clause_library.literals import compile_literal

_NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50, "sixty": 60, "seventy": 70, "seventy-two": 72, "eighty": 80, "ninety": 90, "hundred": 100,
    "twenty-four": 24, "forty-eight": 48, "a": 1, "an": 1, "one hundred twenty": 120, "one hundred eighty": 180,
}  # fmt: skip
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_NUMBER = (
    rf"(?:(?P<digits>\d{{1,4}})(?:\s*\(\s*[a-z-]+\s*\))?|"
    rf"(?P<word>{_WORD_NUMBER})(?:\s*\(\s*(?P<paren>\d{{1,4}})\s*\))?)"
)

_UNIT_DAYS: dict[str, float] = {
    "hours": 1 / 24, "business_days": 7 / 5, "calendar_days": 1.0, "days": 1.0, "weeks": 7.0, "months": 30.0,
    "years": 365.0,
}  # fmt: skip
_DURATION = compile_literal(
    rf"\b{_NUMBER}\s*(?P<qualifier>business|working|calendar)?[\s-]*"
    r"(?P<unit>hours?|days?|weeks?|months?|years?)\b(?:[’']s?)?",
    re.IGNORECASE,
)

_VAGUE_TIMING: tuple[tuple[str, str], ...] = (
    ("without undue delay", r"without\s+(?:any\s+)?undue\s+delay"),
    ("without unreasonable delay", r"without\s+(?:any\s+)?unreasonable\s+delay"),
    ("promptly", r"\bpromptly\b"),
    ("immediately", r"\bimmediately\b"),
    ("as soon as practicable", r"as\s+soon\s+as\s+(?:reasonably\s+)?(?:practicable|possible|feasible)"),
    ("in a timely manner", r"\b(?:in\s+a\s+timely\s+manner|timely)\b"),
)

_VAGUE_TIMING_PATTERNS = tuple((name, compile_literal(pattern, re.IGNORECASE)) for name, pattern in _VAGUE_TIMING)

_SCALE = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000, "mm": 1_000_000,
          "billion": 1_000_000_000, "bn": 1_000_000_000}  # fmt: skip
_MONEY_SYMBOL = compile_literal(
    r"(?P<currency>US\$|USD|EUR|GBP|\$|€|£)\s?(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|mm|bn|m|k)\b)?",
    re.IGNORECASE,
)
_MONEY_WORDS = compile_literal(
    rf"\b(?P<number>{_WORD_NUMBER})\s+(?P<scale>thousand|million|billion)\s+"
    r"(?P<currency>(?:u\.?s\.?\s+)?dollars|euros?|pounds)\b",
    re.IGNORECASE,
)
_CURRENCY_CODES = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR",
                   "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pounds": "GBP"}  # fmt: skip
_FEES_CAP = compile_literal(
    r"(?:fees?|amounts?|sums?|charges?)(?:\s+\w+){0,3}?\s+(?:paid|payable|consumed|owed)"
    r"[^.;]{0,120}?(?:in|during|over|for)\s+the\s+(?:past\s+|prior\s+|preceding\s+|previous\s+)?"
    + _NUMBER
    + r"\s*(?:\(\s*\d+\s*\)\s*)?[\s-]*(?P<unit>months?|years?)",
    re.IGNORECASE,
)
_FEES_TERM = compile_literal(
    r"(?:fees?|amounts?)\s+(?:actually\s+)?(?:paid|payable)[^.;]{0,80}?during\s+the\s+term", re.IGNORECASE
)

_PLACES: tuple[tuple[str, str], ...] = (
    ("United States", r"\b(?:the\s+)?(?:continental\s+)?"
                      r"(?:United\s+States(?:\s+of\s+America)?|U\.\s?S\.(?:A\.)?|USA?\b)"),
    ("European Union", r"\b(?:the\s+)?(?:European\s+Union|EU)\b(?!\s+Data)"),
    ("European Economic Area", r"\b(?:the\s+)?(?:European\s+Economic\s+Area|EEA)\b"),
    ("United Kingdom", r"\b(?:the\s+)?(?:United\s+Kingdom|UK)\b"),
    ("Switzerland", r"\bSwitzerland\b"),
    ("Canada", r"\bCanada\b"),
    ("Australia", r"\bAustralia\b"),
    ("Germany", r"\bGermany\b"),
    ("France", r"\bFrance\b"),
    ("Ireland", r"\bIreland\b"),
    ("India", r"\bIndia\b"),
    ("Japan", r"\bJapan\b"),
)  # fmt: skip
_PLACE_PATTERNS = tuple((name, compile_literal(pattern)) for name, pattern in _PLACES)
PLACES = _PLACES  # the rules look for these names too
PLACE_STEMS: tuple[str, ...] = (
    "united", "usa", "european", "eu", "eea", "uk", "switzerland", "canada", "australia", "germany", "france",
    "ireland", "india", "japan", "continental",
)  # fmt: skip


def _number_value(match: re.Match[str]) -> int | None:
    if match.group("digits"):
        return int(match.group("digits"))
    if match.group("paren"):
        return int(match.group("paren"))
    word = match.group("word")
    return _NUMBER_WORDS.get(word.lower()) if word else None


def _unit_name(unit: str, qualifier: str | None) -> str:
    base = unit.lower().rstrip("s") + "s"
    if base == "days" and qualifier:
        return "business_days" if qualifier.lower() in {"business", "working"} else "calendar_days"
    return base


def durations(text: str) -> list[dict[str, Any]]:
    """Every stated duration: {"value": 10, "unit": "business_days", "days": 14.0, "text": "ten (10) business days"}."""
    found = []
    for match in _DURATION.finditer(text):
        value = _number_value(match)
        if value is None:
            continue
        unit = _unit_name(match.group("unit"), match.group("qualifier"))
        days = round(value * _UNIT_DAYS[unit], 2)
        found.append({"value": value, "unit": unit, "days": days, "text": match.group(0).strip()})
    return found


def vague_timing(text: str) -> str | None:
    """The first undated timing expression ("promptly", "without undue delay", ...), normalised, or None."""
    for name, pattern in _VAGUE_TIMING_PATTERNS:
        if pattern.search(text):
            return name
    return None


def money(text: str) -> list[dict[str, Any]]:
    """Every amount of money: {"amount": 5000000, "currency": "USD", "text": "$5,000,000"}."""
    found = []
    for match in _MONEY_SYMBOL.finditer(text):
        amount = float(match.group("amount").replace(",", ""))
        scale = (match.group("scale") or "").lower()
        amount *= _SCALE.get(scale, 1)
        currency = _CURRENCY_CODES.get(match.group("currency").lower(), match.group("currency").upper())
        found.append({"amount": _whole(amount), "currency": currency, "text": match.group(0).strip()})
    for match in _MONEY_WORDS.finditer(text):
        amount = _NUMBER_WORDS[match.group("number").lower()] * _SCALE[match.group("scale").lower()]
        currency_word = match.group("currency").lower().split()[-1]
        currency = _CURRENCY_CODES.get(currency_word, "USD")
        found.append({"amount": amount, "currency": currency, "text": match.group(0).strip()})
    return _distinct_amounts(found)


def _distinct_amounts(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # "$1,000,000 (one million dollars)" states one amount twice; keep its first spelling.
    seen: set[tuple[Any, str]] = set()
    distinct = []
    for item in found:
        key = (item["amount"], item["currency"])
        if key not in seen:
            seen.add(key)
            distinct.append(item)
    return distinct


def _whole(amount: float) -> int | float:
    return int(amount) if amount == int(amount) else amount


def fees_cap(text: str) -> dict[str, Any] | None:
    """A cap stated as fees paid over a period: {"kind": "fees_paid", "months": 12, "text": ...}, or None."""
    match = _FEES_CAP.search(text)
    if match:
        value = _number_value(match) or 1
        months = value * 12 if match.group("unit").lower().startswith("year") else value
        return {"kind": "fees_paid", "months": months, "text": match.group(0).strip()}
    term = _FEES_TERM.search(text)
    if term:
        return {"kind": "fees_paid", "months": None, "text": term.group(0).strip()}
    return None


def places(text: str) -> list[str]:
    """Named places (countries and regions), in order of first mention, without repeats."""
    hits = sorted((match.start(), name) for name, pattern in _PLACE_PATTERNS for match in pattern.finditer(text))
    ordered: list[str] = []
    for _, name in hits:
        if name not in ordered:
            ordered.append(name)
    return ordered


def whole_days(duration: dict[str, Any]) -> int:
    """A duration as the whole number of days an agreement states: "5 business days" is 5, "72 hours" is 3."""
    if duration.get("unit") in {"days", "business_days", "calendar_days"}:
        return int(duration["value"])
    return max(1, round(duration["days"])) if duration.get("days") else 0
