"""The vendor itself and the sub-processors it discloses."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from vendortrack.vendors.models.choices import RISK_TIER_ORDER, Answer, RiskTier, Soc2State, VendorStatus, VendorType


def risk_rank() -> models.Case:
    """The risk tier as a number to sort on (critical highest, unassessed lowest). The vendor list sorts on exactly
    this expression and an index is built on it, so both must come from here."""
    whens = [models.When(risk_tier=tier, then=models.Value(rank)) for tier, rank in RISK_TIER_ORDER.items()]
    return models.Case(*whens, default=models.Value(-1), output_field=models.IntegerField())


class Vendor(models.Model):
    """A company that offers AI services the organisation may use.

    `risk_tier`, `has_blockers`, `soc2_state` and `has_stale_evidence` are derived facts stored so that the vendor
    list can filter and sort on them in SQL; they are written only by `vendor_refresh_derived` (derived.py).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    vendor_type = models.CharField(max_length=32, choices=VendorType.choices, default=VendorType.OTHER)
    status = models.CharField(max_length=32, choices=VendorStatus.choices, default=VendorStatus.EVALUATING)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_vendors",
        help_text="The procurement lead answerable for this profile.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    risk_tier_override = models.CharField(
        max_length=16,
        choices=RiskTier.choices,
        blank=True,
        help_text="Leave blank to use the computed tier. An override needs a reason.",
    )
    risk_override_reason = models.TextField(blank=True)
    review_cadence_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months between reviews. Blank: set by the risk tier."
    )

    risk_tier = models.CharField(max_length=16, choices=RiskTier.choices, default=RiskTier.LOW, editable=False)
    computed_risk_tier = models.CharField(max_length=16, choices=RiskTier.choices, default=RiskTier.LOW, editable=False)
    has_blockers = models.BooleanField(default=False, editable=False)
    soc2_state = models.CharField(max_length=16, choices=Soc2State.choices, default=Soc2State.MISSING, editable=False)
    has_stale_evidence = models.BooleanField(default=False, editable=False)
    derived_on = models.DateField(null=True, editable=False, help_text="The day the derived facts were computed.")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="vendor_name_unique_ci",
                violation_error_message="A vendor with this name already exists.",
            ),
            models.CheckConstraint(
                condition=models.Q(risk_tier_override="") | ~models.Q(risk_override_reason=""),
                name="vendor_override_needs_reason",
                violation_error_message="Give a reason for overriding the computed risk tier.",
            ),
        ]
        indexes = [
            models.Index(fields=["risk_tier"]),
            models.Index(fields=["status"]),
            models.Index(fields=["vendor_type"]),
            # The list's "sort by risk": riskiest first, then by name, read from the index instead of sorting the
            # portfolio on every page.
            models.Index(risk_rank().desc(), Lower("name"), name="vendor_risk_rank_name_idx"),
            # The list's headline counts (selectors._headline_counts) from this index alone, without the table.
            models.Index(
                fields=["risk_tier", "has_blockers", "has_stale_evidence"],
                include=["id"],
                name="vendor_headline_counts_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        """Tag audit entries with the vendor, so one query reads the trail of a vendor and its children."""
        return {"vendor_id": self.pk}


class SubProcessor(models.Model):
    """A third party the vendor passes our data to, with the window in which we saw it on the vendor's list."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="subprocessors")
    name = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=100, blank=True)
    touches_phi = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    baa_flow_down = models.CharField(
        max_length=8,
        choices=Answer.choices,
        default=Answer.UNKNOWN,
        help_text="Whether the vendor's BAA terms are passed down to this sub-processor.",
    )
    first_seen = models.DateField()
    last_seen = models.DateField(null=True, blank=True, help_text="Blank: still on the vendor's current list.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "vendor",
                Lower("name"),
                name="subprocessor_name_unique_per_vendor_ci",
                violation_error_message="This vendor already lists a sub-processor with this name.",
            ),
            models.CheckConstraint(
                condition=models.Q(last_seen__isnull=True) | models.Q(last_seen__gte=models.F("first_seen")),
                name="subprocessor_seen_window_ordered",
                violation_error_message="Last seen cannot be before first seen.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.vendor_id}
