"""Writes to agreements and their review: each function is one transaction, saves through the models so the audit
trail records who and when, and raises AgreementError (nothing written) when the write is refused.

- `agreement_create` / `agreement_update`: the agreement's terms.
- `finding_decide`: legal's decision on one finding (accept, negotiate, waive, false positive) with its note.
- `agreement_execute`: the execution guard, then status executed; a BAA also marks the vendor's services signed.
Uploading a version lives in contracts/versions.py, the analysis itself in contracts/analysis.py.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from auditlog.context import set_actor
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from contracts.composition import vendor_facts_changed
from contracts.errors import AgreementError
from contracts.models import (
    DECISION_NOTE_REQUIRED,
    Agreement,
    AgreementStatus,
    AgreementType,
    AnalysisState,
    ClauseFinding,
    Decision,
    DocumentVersion,
)
from contracts.provisions import provision_title

Fields = Mapping[str, Any]
# The vendor-app values this module writes, by name: contracts does not import the vendor app (composition.py).
ANSWER_YES = "yes"
SOURCE_AGREEMENT_CLAUSE = "agreement_clause"
BAA_SIGNED_FIELD = "baa_signed"


def agreement_create(*, actor: AbstractBaseUser, vendor: Model, fields: Fields) -> Agreement:
    """A new agreement of `vendor`; the creator owns it unless an owner is named."""
    with transaction.atomic(), set_actor(actor):
        agreement = Agreement(vendor=vendor)
        services = _assign(agreement, fields)
        agreement.owner = agreement.owner or actor
        agreement.full_clean()
        agreement.save()
        if services is not None:
            agreement.covered_services.set(services)
    return agreement


def agreement_update(*, actor: AbstractBaseUser, agreement: Agreement, fields: Fields) -> Agreement:
    with transaction.atomic(), set_actor(actor):
        services = _assign(agreement, fields)
        agreement.full_clean()
        agreement.save()
        if services is not None:
            agreement.covered_services.set(services)
    return agreement


def _assign(agreement: Agreement, fields: Fields) -> Iterable[Model] | None:
    """Set the plain fields; return the covered services to set after saving (None: leave them)."""
    for name, value in fields.items():
        if name != "covered_services":
            setattr(agreement, name, value)
    return fields.get("covered_services")


def finding_decide(*, finding: ClauseFinding, user: AbstractBaseUser, decision: str, note: str) -> ClauseFinding:
    """Record `user`'s decision on `finding` now. Negotiate needs the language to request, waive a justification,
    false positive a note; accept may carry an optional note. "undecided" reopens the finding."""
    note = note.strip()
    if decision not in Decision.values:
        raise AgreementError(f"Unknown decision {decision!r}.")
    required = DECISION_NOTE_REQUIRED.get(Decision(decision))
    if required and not note:
        raise AgreementError(f"{Decision(decision).label} needs {required}.")
    reopened = decision == Decision.UNDECIDED
    with transaction.atomic(), set_actor(user):
        finding.decision = decision
        finding.decision_note = "" if reopened else note
        finding.decided_by = None if reopened else user
        finding.decided_at = None if reopened else timezone.now()
        finding.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    return finding


def latest_version(agreement: Agreement) -> DocumentVersion | None:
    return agreement.versions.order_by("-number").first()


def execution_blockers(version: DocumentVersion | None) -> list[ClauseFinding]:
    """The findings of `version` that forbid executing the agreement (see ClauseFinding.blocks_execution)."""
    if version is None:
        return []
    return [finding for finding in version.findings.all() if finding.blocks_execution]


def agreement_execute(*, agreement: Agreement, user: AbstractBaseUser) -> Agreement:
    """Mark the agreement executed, or refuse with the reason (and the blocking provisions) if it may not be.

    The guard reads the latest version: it must be analysed, and no critical finding may be undecided (when not
    present) or marked negotiate. Executing a BAA marks its covered services — all the vendor's services when it
    names none, since a BAA covers the vendor's services unless it says otherwise — "BAA signed: yes", with the
    agreement as the source of that fact, and has the vendor's blockers recomputed.
    """
    if agreement.status == AgreementStatus.EXECUTED:
        raise AgreementError("This agreement is already executed.")
    version = latest_version(agreement)
    if version is None or version.analysis_state != AnalysisState.DONE:
        raise AgreementError("Upload the agreement and let its analysis finish before marking it executed.")
    blockers = execution_blockers(version)
    if blockers:
        titles = ", ".join(provision_title(finding.provision_id) for finding in blockers)
        raise AgreementError(
            "This agreement cannot be executed while a critical provision is undecided or under negotiation: "
            f"{titles}. Decide them on the review page first."
        )
    with transaction.atomic(), set_actor(user):
        agreement.status = AgreementStatus.EXECUTED
        agreement.executed_at = timezone.now()
        agreement.executed_by = user
        agreement.save()
        if agreement.agreement_type == AgreementType.BAA:
            _mark_baa_signed(agreement, version=version, user=user)
    return agreement


def _mark_baa_signed(agreement: Agreement, *, version: DocumentVersion, user: AbstractBaseUser) -> None:
    fact_source = apps.get_model("vendors", "FactSource")
    services = list(agreement.covered_services.all()) or list(agreement.vendor.services.all())
    today = timezone.localdate()
    reference = f"{agreement.title}, version {version.number}, executed {today.isoformat()}"
    for service in services:
        if getattr(service, BAA_SIGNED_FIELD) != ANSWER_YES:
            setattr(service, BAA_SIGNED_FIELD, ANSWER_YES)
            service.save()
        fact_source.objects.update_or_create(
            service=service,
            field=BAA_SIGNED_FIELD,
            defaults={
                "source_kind": SOURCE_AGREEMENT_CLAUSE,
                "reference": reference[:500],
                "confirmed_on": today,
                "confirmed_by": user,
            },
        )
    vendor_facts_changed(agreement.vendor)
