"""What the organisation wants to do with a vendor's service, and with which data."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from vendortrack.vendors.models.choices import Answer, ClinicalJudgement, TaskClass, UseCaseStatus
from vendortrack.vendors.models.service import AIService, Endpoint
from vendortrack.vendors.models.vendor import Vendor


class AIUseCase(models.Model):
    """An internal use of one service; what turns endpoint coverage into a finding."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="use_cases")
    service = models.ForeignKey(AIService, on_delete=models.CASCADE, related_name="use_cases")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    department = models.CharField(max_length=200, blank=True)
    task_class = models.CharField(max_length=20, choices=TaskClass.choices, default=TaskClass.KNOWLEDGE_ADMIN)
    touches_phi = models.CharField(
        "Touches PHI",
        max_length=8,
        choices=Answer.choices,
        default=Answer.UNKNOWN,
        help_text="Unknown is treated as PHI until someone confirms otherwise.",
    )
    clinical_judgement = models.CharField(
        max_length=32, choices=ClinicalJudgement.choices, default=ClinicalJudgement.NONE
    )
    psychotherapy_notes = models.BooleanField(default=False)
    part2_records = models.BooleanField("42 CFR Part 2 records", default=False)
    endpoints = models.ManyToManyField(Endpoint, blank=True, related_name="use_cases")
    status = models.CharField(max_length=16, choices=UseCaseStatus.choices, default=UseCaseStatus.PROPOSED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "AI use case"
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "name"],
                name="use_case_name_unique_per_vendor",
                violation_error_message="This vendor already has a use case with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.vendor_id}

    def clean(self) -> None:
        if self.service_id and self.vendor_id and self.service.vendor_id != self.vendor_id:
            raise ValidationError({"service": "Choose a service of this vendor."})
