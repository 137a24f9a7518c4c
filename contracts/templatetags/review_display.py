"""The review queue's rows, written in Python rather than a template loop with includes, which cost the queue more
than its queries once those read an index (see bench/README.md, review section)."""

import datetime
import uuid
from collections.abc import Iterable
from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from contracts.models import Decision, FindingStatus, Severity

register = template.Library()

EVIDENCE_CHARS = 160
# A public id and a finding id that cannot occur, reversed once and replaced per row: reverse() per row is measurable.
_URL_SENTINEL = str(uuid.UUID(int=0))
_ID_SENTINEL = 9_007_199_254_740_993
_SEVERITIES = dict(Severity.choices)
_DECISIONS = dict(Decision.choices)
_NEEDS_DECISION = mark_safe('<span class="pill pill-unknown">Needs a decision</span>')  # noqa: S308 - a constant  # nosec B308
_CONFLICT = mark_safe(  # noqa: S308 - a constant  # nosec B308
    ' <span class="pill pill-no pill-plain" title="Another agreement of this vendor says the opposite">Conflict</span>'
)
_NO_EVIDENCE = mark_safe('<span class="faint">Not found in the document</span>')  # noqa: S308 - a constant  # nosec B308
_ROW = """<tr>
        <td class="primary-cell"><a class="primary" data-review-link href="{url}?{query}">{title}</a>
          <div class="sub">{severity}</div></td>
        <td data-label="Status">{status}{conflict}</td>
        <td data-label="Agreement">{agreement} <span class="faint">v{number}</span><div class="sub">{vendor}</div></td>
        <td data-label="Evidence">{evidence}</td>
        <td data-label="Decision">{decision}</td>
      </tr>
    """


@lru_cache(maxsize=16)
def status_pill(status: str) -> SafeString:
    """A finding's status as a pill (contracts/_status_pill.html, for code): present is fine, weak a warning,
    contrary and missing problems."""
    if not status:
        return mark_safe('<span class="pill pill-neutral">Not checked</span>')  # noqa: S308 - a constant  # nosec B308
    css = {FindingStatus.PRESENT: "pill-yes", FindingStatus.WEAK: "pill-unknown"}.get(status, "pill-no")
    return format_html('<span class="pill {}">{}</span>', css, status[:1].upper() + status[1:])


@lru_cache(maxsize=2048)
def _day(day: datetime.date) -> str:
    # Django's date formatting costs about 0.3 ms a call; a day's text never changes, so it is formatted once.
    return date_format(day, "M j, Y")


@register.simple_tag
def queue_rows(rows: Iterable[object], filter_query: str) -> SafeString:
    """The table rows of the review queue, for contracts.review.QueueRow items (finding with what a row shows)."""
    detail = reverse("contracts:finding", kwargs={"public_id": _URL_SENTINEL, "finding_id": _ID_SENTINEL})
    return mark_safe("".join(_row(row, detail, filter_query) for row in rows))  # noqa: S308 - every text escaped  # nosec B308 B703


def _row(row: object, detail: str, filter_query: str) -> str:
    # Every text is escaped here (html.escape, what Django's escape calls) and the row joined once: format_html per
    # row, with its conditional_escape per argument, cost a tenth of the page.
    finding = row.finding
    url = detail.replace(_URL_SENTINEL, str(finding.agreement_public_id)).replace(str(_ID_SENTINEL), str(finding.pk))
    return _ROW.format(
        url=url,
        query=escape(filter_query),
        title=escape(row.title),
        severity=escape(_SEVERITIES.get(finding.severity, finding.severity)),
        status=status_pill(finding.status),
        conflict=_CONFLICT if finding.has_conflict else "",
        agreement=escape(finding.agreement_title),
        number=finding.version_number,
        vendor=escape(finding.vendor_name),
        evidence=_evidence(finding.evidence),
        decision=_decision(finding),
    )


def _evidence(evidence: list) -> str:
    first = evidence[0] if evidence else None
    if not first:
        return _NO_EVIDENCE
    text = first.get("text") or ""
    if len(text) > EVIDENCE_CHARS:  # what the truncatechars filter does
        text = text[: EVIDENCE_CHARS - 1] + "…"
    return (
        f'<span class="sub">“{escape(text)}”</span> <span class="faint">p. {escape(str(first.get("page", "")))}</span>'
    )


def _decision(finding: object) -> str:
    if finding.decision == Decision.UNDECIDED:
        return _NEEDS_DECISION
    label = escape(_DECISIONS.get(finding.decision, finding.decision))
    if finding.decided_by_username is None:
        return label
    when = _day(template_localtime(finding.decided_at).date()) if finding.decided_at else ""
    return f'{label}<div class="faint">{escape(finding.decided_by_username)}, {when}</div>'


# ---- The agreement page's findings --------------------------------------------------------------------------------

_FINDING_ROW = """<tr id="finding-{provision_id}">
          <td class="primary-cell"><a class="primary" href="{url}">{title}</a>
            <div class="sub">{severity}{parameters}</div></td>
          <td data-label="Status">{status}</td>
          <td data-label="Evidence">{evidence}</td>
          <td data-label="Decision">{decision}{note}{decided}</td>
        </tr>
      """
_NO_SENTENCE = '<span class="faint">No sentence found.</span>'
_QUOTE = (
    '<blockquote class="sub" style="margin:6px 0;padding-left:10px;border-left:3px solid var(--border, #ccc)">'
    '“{text}”<div class="faint">page {page}{section}</div></blockquote>'
)


@register.simple_tag
def finding_rows(rows: Iterable[object], agreement: object) -> SafeString:
    """The table rows of the agreement page's findings (contracts.selectors.FindingRow items), every text escaped:
    a template loop with two includes per finding cost the page more than its queries."""
    detail = reverse("contracts:finding", kwargs={"public_id": agreement.public_id, "finding_id": _ID_SENTINEL})
    return mark_safe("".join(_finding_row(row, detail) for row in rows))  # noqa: S308 - every text escaped  # nosec B308 B703


def _finding_row(row: object, detail: str) -> str:
    finding = row.finding
    parameters = ", ".join(f"{escape(str(key))}: {escape(str(value))}" for key, value in finding.parameters.items())
    decision = _NEEDS_DECISION if finding.needs_decision else escape(_DECISIONS.get(finding.decision, finding.decision))
    decided = ""
    if finding.decided_by_id:
        when = _day(template_localtime(finding.decided_at).date()) if finding.decided_at else ""
        carried = " · carried over" if finding.carried_over_from_id else ""
        decided = f'<div class="faint">{escape(finding.decided_by.get_username())}, {when}{carried}</div>'
    return _FINDING_ROW.format(
        provision_id=escape(finding.provision_id),
        url=detail.replace(str(_ID_SENTINEL), str(finding.pk)),
        title=escape(row.title),
        severity=escape(_SEVERITIES.get(finding.severity, finding.severity)),
        parameters=f" · {parameters}" if finding.parameters else "",
        status=status_pill(finding.status),
        evidence="".join(_quote(item) for item in finding.evidence) or _NO_SENTENCE,
        decision=decision,
        note=f'<div class="sub">{escape(finding.decision_note)}</div>' if finding.decision_note else "",
        decided=decided,
    )


def _quote(item: dict) -> str:
    section = f" · section {escape(str(item['section']))}" if item.get("section") else ""
    text, page = escape(str(item.get("text", ""))), escape(str(item.get("page", "")))
    return _QUOTE.format(text=text, page=page, section=section)
