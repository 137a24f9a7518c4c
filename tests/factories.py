"""factory_boy factories for every vendor-profile model and for users with a role."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from vendortrack.accounts.roles import Role
from vendortrack.vendors.models import (
    AIService,
    AIUseCase,
    Answer,
    ComplementaryUserEntityControl,
    DeploymentPath,
    Endpoint,
    EvidenceKind,
    FactField,
    FactSource,
    Opinion,
    SecurityEvidence,
    SourceKind,
    SubProcessor,
    TaskClass,
    Telemetry,
    TrainingUse,
    Vendor,
    VendorType,
)

TODAY = datetime.date(2025, 6, 1)


class UserFactory(factory.django.DjangoModelFactory):
    """A user with no role; pass `roles=[Role.PROCUREMENT]` to put them in role groups."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        if not create or not extracted:
            return
        for role in extracted:
            group, _ = Group.objects.get_or_create(name=role.value)
            self.groups.add(group)


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    name = factory.Sequence(lambda n: f"Vendor {n}")
    vendor_type = VendorType.MODEL_PROVIDER
    website = factory.LazyAttribute(lambda vendor: f"https://{vendor.name.lower().replace(' ', '-')}.example")


class AIServiceFactory(factory.django.DjangoModelFactory):
    """A service under a signed BAA with every fact known: the profile that raises no flag."""

    class Meta:
        model = AIService

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    deployment_path = DeploymentPath.HIPAA_ELIGIBLE_API
    baa_available = Answer.YES
    baa_signed = Answer.YES
    training_use = TrainingUse.NEVER
    prompt_retention_days = 0
    output_retention_days = 0
    abuse_monitoring_retention_days = 30
    telemetry = Telemetry.OFF
    data_residency_regions = "US"
    encryption_in_transit = Answer.YES
    encryption_at_rest = Answer.YES
    customer_managed_keys = Answer.NO
    sso_mfa = Answer.YES
    audit_logs = Answer.YES


class FactSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FactSource

    service = factory.SubFactory(AIServiceFactory)
    field = FactField.BAA_SIGNED
    source_kind = SourceKind.AGREEMENT_CLAUSE
    reference = "BAA section 2.1"
    confirmed_on = TODAY


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endpoint

    service = factory.SubFactory(AIServiceFactory)
    name = factory.Sequence(lambda n: f"Endpoint {n}")
    path_or_feature = factory.Sequence(lambda n: f"/v1/feature-{n}")
    baa_covered = Answer.YES
    zdr_eligible = Answer.YES


class SubProcessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubProcessor

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"Sub-processor {n}")
    purpose = "Cloud hosting"
    country = "United States"
    touches_phi = Answer.YES
    baa_flow_down = Answer.YES
    first_seen = datetime.date(2024, 1, 15)


class SecurityEvidenceFactory(factory.django.DjangoModelFactory):
    """A SOC 2 Type II report whose period ended on TODAY minus two months."""

    class Meta:
        model = SecurityEvidence
        skip_postgeneration_save = True

    vendor = factory.SubFactory(VendorFactory)
    kind = EvidenceKind.SOC2_TYPE2
    title = factory.Sequence(lambda n: f"SOC 2 Type II report {n}")
    period_start = datetime.date(2024, 4, 1)
    period_end = datetime.date(2025, 3, 31)
    issued_on = datetime.date(2025, 5, 2)
    auditor = "Example Assurance LLP"
    opinion = Opinion.UNQUALIFIED
    trust_services_criteria = factory.LazyFunction(lambda: ["security", "confidentiality"])

    @factory.post_generation
    def covered_services(self, create: bool, extracted: list[AIService] | None, **kwargs: object) -> None:
        if create and extracted:
            self.covered_services.set(extracted)


class ComplementaryUserEntityControlFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplementaryUserEntityControl

    evidence = factory.SubFactory(SecurityEvidenceFactory)
    reference = factory.Sequence(lambda n: f"CUEC-{n}")
    description = "User entities review access to the service at least quarterly."


class AIUseCaseFactory(factory.django.DjangoModelFactory):
    """A PHI use case on a service of the same vendor; pass `endpoints=[...]` to say which endpoints it calls."""

    class Meta:
        model = AIUseCase
        skip_postgeneration_save = True

    service = factory.SubFactory(AIServiceFactory)
    vendor = factory.SelfAttribute("service.vendor")
    name = factory.Sequence(lambda n: f"Use case {n}")
    department = "Revenue cycle"
    task_class = TaskClass.CLINICAL_PHI
    touches_phi = Answer.YES

    @factory.post_generation
    def endpoints(self, create: bool, extracted: list[Endpoint] | None, **kwargs: object) -> None:
        if create and extracted:
            self.endpoints.set(extracted)
