"""An AI service of a vendor: its data-handling profile, where each answer came from, and its endpoints."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from vendortrack.vendors.models.choices import Answer, DeploymentPath, SourceKind, Telemetry, TrainingUse
from vendortrack.vendors.models.vendor import Vendor

RETENTION_HELP = "Days kept. Blank: unknown. 0: zero retention (not kept at all)."


class AIService(models.Model):
    """One offering of a vendor, e.g. a hosted LLM API. Every data-handling fact may be unknown."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    deployment_path = models.CharField(
        max_length=32, choices=DeploymentPath.choices, default=DeploymentPath.GENERAL_API_NO_BAA
    )
    baa_available = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    baa_signed = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    training_use = models.CharField(max_length=16, choices=TrainingUse.choices, default=TrainingUse.UNKNOWN)
    prompt_retention_days = models.PositiveIntegerField(null=True, blank=True, help_text=RETENTION_HELP)
    output_retention_days = models.PositiveIntegerField(null=True, blank=True, help_text=RETENTION_HELP)
    abuse_monitoring_retention_days = models.PositiveIntegerField(null=True, blank=True, help_text=RETENTION_HELP)
    telemetry = models.CharField(max_length=16, choices=Telemetry.choices, default=Telemetry.UNKNOWN)
    # Free text rather than a list: vendors answer "US", "US and EU" or "any AWS region", and the reviewer needs
    # the answer as given. Blank means unknown.
    data_residency_regions = models.CharField(
        max_length=200, blank=True, help_text="Where data is processed and stored, e.g. US. Blank: unknown."
    )
    encryption_in_transit = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    encryption_at_rest = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    customer_managed_keys = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    sso_mfa = models.CharField("SSO / MFA", max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    audit_logs = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)

    class Meta:
        ordering = ["name"]
        verbose_name = "AI service"
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "name"],
                name="service_name_unique_per_vendor",
                violation_error_message="This vendor already has a service with this name.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}"

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.vendor_id}

    def fact_rows(self, *, today: datetime.date) -> list["FactRow"]:
        """Every data-handling fact with its answer, its source and the source's age; uses prefetched sources."""
        return service_fact_rows(self, today=today)


class FactField(models.TextChoices):
    """The data-handling facts of an AIService that carry provenance; values are the AIService field names."""

    BAA_AVAILABLE = "baa_available", "BAA available"
    BAA_SIGNED = "baa_signed", "BAA signed"
    TRAINING_USE = "training_use", "Training on customer data"
    PROMPT_RETENTION_DAYS = "prompt_retention_days", "Prompt retention"
    OUTPUT_RETENTION_DAYS = "output_retention_days", "Output retention"
    ABUSE_MONITORING_RETENTION_DAYS = "abuse_monitoring_retention_days", "Abuse-monitoring retention"
    TELEMETRY = "telemetry", "Telemetry"
    DATA_RESIDENCY_REGIONS = "data_residency_regions", "Data residency"
    ENCRYPTION_IN_TRANSIT = "encryption_in_transit", "Encryption in transit"
    ENCRYPTION_AT_REST = "encryption_at_rest", "Encryption at rest"
    CUSTOMER_MANAGED_KEYS = "customer_managed_keys", "Customer-managed keys"
    SSO_MFA = "sso_mfa", "SSO / MFA"
    AUDIT_LOGS = "audit_logs", "Audit logs"


class FactSource(models.Model):
    """Where one data-handling answer of a service comes from and when someone last confirmed it."""

    service = models.ForeignKey(AIService, on_delete=models.CASCADE, related_name="fact_sources")
    field = models.CharField(max_length=40, choices=FactField.choices)
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    reference = models.CharField(
        max_length=500, blank=True, help_text="Clause reference, document name, URL or the person's name."
    )
    confirmed_on = models.DateField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["field"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "field"],
                name="fact_source_unique_per_field",
                violation_error_message="This fact already has a source; update it instead.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.get_source_kind_display()}"

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.service.vendor_id}


@dataclass(frozen=True)
class FactRow:
    """One line of a service's data-handling profile as a reviewer reads it."""

    field: str
    label: str
    value: str
    is_unknown: bool
    source: FactSource | None
    age_days: int | None


def _fact_display(service: AIService, field: str) -> tuple[str, bool]:
    value = getattr(service, field)
    if field.endswith("_retention_days"):
        if value is None:
            return "Unknown", True
        return ("Zero retention", False) if value == 0 else (f"{value} days", False)
    if field == FactField.DATA_RESIDENCY_REGIONS:
        return (value, False) if value else ("Unknown", True)
    return getattr(service, f"get_{field}_display")(), value == Answer.UNKNOWN


def service_fact_rows(service: AIService, *, today: datetime.date) -> list[FactRow]:
    """The profile of `service` in FactField order; reads `service.fact_sources.all()` so prefetch it for lists."""
    sources = {source.field: source for source in service.fact_sources.all()}
    rows = []
    for field, label in FactField.choices:
        value, is_unknown = _fact_display(service, field)
        source = sources.get(field)
        age = (today - source.confirmed_on).days if source else None
        rows.append(FactRow(field=field, label=label, value=value, is_unknown=is_unknown, source=source, age_days=age))
    return rows


class Endpoint(models.Model):
    """An API endpoint or product feature of a service; a BAA may cover chat completions but not file storage."""

    service = models.ForeignKey(AIService, on_delete=models.CASCADE, related_name="endpoints")
    name = models.CharField(max_length=200)
    path_or_feature = models.CharField(max_length=300, blank=True)
    baa_covered = models.CharField("Covered by the BAA", max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    zdr_eligible = models.CharField(
        "Eligible for zero data retention", max_length=8, choices=Answer.choices, default=Answer.UNKNOWN
    )
    coverage_source_kind = models.CharField(max_length=20, choices=SourceKind.choices, blank=True)
    coverage_reference = models.CharField(max_length=500, blank=True)
    coverage_confirmed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "name"],
                name="endpoint_name_unique_per_service",
                violation_error_message="This service already has an endpoint with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.service.vendor_id}
