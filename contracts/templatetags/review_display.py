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
