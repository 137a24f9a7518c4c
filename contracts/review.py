"""Legal's review queue and finding page: what needs a decision, in what order, with its evidence and history.

Decisions (docs/contracts.md, "Review queue"):
- The queue lists the flagged findings — weak, contrary, missing — of the latest analysed version of every agreement
  the user may see (contracts.conflicts.current_findings); by default only the undecided ones, "show all" adds the
  decided ones. Present findings need no decision and never appear.
- Order: severity (critical first), then status (contrary, missing, weak), then vendor, agreement and finding id, so
  the order is total and "previous / next" on the finding page is well defined (keyset on the same key).
- The counts per status and per severity are taken over the queue with every filter applied except status and
  severity themselves, so each count says what choosing that value would show.
- Every page runs a fixed number of queries whatever the number of findings (tests/contracts/
  test_review_query_counts.py).
"""

import uuid
from dataclasses import dataclass, field, fields, replace

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from clause_library.catalogue import SEVERITIES, Provision
from contracts.access import User, agreements_visible_to, check_agreement_access, within
from contracts.conflicts import current_findings, in_conflict_for
from contracts.models import FLAGGED_STATUSES, Agreement, ClauseFinding, Decision, review_rank_parts
from contracts.provisions import provision, provision_title

FLAGGED = FLAGGED_STATUSES
PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueFilters:
    """What the reviewer narrowed the queue to; empty strings mean "any"."""

    severity: str = ""
    status: str = ""
    vendor: uuid.UUID | None = None
    agreement: uuid.UUID | None = None
    provision: str = ""
    undecided: bool = True
    conflicts: bool = False

    def as_query(self) -> dict[str, str]:
        """The filters as GET parameters (what links back to the queue, or on to the next finding, carry)."""
        query = {}
        for name in ("severity", "status", "vendor", "agreement", "provision"):
            if getattr(self, name):
                query[name] = str(getattr(self, name))
        query["undecided"] = "1" if self.undecided else "0"
        if self.conflicts:
            query["conflicts"] = "1"
        return query

    @property
    def narrowed(self) -> bool:
        return any(getattr(self, f.name) != f.default for f in fields(self))


# The queue's order, all of it stored on the finding (contracts.queue_facts) and indexed in this order (models.py,
# finding_queue_order_idx): severity and status as one rank, vendor, agreement; the finding id breaks every tie.
ORDER_KEYS = ("review_rank", "vendor_name", "agreement_title", "pk")


def _scope(*, user: User, filters: QueueFilters, visible: QuerySet[Agreement] | None = None) -> QuerySet[ClauseFinding]:
    """The queue with every filter except severity and status (the counts are taken over this). `visible` is the
    user's agreements when the caller has built that queryset already (building it is not free)."""
    visible = agreements_visible_to(user) if visible is None else visible
    findings = within(current_findings(), visible=visible, path="version__agreement").filter(status__in=FLAGGED)
    if filters.undecided:
        findings = findings.filter(decision=Decision.UNDECIDED)
    if filters.vendor:
        findings = findings.filter(version__agreement__vendor__public_id=filters.vendor)
    if filters.agreement:
        findings = findings.filter(version__agreement__public_id=filters.agreement)
    if filters.provision:
        findings = findings.filter(provision_id=filters.provision)
    if filters.conflicts:
        findings = findings.filter(in_conflict_for(user=user, visible=visible))
    return findings


def _facets(filters: QueueFilters) -> Q:
    return Q(**{name: getattr(filters, name) for name in ("severity", "status") if getattr(filters, name)})


def _ordered(findings: QuerySet[ClauseFinding]) -> QuerySet[ClauseFinding]:
    return findings.order_by(*ORDER_KEYS)


def queue_findings(
    *, user: User, filters: QueueFilters, visible: QuerySet[Agreement] | None = None
) -> QuerySet[ClauseFinding]:
    """The queue in review order (a page of it is read by `QueueRows`)."""
    return _ordered(_scope(user=user, filters=filters, visible=visible).filter(_facets(filters)))


