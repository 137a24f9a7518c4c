"""The people and the vendor profile the web tests share: one user per role, an owner and a stranger."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from tests.factories import (
    AIServiceFactory,
    AIUseCaseFactory,
    ComplementaryUserEntityControlFactory,
    EndpointFactory,
    FactSourceFactory,
    SecurityEvidenceFactory,
    SubProcessorFactory,
    UserFactory,
    VendorFactory,
)
from vendortrack.accounts.roles import Role
from vendortrack.vendors.derived import vendor_refresh_derived
from vendortrack.vendors.models import Answer, FactField, SourceKind, Vendor


@dataclass(frozen=True)
class People:
    owner: AbstractBaseUser  # procurement, owns the vendor
    stranger: AbstractBaseUser  # procurement, not assigned to it
    legal: AbstractBaseUser
    compliance: AbstractBaseUser
    auditor: AbstractBaseUser
    admin: AbstractBaseUser
    no_role: AbstractBaseUser


def make_people() -> People:
    return People(
        owner=UserFactory(username="owner", roles=[Role.PROCUREMENT]),
        stranger=UserFactory(username="stranger", roles=[Role.PROCUREMENT]),
        legal=UserFactory(username="legal", roles=[Role.LEGAL]),
        compliance=UserFactory(username="compliance", roles=[Role.COMPLIANCE]),
        auditor=UserFactory(username="auditor", roles=[Role.AUDITOR]),
        admin=UserFactory(username="admin", roles=[Role.ADMIN]),
        no_role=UserFactory(username="norole"),
    )


def make_vendor(*, owner: AbstractBaseUser, name: str = "Acme Speech", services: int = 1) -> Vendor:
    """A full profile: services with sources and endpoints (one uncovered, used for PHI), a sub-processor, a SOC 2
    report with a CUEC whose scope leaves the second service out, and a use case."""
    today = timezone.localdate()
    vendor = VendorFactory(name=name, owner=owner)
    made = [AIServiceFactory(vendor=vendor, name=f"{name} service {i}") for i in range(services)]
    for service in made:
        FactSourceFactory(
            service=service,
            field=FactField.TRAINING_USE,
            source_kind=SourceKind.RFI_ANSWER,
            reference="RFI 2025-03 question 4",
            confirmed_on=today - datetime.timedelta(days=134),
        )
        EndpointFactory(service=service, name="Chat completions")
        uncovered = EndpointFactory(service=service, name="File storage", baa_covered=Answer.NO)
        AIUseCaseFactory(service=service, name=f"Discharge summaries {service.pk}", endpoints=[uncovered])
    SubProcessorFactory(vendor=vendor, name=f"{name} Cloud Host")
    report = SecurityEvidenceFactory(
        vendor=vendor,
        period_start=today - datetime.timedelta(days=300),
        period_end=today - datetime.timedelta(days=60),
        covered_services=made[:1],
    )
    ComplementaryUserEntityControlFactory(evidence=report, owner=owner)
    vendor_refresh_derived(vendor)
    return vendor
