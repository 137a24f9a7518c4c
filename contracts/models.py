"""Agreements with a vendor, the uploaded versions of each, and the engine's findings with legal's decisions.

How the pieces fit (see docs/contracts.md):
- `Agreement` belongs to a vendor ("vendors.Vendor", by label: contracts never imports the vendor app). A vendor
  with agreements cannot be deleted (PROTECT): agreements are legal records; vendors are offboarded, not deleted.
- `DocumentVersion` is one uploaded file of an agreement, numbered 1, 2, ... A file whose sha256 is already a
  version of the same agreement is refused. `analysis_state` moves queued → extracting → analysing → done (or
  failed, with the engine's reason); only `contracts.analysis.version_analyse` writes it.
- `ClauseFinding` is the engine's verdict on one catalogue provision in one version, and the reviewer's decision.
  Decisions are written only by `contracts.services.finding_decide` (validation, who and when, audit trail).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When

from clause_library.catalogue import AGREEMENT_TYPES, SEVERITIES
from clause_library.result import STATUSES

AgreementType = models.TextChoices(
    "AgreementType", [(key.upper(), (key, label)) for key, label in AGREEMENT_TYPES.items()]
)
FindingStatus = models.TextChoices("FindingStatus", [(s.upper(), (s, s.capitalize())) for s in STATUSES])
Severity = models.TextChoices("Severity", [(s.upper(), (s, s.capitalize())) for s in SEVERITIES])


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_LEGAL_REVIEW = "in_legal_review", "In legal review"
    NEGOTIATING = "negotiating", "Negotiating"
    EXECUTED = "executed", "Executed"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class AnalysisState(models.TextChoices):
    QUEUED = "queued", "Queued"
    EXTRACTING = "extracting", "Extracting text"
    ANALYSING = "analysing", "Analysing clauses"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# States in which the page keeps polling for progress.
IN_PROGRESS_STATES = frozenset({AnalysisState.QUEUED, AnalysisState.EXTRACTING, AnalysisState.ANALYSING})


class Decision(models.TextChoices):
    UNDECIDED = "undecided", "Undecided"
    ACCEPT = "accept", "Accept"
    NEGOTIATE = "negotiate", "Negotiate"
    WAIVE = "waive", "Waive"
    FALSE_POSITIVE = "false_positive", "False positive"


# What the decision note means for each decision that needs one; used by the form labels and the validation message.
DECISION_NOTE_REQUIRED = {
    Decision.NEGOTIATE: "the language to request from the vendor",
    Decision.WAIVE: "the justification for waiving the provision",
    Decision.FALSE_POSITIVE: "a note on why the finding is wrong",
}


class Agreement(models.Model):
    """A contract with a vendor: a BAA, MSA, DPA, AI addendum, order form or terms of service."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="agreements")
    agreement_type = models.CharField(max_length=16, choices=AgreementType.choices)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    effective_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    auto_renews = models.BooleanField(default=False)
    notice_period_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days of notice needed to terminate or stop a renewal. Blank: unknown."
    )
    covered_services = models.ManyToManyField(
        "vendors.AIService",
        blank=True,
        related_name="agreements",
        help_text="The services this agreement covers. A BAA covering none named covers all the vendor's services.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_agreements"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_agreements"
    )
    executed_at = models.DateTimeField(null=True, blank=True, editable=False)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["vendor_id", "agreement_type", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_date__isnull=True)
                | Q(expiry_date__isnull=True)
                | Q(expiry_date__gte=models.F("effective_date")),
                name="agreement_expiry_after_effective",
                violation_error_message="The expiry date cannot be before the effective date.",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["agreement_type"])]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        """Tag audit entries with the vendor, so agreement changes appear in the vendor's trail."""
        return {"vendor_id": self.vendor_id, "agreement_id": self.pk}


def version_upload_to(version: "DocumentVersion", filename: str) -> str:
    # The uploader's file name is kept in `original_name` only: the stored name is derived from the content.
    suffix = {"application/pdf": ".pdf", "text/markdown": ".md", "text/plain": ".txt"}.get(version.media_type, ".docx")
    return f"agreements/{version.agreement.public_id}/v{version.number}-{version.sha256[:16]}{suffix}"