# What a queue row shows (contracts/templatetags/review_display.py): the rows' other columns — the engine's
# parameters, the decision note — would be read for nothing.
ROW_FIELDS = (
    "provision_id",
    "status",
    "severity",
    "evidence",
    "decision",
    "decided_at",
    "vendor_name",
    "agreement_title",
)
# The few values a row shows from other tables, read beside the finding rather than as objects of their own.
ROW_JOINED = {
    "agreement_public_id": F("version__agreement__public_id"),
    "version_number": F("version__number"),
    "decided_by_username": F("decided_by__username"),
}


class QueueRows:
    """The queue as Paginator reads it: its length comes from the counts query, and a page is one query that reads
    the queue's index in order and joins what a row shows to the rows of that page only."""

    def __init__(self, findings: QuerySet[ClauseFinding], *, count: int, user: User, visible: QuerySet) -> None:
        self.findings, self.count, self.user, self.visible = findings, count, user, visible

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, window: slice) -> list[ClauseFinding]:
        # The page's ids, a range of the queue's index, as a subquery: the joins then touch those rows alone, where
        # joining before the LIMIT and OFFSET joins every row a deep page skips.
        page = ClauseFinding.objects.filter(pk__in=self.findings.values("pk")[window]).order_by(*ORDER_KEYS)
        rows = page.only(*ROW_FIELDS)
        return list(rows.annotate(has_conflict=in_conflict_for(user=self.user, visible=self.visible), **ROW_JOINED))


@dataclass(frozen=True)
class QueueCounts:
    total: int
    by_status: dict[str, int]
    by_severity: dict[str, int]
    shown: int  # with severity and status applied too: the length of the list


def queue_counts(*, user: User, filters: QueueFilters, visible: QuerySet[Agreement] | None = None) -> QueueCounts:
    """Findings per status and per severity under the other filters, and how many are listed: one query grouped by
    the stored rank (severity and status in one number), which an index-only scan answers."""
    grouped = _scope(user=user, filters=filters, visible=visible).order_by().values_list("review_rank")
    by_status, by_severity = dict.fromkeys(FLAGGED, 0), dict.fromkeys(SEVERITIES, 0)
    total = shown = 0
    for rank, count in grouped.annotate(count=Count("pk")):
        severity, status = review_rank_parts(rank)
        total += count
        if status in by_status:
            by_status[status] += count
        if severity in by_severity:
            by_severity[severity] += count
        if filters.severity in ("", severity) and filters.status in ("", status):
            shown += count
    return QueueCounts(total=total, by_status=by_status, by_severity=by_severity, shown=shown)


@dataclass(frozen=True)
class QueueRow:
    finding: ClauseFinding
    title: str


@dataclass(frozen=True)
class QueuePage:
    page: Page
    rows: tuple[QueueRow, ...]
    counts: QueueCounts
    filters: QueueFilters
    vendors: tuple[tuple[uuid.UUID, str], ...]
    agreement: Agreement | None


def queue_page(*, user: User, filters: QueueFilters, page_number: str | int | None) -> QueuePage:
    """Everything the queue shows: one page of findings, the counts, the vendor choices, the agreement filtered on
    (the visibility check, the counts, the page of rows and the vendors: four queries, five with an agreement
    filter)."""
    visible = agreements_visible_to(user)
    vendors = visible.order_by("vendor__name").values_list("vendor__public_id", "vendor__name").distinct()
    agreement = None
    if filters.agreement:
        agreement = visible.select_related("vendor").filter(public_id=filters.agreement).first()
    counts = queue_counts(user=user, filters=filters, visible=visible)
    findings = queue_findings(user=user, filters=filters, visible=visible)
    rows = QueueRows(findings, count=counts.shown, user=user, visible=visible)
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    return QueuePage(
        page=page,
        rows=tuple(QueueRow(finding, provision_title(finding.provision_id)) for finding in page.object_list),
        counts=counts,
        filters=filters,
        vendors=tuple(vendors),
        agreement=agreement,
    )


# ---- The finding page -------------------------------------------------------------------------------------------

CONTEXT_CHARS = 700  # of the surrounding paragraph shown on each side of the evidence


@dataclass(frozen=True)
class EvidenceExcerpt:
    """One evidence sentence in its paragraph: `before` + `marked` + `after` is a slice of the document's text.

    `located` is False when the offsets do not point at the sentence (a document re-read by a newer engine): the
    sentence is then shown alone, as the engine reported it.
    """

    page: int | None
    section: str
    before: str
    marked: str
    after: str
    located: bool


