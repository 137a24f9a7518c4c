"""Reads for the agreement pages: permission-filtered querysets with their joins, and the agreement summary."""

import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, Prefetch, QuerySet

from contracts.access import agreement_for_user, agreements_visible_to, can_change_agreement
from contracts.models import Agreement, ClauseFinding, Decision, DocumentVersion, FindingStatus
from contracts.provisions import provision_title


def agreement_list(*, user: AbstractBaseUser, vendor: Model | None = None) -> QuerySet[Agreement]:
    """The agreements `user` may see, newest first; of one vendor (by type and title) if given. Vendor joined.

    Newest first for the whole portfolio because it walks the primary key index and stops at the page size, where
    sorting by vendor name would sort every visible agreement first."""
    agreements = agreements_visible_to(user).select_related("vendor")
    if vendor is not None:
        return agreements.filter(vendor=vendor).order_by("agreement_type", "title")
    return agreements.order_by("-pk")


@dataclass(frozen=True)
class FindingRow:
    finding: ClauseFinding
    title: str


@dataclass(frozen=True)
class AgreementSummary:
    """The latest analysed version's findings by status and by decision, and what blocks execution."""

    by_status: dict[str, int]
    by_decision: dict[str, int]
    needs_decision: int
    blockers: tuple[FindingRow, ...]
    rows: tuple[FindingRow, ...]


def agreement_summary(findings: Iterable[ClauseFinding]) -> AgreementSummary:
    """The summary of one version's findings (pass them prefetched or as a list: no query here)."""
    findings = list(findings)
    rows = tuple(FindingRow(finding=f, title=provision_title(f.provision_id)) for f in findings)
    by_status = Counter(f.status for f in findings)
    by_decision = Counter(f.decision for f in findings)
    return AgreementSummary(
        by_status={label: by_status.get(value, 0) for value, label in FindingStatus.choices},
        by_decision={label: by_decision.get(value, 0) for value, label in Decision.choices},
        needs_decision=sum(f.needs_decision for f in findings),
        blockers=tuple(row for row in rows if row.finding.blocks_execution),
        rows=tuple(sorted(rows, key=_review_order)),
    )


_STATUS_ORDER = {FindingStatus.CONTRARY: 0, FindingStatus.MISSING: 1, FindingStatus.WEAK: 2, FindingStatus.PRESENT: 3}
_SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def _review_order(row: FindingRow) -> tuple[int, int, int]:
    finding = row.finding
    return (not finding.needs_decision, _SEVERITY_ORDER.get(finding.severity, 9), _STATUS_ORDER.get(finding.status, 9))


@dataclass(frozen=True)
class AgreementPage:
    agreement: Agreement
    versions: tuple[DocumentVersion, ...]
    latest: DocumentVersion | None
    summary: AgreementSummary
    can_change: bool


def agreement_page(
    *, user: AbstractBaseUser, public_id: uuid.UUID, can_change: Callable[[Agreement], bool] | None = None
) -> AgreementPage:
    """Everything the agreement page shows, in a fixed number of queries whatever the number of findings.
    `can_change` answers whether `user` may change the agreement (contracts.access.can_change_agreement unless
    the caller answers it otherwise)."""
    queryset = Agreement.objects.select_related("vendor", "owner", "reviewer", "executed_by").prefetch_related(
        "covered_services",
        # Without their text: the page lists versions, and a document's text can run to megabytes.
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.select_related("uploaded_by").defer("extracted_text").order_by("-number"),
        ),
    )
    agreement = agreement_for_user(user, public_id, queryset=queryset)
    versions = tuple(agreement.versions.all())
    latest = versions[0] if versions else None
    findings = list(latest.findings.select_related("decided_by")) if latest is not None else []
    return AgreementPage(
        agreement=agreement,
        versions=versions,
        latest=latest,
        summary=agreement_summary(findings),
        can_change=can_change(agreement) if can_change else can_change_agreement(user, agreement),
    )


def version_for_agreement(agreement: Agreement, number: int) -> DocumentVersion | None:
    return agreement.versions.filter(number=number).first()
