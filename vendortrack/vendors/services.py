"""Writes to vendor profiles: each function is one transaction, saves through the models so the audit trail sees it,
and refreshes the vendor's derived facts (risk tier, blockers, SOC 2 state) before it commits.

The views validate every form first and call these only with clean data; a failure inside still rolls back all of
it, so a profile is never half-written.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model

from vendortrack.vendors.derived import vendor_refresh_derived
from vendortrack.vendors.models import AIService, AIUseCase, FactSource, SecurityEvidence, Vendor
from vendortrack.vendors.permissions import vendor_grant
from vendortrack.vendors.uploads import CheckedPdf

Fields = Mapping[str, Any]


@dataclass(frozen=True)
class InlineRows:
    """The validated rows of an inline table: objects to save (new or changed) and existing ones to delete."""

    save: list[Model] = field(default_factory=list)
    delete: list[Model] = field(default_factory=list)


@dataclass(frozen=True)
class FactSourceInput:
    """Where one data-handling fact comes from and when it was last confirmed."""

    source_kind: str
    reference: str
    confirmed_on: datetime.date


def vendor_create(*, actor: AbstractBaseUser, fields: Fields, subprocessors: InlineRows) -> Vendor:
    """A new vendor owned by `actor` (unless an owner is named), who may then view and change it."""
    return vendor_update(actor=actor, vendor=Vendor(), fields=fields, subprocessors=subprocessors)


def vendor_update(*, actor: AbstractBaseUser, vendor: Vendor, fields: Fields, subprocessors: InlineRows) -> Vendor:
    """Write `fields` and the sub-processor rows in one transaction; an unsaved `vendor` is created."""
    with transaction.atomic(), set_actor(actor):
        _assign(vendor, fields)
        vendor.owner = vendor.owner or actor
        vendor.full_clean()
        vendor.save()
        _save_rows(subprocessors, parent_field="vendor", parent=vendor)
        _grant_owner_and_creator(vendor, actor)
        vendor_refresh_derived(vendor)
    return vendor


def vendor_set_risk_override(*, actor: AbstractBaseUser, vendor: Vendor, tier: str, reason: str) -> Vendor:
    """Override the computed tier with a reason, or clear the override with `tier=""`."""
    with transaction.atomic(), set_actor(actor):
        vendor.risk_tier_override = tier
        vendor.risk_override_reason = reason.strip() if tier else ""
        vendor.full_clean()
        vendor.save()
        vendor_refresh_derived(vendor)
    return vendor


def service_save(
    *,
    actor: AbstractBaseUser,
    vendor: Vendor,
    service: AIService,
    fields: Fields,
    sources: Mapping[str, FactSourceInput | None],
    endpoints: InlineRows,
) -> AIService:
    """Create (unsaved `service`) or update a service with its facts' sources and its endpoint rows."""
    with transaction.atomic(), set_actor(actor):
        service.vendor = vendor
        _assign(service, fields)
        service.full_clean()
        service.save()
        _save_sources(service, sources, actor=actor)
        _save_rows(endpoints, parent_field="service", parent=service)
        vendor_refresh_derived(vendor)
    return service


def evidence_upload(
    *, actor: AbstractBaseUser, vendor: Vendor, fields: Fields, file: UploadedFile, checked: CheckedPdf
) -> SecurityEvidence:
    """Store a checked PDF as evidence; the uploader's file name is replaced by the kind and content hash."""
    with transaction.atomic(), set_actor(actor):
        evidence = SecurityEvidence(vendor=vendor, uploaded_by=actor, file_sha256=checked.sha256)
        m2m = _assign(evidence, fields, skip={"file"})
        file.name = f"{evidence.kind}-{checked.sha256[:16]}.pdf"
        evidence.file = file
        evidence.full_clean()
        evidence.save()
        _set_many(evidence, m2m)
        vendor_refresh_derived(vendor)
    return evidence


def evidence_update(
    *, actor: AbstractBaseUser, evidence: SecurityEvidence, fields: Fields, cuecs: InlineRows
) -> SecurityEvidence:
    with transaction.atomic(), set_actor(actor):
        m2m = _assign(evidence, fields, skip={"file"})
        evidence.full_clean()
        evidence.save()
        _set_many(evidence, m2m)
        _save_rows(cuecs, parent_field="evidence", parent=evidence)
        vendor_refresh_derived(evidence.vendor)
    return evidence


def use_case_save(*, actor: AbstractBaseUser, vendor: Vendor, use_case: AIUseCase, fields: Fields) -> AIUseCase:
    """Create (unsaved `use_case`) or update a use case; the person who first records it is its requester."""
    with transaction.atomic(), set_actor(actor):
        use_case.vendor = vendor
        use_case.requested_by = use_case.requested_by or actor
        m2m = _assign(use_case, fields)
        use_case.full_clean()
        use_case.save()
        _set_many(use_case, m2m)
        vendor_refresh_derived(vendor)
    return use_case


def vendor_child_delete(*, actor: AbstractBaseUser, vendor: Vendor, child: Model) -> None:
    """Delete a service, evidence or use case of `vendor` (the caller fetched it through the vendor)."""
    with transaction.atomic(), set_actor(actor):
        child.delete()
        vendor_refresh_derived(vendor)


def _assign(instance: Model, fields: Fields, *, skip: Iterable[str] = ()) -> dict[str, Any]:
    """Set plain fields on `instance`; return the many-to-many values, which can only be set once it is saved."""
    many = {f.name for f in instance._meta.many_to_many}
    deferred = {}
    for name, value in fields.items():
        if name in skip:
            continue
        if name in many:
            deferred[name] = value
        else:
            setattr(instance, name, value)
    return deferred


def _set_many(instance: Model, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        getattr(instance, name).set(value)


def _save_rows(rows: InlineRows, *, parent_field: str, parent: Model) -> None:
    for row in rows.delete:
        row.delete()
    for row in rows.save:
        setattr(row, parent_field, parent)
        row.full_clean()
        row.save()


def _save_sources(
    service: AIService, sources: Mapping[str, FactSourceInput | None], *, actor: AbstractBaseUser
) -> None:
    current = {source.field: source for source in FactSource.objects.filter(service=service)}
    for fact, wanted in sources.items():
        existing = current.get(fact)
        if wanted is None:
            if existing:
                existing.delete()
            continue
        source = existing or FactSource(service=service, field=fact)
        new_values = (wanted.source_kind, wanted.reference, wanted.confirmed_on)
        if existing and (existing.source_kind, existing.reference, existing.confirmed_on) == new_values:
            continue  # unchanged: no save, so no empty audit entry
        source.source_kind, source.reference, source.confirmed_on = new_values
        source.confirmed_by = actor
        source.full_clean()
        source.save()


def _grant_owner_and_creator(vendor: Vendor, actor: AbstractBaseUser) -> None:
    vendor_grant(vendor, user=actor, can_change=True)
    if vendor.owner_id and vendor.owner_id != actor.pk:
        vendor_grant(vendor, user=vendor.owner, can_change=True)