def _squash(text: str) -> str:
    return " ".join(text.split())


def _locate(text: str, item: dict) -> tuple[int, int] | None:
    sentence = item.get("text") or ""
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        if _squash(text[start:end]) == _squash(sentence):
            return start, end
    found = text.find(sentence) if sentence else -1
    return (found, found + len(sentence)) if found >= 0 else None


def evidence_excerpt(text: str, item: dict) -> EvidenceExcerpt:
    """The evidence `item` ({page, section, text, start, end}) marked inside its paragraph(s) of `text`."""
    page, section = item.get("page"), item.get("section") or ""
    span = _locate(text, item)
    if span is None:
        return EvidenceExcerpt(page, section, "", item.get("text") or "", "", located=False)
    start, end = span
    paragraph_start = text.rfind("\n\n", 0, start)
    paragraph_start = max(paragraph_start + 2 if paragraph_start >= 0 else 0, start - CONTEXT_CHARS)
    paragraph_end = text.find("\n\n", end)
    paragraph_end = min(paragraph_end if paragraph_end >= 0 else len(text), end + CONTEXT_CHARS)
    before = ("…" if paragraph_start > 0 and text[paragraph_start - 1] != "\n" else "") + text[paragraph_start:start]
    after = text[end:paragraph_end] + ("…" if paragraph_end < len(text) and text[paragraph_end] != "\n" else "")
    return EvidenceExcerpt(page, section, before, text[start:end], after, located=True)


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: str
    decision: str
    note: str


def decision_history(finding: ClauseFinding) -> tuple[HistoryEntry, ...]:
    """Every recorded decision on this provision of this agreement, across its versions, newest first (one query).

    Read from the audit trail: a decision carried over to a new version was written on the earlier finding.
    """
    same_provision = ClauseFinding.objects.filter(
        version__agreement_id=finding.version.agreement_id, provision_id=finding.provision_id
    ).values("pk")
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ClauseFinding),
        object_id__in=same_provision,
        action=LogEntry.Action.UPDATE,  # findings are created by the engine; decisions are updates
    )
    labels = dict(Decision.choices)
    history = []
    entries = entries.select_related("actor").only("timestamp", "changes", "changes_text", "actor__username")
    for entry in entries.order_by("-timestamp", "-pk"):
        changes = entry.changes_dict
        decision = changes.get("decision", [None, None])[1]
        note = changes.get("decision_note", [None, ""])[1] or ""
        who = entry.actor.get_username() if entry.actor else "—"
        history.append(HistoryEntry(entry.timestamp, who, labels.get(decision, "Note changed"), note))
    return tuple(history)


@dataclass(frozen=True)
class QueueLink:
    """Where a finding of the queue lives: its agreement's public id and its own id."""

    public_id: uuid.UUID
    finding_id: int


@dataclass(frozen=True)
class Neighbours:
    previous: QueueLink | None
    next: QueueLink | None
    next_undecided: QueueLink | None


def _key(finding: ClauseFinding) -> tuple:
    return tuple(getattr(finding, name) for name in ORDER_KEYS)


# ORDER_KEYS as columns of the finding table.
QUEUE_COLUMNS = ("review_rank", "vendor_name", "agreement_title", "id")


def _keyset(*, after: bool | None, descending: bool = False) -> str:
    """What the neighbour queries append to the queue's SQL: rows strictly after (or before) the finding's key, as one
    row-value comparison that PostgreSQL reads as a range of the queue's index (SQLite compares row values too), and
    the queue order (or its reverse), first row only."""
    table = connection.ops.quote_name(ClauseFinding._meta.db_table)
    columns = [f"{table}.{connection.ops.quote_name(name)}" for name in QUEUE_COLUMNS]
    condition = ""
    if after is not None:
        condition = f" AND ({', '.join(columns)}) {'>' if after else '<'} ({', '.join(['%s'] * len(columns))})"
    order = ", ".join(f"{column} {'DESC' if descending else 'ASC'}" for column in columns)
    return f"{condition} ORDER BY {order} LIMIT 1"