class DocumentVersion(models.Model):
    """One uploaded file of an agreement and what the engine read from it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=100)
    pages = models.PositiveIntegerField(null=True, blank=True)
    extracted_text = models.TextField(blank=True, help_text="The normalised text that evidence offsets point into.")
    warnings = models.JSONField(default=list, blank=True)
    analysis_state = models.CharField(max_length=12, choices=AnalysisState.choices, default=AnalysisState.QUEUED)
    failure_code = models.CharField(max_length=40, blank=True)
    failure_reason = models.TextField(blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    engine_version = models.CharField(max_length=20, blank=True)
    schema_version = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="How many times a worker started the analysis.")
    is_current = models.BooleanField(
        default=False,
        help_text="The agreement's latest analysed version, the one the review queue and conflicts read: kept by "
        "contracts.analysis.agreement_refresh_current_version whenever a version's analysis state changes.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="uploaded_versions"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="version_number_unique_per_agreement",
                violation_error_message="This agreement already has a version with this number.",
            ),
            models.UniqueConstraint(
                fields=["agreement", "sha256"],
                name="version_file_unique_per_agreement",
                violation_error_message="This file is already a version of this agreement.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]
        indexes = [
            models.Index(fields=["analysis_state"]),
            models.Index(fields=["agreement"], condition=Q(is_current=True), name="version_current_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    @property
    def is_in_progress(self) -> bool:
        return self.analysis_state in IN_PROGRESS_STATES

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.agreement.vendor_id, "agreement_id": self.agreement_id}


# The review queue's order of statuses: the flagged ones, most serious first, then present (which it never lists).
FLAGGED_STATUSES = (FindingStatus.CONTRARY, FindingStatus.MISSING, FindingStatus.WEAK)
QUEUE_STATUS_ORDER = (*FLAGGED_STATUSES, FindingStatus.PRESENT)


def _rank(name: str, values: tuple[str, ...]) -> Case:
    whens = [When(**{name: value}, then=Value(index)) for index, value in enumerate(values)]
    return Case(*whens, default=Value(len(values)))


# ClauseFinding.review_rank is severity rank * RANK_BASE + status rank (a value outside the lists ranks last).
RANK_BASE = len(QUEUE_STATUS_ORDER) + 1


def review_rank_parts(rank: int) -> tuple[str | None, str | None]:
    """The severity and status a `review_rank` stands for (None for a value the catalogue does not have)."""
    severity, status = divmod(rank, RANK_BASE)
    return (
        SEVERITIES[severity] if severity < len(SEVERITIES) else None,
        QUEUE_STATUS_ORDER[status] if status < len(QUEUE_STATUS_ORDER) else None,
    )


class ClauseFinding(models.Model):
    """The engine's verdict on one provision in one document version, and legal's decision on it.

    Present findings need no decision (`needs_decision` is False): the clause says what the catalogue asks. A
    reviewer may still accept one or mark it a false positive. Weak, contrary and missing findings need one.

    The review queue reads a few facts stored on the finding itself, so that it is one index scan rather than a
    join and a sort of every flagged finding per request: `review_rank` (severity then status, computed by the
    database), and `is_current`, `in_conflict`, `vendor_name` and `agreement_title`, which contracts.queue_facts
    keeps equal to what they mirror whenever a version, an agreement or a vendor changes.
    """

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="findings")
    provision_id = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=FindingStatus.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    confidence = models.FloatField()
    evidence = models.JSONField(default=list, blank=True, help_text="[{page, section, text, start, end}, ...]")
    parameters = models.JSONField(default=dict, blank=True)
    rule = models.CharField(max_length=200, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.UNDECIDED)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        help_text="The finding of an earlier version whose decision was copied because its evidence is unchanged.",
    )
    review_rank = models.GeneratedField(
        expression=_rank("severity", SEVERITIES) * RANK_BASE + _rank("status", QUEUE_STATUS_ORDER),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        help_text="Severity (critical first), then status (contrary, missing, weak, present): the queue's first key.",
    )
    is_current = models.BooleanField(default=False, editable=False, help_text="Its version is current.")
    in_conflict = models.BooleanField(
        default=False,
        editable=False,
        help_text="Current, in force, and one side of a conflict with another agreement of the same vendor "
        "(contracts.conflicts), whoever looks.",
    )
    vendor_name = models.CharField(max_length=200, blank=True, editable=False, help_text="Its vendor's name.")
    agreement_title = models.CharField(max_length=200, blank=True, editable=False, help_text="Its agreement's title.")

    class Meta:
        ordering = ["version_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "provision_id"],
                name="finding_unique_per_provision",
                violation_error_message="This version already has a finding for this provision.",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=[Decision.UNDECIDED, Decision.ACCEPT]) | ~Q(decision_note=""),
                name="finding_decision_needs_note",
                violation_error_message="Negotiate, waive and false positive need a note.",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="finding_confidence_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["decision", "status"]),
            models.Index(fields=["severity"]),
            models.Index(fields=["provision_id"]),
            # The review queue in its order: pages, previous / next and "next undecided" read a few entries of it.
            models.Index(
                fields=["review_rank", "vendor_name", "agreement_title", "id"],
                condition=Q(is_current=True, status__in=FLAGGED_STATUSES),
                name="finding_queue_order_idx",
            ),
            # Its counts: an index-only scan over the queue's flagged findings (the id is included because the
            # counts are COUNT(id); without it PostgreSQL reads every counted row from the table).
            models.Index(
                fields=["decision", "in_conflict", "review_rank"],
                include=["id"],
                condition=Q(is_current=True, status__in=FLAGGED_STATUSES),
                name="finding_queue_counts_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provision_id}: {self.status}"

    @property
    def needs_decision(self) -> bool:
        return self.status != FindingStatus.PRESENT and self.decision == Decision.UNDECIDED

    @property
    def blocks_execution(self) -> bool:
        """A critical finding blocks signature while it needs a decision or is sent back for negotiation."""
        if self.severity != Severity.CRITICAL:
            return False
        return self.needs_decision or self.decision == Decision.NEGOTIATE

    def get_additional_data(self) -> dict:
        version = self.version
        return {"vendor_id": version.agreement.vendor_id, "agreement_id": version.agreement_id}


class ChangeStamp(models.Model):
    """A counter per topic, moved in the same transaction as every write a cached page of that topic shows
    (contracts/stamps.py). Kept here, at the bottom of the import order vendortrack → contracts, so the project's
    pages and contracts' own can both use it."""

    topic = models.CharField(primary_key=True, max_length=40)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.topic} @ {self.version}"
