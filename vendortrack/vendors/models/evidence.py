"""Security evidence a vendor hands over: SOC 2 reports, bridge letters, pen tests and certificates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from vendortrack.vendors.models.choices import ControlStatus, EvidenceKind, Opinion, TrustServicesCriterion
from vendortrack.vendors.models.service import AIService
from vendortrack.vendors.models.vendor import Vendor

SOC2_KINDS = (EvidenceKind.SOC2_TYPE1, EvidenceKind.SOC2_TYPE2)


def evidence_upload_to(instance: "SecurityEvidence", filename: str) -> str:
    # The public id, not the name or pk: the path must not reveal which vendor it is or let ids be guessed.
    return f"evidence/{instance.vendor.public_id}/{filename}"


class SecurityEvidence(models.Model):
    """One document of evidence with the dates that make it fresh or stale, and for SOC 2, its scope."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=300)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    title = models.CharField(max_length=300)
    issued_on = models.DateField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True, help_text="SOC 2: first day of the audited period.")
    period_end = models.DateField(null=True, blank=True, help_text="SOC 2: last day of the audited period.")
    expires_on = models.DateField(null=True, blank=True, help_text="Certificates: the day the certificate expires.")
    auditor = models.CharField(max_length=200, blank=True)
    opinion = models.CharField(max_length=16, choices=Opinion.choices, default=Opinion.UNKNOWN)
    trust_services_criteria = models.JSONField(
        default=list, blank=True, help_text="SOC 2 criteria in scope: security, availability, ... ."
    )
    exceptions_noted = models.PositiveIntegerField(default=0)
    exceptions_summary = models.TextField(blank=True)
    covered_services = models.ManyToManyField(
        AIService, blank=True, related_name="covering_evidence", help_text="SOC 2 scope: the services it covers."
    )
    covered_regions = models.CharField(max_length=200, blank=True, help_text="SOC 2 scope: regions covered.")
    bridges = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bridge_letters",
        help_text="Bridge letters: the SOC 2 report this letter extends.",
    )
    covers_until = models.DateField(null=True, blank=True, help_text="Bridge letters: the last day covered.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_end", "-issued_on", "title"]
        verbose_name = "security evidence"
        verbose_name_plural = "security evidence"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="evidence_period_ordered",
                violation_error_message="The period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EvidenceKind.SOC2_TYPE2)
                | (models.Q(period_start__isnull=False) & models.Q(period_end__isnull=False)),
                name="evidence_soc2_type2_has_period",
                violation_error_message="A SOC 2 Type II report needs the start and end of its period.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=EvidenceKind.BRIDGE_LETTER)
                | (models.Q(covers_until__isnull=True) & models.Q(bridges__isnull=True)),
                name="evidence_bridge_fields_only_on_bridge_letters",
                violation_error_message="Only a bridge letter can extend a report or cover until a date.",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EvidenceKind.BRIDGE_LETTER) | models.Q(covers_until__isnull=False),
                name="evidence_bridge_letter_has_end",
                violation_error_message="A bridge letter needs the date it covers until.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.vendor_id}

    def clean(self) -> None:
        allowed = set(TrustServicesCriterion.values)
        if not isinstance(self.trust_services_criteria, list) or not set(self.trust_services_criteria) <= allowed:
            raise ValidationError(
                {"trust_services_criteria": f"Use a list drawn from: {', '.join(TrustServicesCriterion.values)}."}
            )
        if self.bridges_id and self.bridges.kind != EvidenceKind.SOC2_TYPE2:
            raise ValidationError({"bridges": "A bridge letter extends a SOC 2 Type II report."})
        if self.bridges_id and self.bridges.vendor_id != self.vendor_id:
            raise ValidationError({"bridges": "The report must belong to the same vendor."})


class ComplementaryUserEntityControl(models.Model):
    """A control the SOC 2 report assumes we operate ourselves (a CUEC), with the person who owns it here."""

    evidence = models.ForeignKey(SecurityEvidence, on_delete=models.CASCADE, related_name="cuecs")
    reference = models.CharField(max_length=40, help_text='As numbered in the report, e.g. "CUEC-3".')
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_cuecs",
        help_text="Blank: not yet assigned.",
    )
    status = models.CharField(max_length=16, choices=ControlStatus.choices, default=ControlStatus.NOT_STARTED)

    class Meta:
        ordering = ["reference"]
        verbose_name = "complementary user-entity control"
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "reference"],
                name="cuec_reference_unique_per_report",
                violation_error_message="This report already has a control with this reference.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.evidence.vendor_id}