def queue_neighbours(*, user: User, filters: QueueFilters, finding: ClauseFinding) -> Neighbours:
    """The findings around `finding` in the queue as filtered, and the next undecided one — after it, or from the
    top when none is left after it — in one query: four one-row reads of the queue's index joined by UNION ALL.

    The queue's own SQL (built by `_scope`, the one place its filters live) is compiled once per variant and the
    keyset appended to it: the same statement written as ORM subqueries cost ten times more to compile than to run.
    """
    key = _key(finding)
    visible = agreements_visible_to(user)

    def compiled(of: QueueFilters) -> tuple[str, tuple]:
        rows = _scope(user=user, filters=of, visible=visible).filter(_facets(of)).exclude(pk=finding.pk)
        return rows.order_by().values_list("pk", "version__agreement__public_id").query.sql_with_params()

    listed = compiled(filters)
    undecided = listed if filters.undecided else compiled(replace(filters, undecided=True))
    reads = (
        ("previous", listed, _keyset(after=False, descending=True), key),
        ("next", listed, _keyset(after=True), key),
        ("after", undecided, _keyset(after=True), key),
        ("top", undecided, _keyset(after=None), ()),
    )
    # Only SQL that Django compiled and constant column names are joined here; every value is a parameter.
    sql = " UNION ALL ".join(f"SELECT %s, n.* FROM ({base}{keyset}) n" for _, (base, _), keyset, _ in reads)  # noqa: S608  # nosec B608
    params = [value for name, (_, base_params), _, keys in reads for value in (name, *base_params, *keys)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # A raw cursor returns what the driver returns: a UUID from psycopg, 32 hex digits from SQLite.
        found = {name: QueueLink(uuid.UUID(str(public_id)), pk) for name, pk, public_id in cursor.fetchall()}
    return Neighbours(
        previous=found.get("previous"),
        next=found.get("next"),
        next_undecided=found.get("after") or found.get("top"),
    )


@dataclass(frozen=True)
class FindingPage:
    agreement: Agreement
    finding: ClauseFinding
    excerpts: tuple[EvidenceExcerpt, ...]
    history: tuple[HistoryEntry, ...]
    neighbours: Neighbours
    filters: QueueFilters = field(default_factory=QueueFilters)

    @property
    def provision(self) -> Provision | None:
        # Looked up rather than held: the catalogue is in memory, and the page is kept in a cache (review_cache.py).
        return provision(self.finding.provision_id)


# What the finding page and the decision read of the finding's relations (the finding's own fields are all read).
FINDING_PAGE_FIELDS = (
    *(field.name for field in ClauseFinding._meta.concrete_fields),
    *("version__number", "version__extracted_text", "version__agreement__public_id"),
    *("version__agreement__title", "version__agreement__agreement_type", "version__agreement__status"),
    *("version__agreement__vendor__public_id", "version__agreement__vendor__name", "decided_by__username"),
)


def finding_for_user(*, user: User, public_id: uuid.UUID, finding_id: int, for_change: bool = False) -> ClauseFinding:
    """A finding of the agreement `public_id` if `user` may see it (Http404 otherwise; PermissionDenied when
    `for_change` and they may only read), with its version, agreement and vendor joined: one query, then the
    agreement's access check (contracts.access)."""
    findings = ClauseFinding.objects.select_related("version__agreement__vendor", "decided_by").only(
        *FINDING_PAGE_FIELDS
    )
    try:
        finding = findings.filter(pk=finding_id, version__agreement__public_id=public_id).order_by().first()
    except (ValidationError, ValueError) as error:
        raise Http404("No such finding.") from error
    if finding is None:
        # An agreement the user may not see and a finding it does not have look the same: 404.
        raise Http404("No such finding.")
    check_agreement_access(user, finding.version.agreement, for_change=for_change)
    return finding


def finding_page(*, user: User, public_id: uuid.UUID, finding_id: int, filters: QueueFilters) -> FindingPage:
    """Everything the finding page shows alike to everyone who sees the finding, in a fixed number of queries
    (whether the reader may decide is theirs: contracts.access.can_change_agreement)."""
    finding = finding_for_user(user=user, public_id=public_id, finding_id=finding_id)
    agreement = finding.version.agreement
    text = finding.version.extracted_text
    return FindingPage(
        agreement=agreement,
        finding=finding,
        excerpts=tuple(evidence_excerpt(text, item) for item in finding.evidence),
        history=decision_history(finding),
        neighbours=queue_neighbours(user=user, filters=filters, finding=finding),
        filters=filters,
    )
