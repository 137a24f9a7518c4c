"""The review schedule of each vendor, quarterly reviews, reminder deliveries, notifications and calendar feeds.

- `ReviewEvent` is one deadline of a vendor (a quarterly review, a SOC 2 refresh, a notice deadline, ...). It is
  written by `services.schedule_sync*` from the vendor's data and identified by a stable `key` (e.g.
  "agreement_notice:42"), so a second sync updates rather than duplicates: at most one open event per key and
  vendor (a database constraint). Done events are history and are never changed by the sync.
- `ReminderDelivery` is one reminder of one event occurrence to one person. Its unique constraint on
  (event, due_on, offset_days, recipient) is what makes "exactly once" hold when two beats run or a task retries;
  the due date is part of it because a deadline that moves is a new deadline whose reminders must go out again.
- `QuarterlyReview` with its `ReviewAttestation` rows is compliance's record of one review, signed off once.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class EventKind(models.TextChoices):
    QUARTERLY_REVIEW = "quarterly_review", "Quarterly control review"
    SOC2_REFRESH = "soc2_refresh", "SOC 2 refresh due"
    BRIDGE_LETTER = "bridge_letter", "Bridge letter due"
    CERTIFICATE_EXPIRY = "certificate_expiry", "Certificate expires"
    AGREEMENT_EXPIRY = "agreement_expiry", "Agreement expires"
    AGREEMENT_NOTICE = "agreement_notice", "Last day to give notice"
    RFI_DUE = "rfi_due", "RFI answers due"
    SUBPROCESSOR_RECHECK = "subprocessor_recheck", "Sub-processor list re-check"
    INCIDENT_TABLETOP = "incident_tabletop", "Incident tabletop exercise"


class EventStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "No longer due"


class ReviewEvent(models.Model):
    """One deadline in a vendor's review schedule."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the (vendor, status) index leads with it. Each index is written for every event a sync
    # opens, some 24,000 on a first sync of 5,000 vendors.
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="review_events", db_index=False)
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    key = models.CharField(max_length=120, help_text="Stable identity of the deadline within the vendor.")
    title = models.CharField(max_length=300)
    detail = models.CharField(max_length=500, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=EventStatus.choices, default=EventStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "key"],
                condition=Q(status="open"),
                name="review_event_one_open_per_key",
                violation_error_message="This vendor already has an open event for this deadline.",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_at__isnull=False),
                name="review_event_done_has_time",
                violation_error_message="A done event records when it was done.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["vendor", "status"]),
            # The dashboard counts open events by due day and kind for the vendors a user may see: this index holds
            # every column it reads, so the count needs no table row (and skips done and cancelled history).
            models.Index(fields=["due_on", "vendor", "kind"], condition=Q(status="open"), name="review_event_open_due"),
            # The calendar and deadline lists read a window of days, open and done alike but never cancelled: without
            # this index that window is found by reading every event.
            models.Index(fields=["due_on", "vendor"], condition=~Q(status="cancelled"), name="review_event_shown_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%Y-%m-%d})"

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.vendor_id}


class ReminderDelivery(models.Model):
    """One reminder of one event occurrence to one person; claimed by a run, then marked sent."""

    # Found through the unique constraint's index, which leads with it.
    event = models.ForeignKey(ReviewEvent, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    due_on = models.DateField(help_text="The event's due date when the reminder was due.")
    offset_days = models.IntegerField(help_text="Days before the due date; negative: days overdue.")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    claim_token = models.CharField(max_length=64, help_text="The run (task id) that owns sending it.")
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    in_digest = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "due_on", "offset_days", "recipient"], name="reminder_once_per_offset_and_person"
            ),
        ]
        indexes = [models.Index(fields=["claim_token"]), models.Index(fields=["sent_at", "claimed_at"])]

    def __str__(self) -> str:
        return f"{self.event} {self.offset_days:+d}d to {self.recipient_id}"


class ReminderRun(models.Model):
    """The days on which reminders ran; a gap of more than a day means the next run is a catch-up."""

    day = models.DateField(unique=True)
    finished_at = models.DateTimeField()
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}: {self.sent}"


class Notification(models.Model):
    """An in-app notice to one person, read or unread."""

    # Found through the (user, read_at) index, which leads with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    event = models.ForeignKey(ReviewEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    delivery = models.OneToOneField(
        ReminderDelivery, null=True, blank=True, on_delete=models.CASCADE, related_name="notification"
    )
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message


class DeliveryMode(models.TextChoices):
    IMMEDIATE = "immediate", "One e-mail per reminder"
    DAILY_DIGEST = "daily_digest", "One daily digest"


class NotificationPreference(models.Model):
    """How a person wants reminders: one e-mail each, or one digest a day; and whether by e-mail at all."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=16, choices=DeliveryMode.choices, default=DeliveryMode.IMMEDIATE)
    email = models.BooleanField("Send e-mail", default=True, help_text="In-app notifications are always kept.")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mode}"


def feed_token_hash(token: str) -> str:
    """The stored form of a feed token: the URL is a secret, so the database keeps only its hash."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A personal iCalendar feed URL; only the hash of its token is stored, and it can be revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_active_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"feed of {self.user_id}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    SIGNED_OFF = "signed_off", "Signed off"


class ReviewOutcome(models.TextChoices):
    SATISFACTORY = "satisfactory", "Satisfactory"
    ACTIONS_REQUIRED = "actions_required", "Satisfactory with actions"
    UNSATISFACTORY = "unsatisfactory", "Unsatisfactory"


class QuarterlyReview(models.Model):
    """Compliance's periodic review of one vendor: a checklist pre-filled from the data, attestations, a sign-off.

    `checklist` is a snapshot taken when the review is opened: [{key, label, state, detail}, ...], state one of
    "ok", "attention", "unknown". The record shows what the reviewer saw, even after the data changes.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="quarterly_reviews")
    event = models.OneToOneField(ReviewEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="review")
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The last signed-off review.",
    )
    status = models.CharField(max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    checklist = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to="reviews/", blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor"], condition=Q(status="draft"), name="quarterly_review_one_draft_per_vendor"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(signed_off_at__isnull=False) & ~Q(outcome="") & Q(signed_off_by__isnull=False)),
                name="quarterly_review_sign_off_complete",
                violation_error_message="A signed-off review needs an outcome, a signer and a time.",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of vendor {self.vendor_id} ({self.created_at:%Y-%m-%d})" if self.created_at else "Review"

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.vendor_id}


class PromisedSetting(models.TextChoices):
    ZERO_RETENTION = "zero_retention", "Zero retention"
    TRAINING_OPT_OUT = "training_opt_out", "No training on our data"
    TELEMETRY_OFF = "telemetry_off", "Telemetry off"
    ENDPOINT_COVERAGE = "endpoint_coverage", "Endpoints in use covered by the BAA"


class AttestationState(models.TextChoices):
    HOLDS = "holds", "Holds"
    DOES_NOT_HOLD = "does_not_hold", "Does not hold"
    UNKNOWN = "unknown", "Unknown"


class ReviewAttestation(models.Model):
    """A re-attestation of one promised setting of one service, against the clause or document it relies on."""

    review = models.ForeignKey(QuarterlyReview, on_delete=models.CASCADE, related_name="attestations")
    setting = models.CharField(max_length=24, choices=PromisedSetting.choices)
    service = models.ForeignKey("vendors.AIService", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    service_name = models.CharField(max_length=200, help_text="Kept as it was: the service may be renamed or deleted.")
    observed = models.CharField(max_length=300, help_text="What the profile said when the review was opened.")
    source = models.CharField(max_length=500, blank=True, help_text="The clause or document the answer relies on.")
    previous_observed = models.CharField(max_length=300, blank=True)
    drifted = models.BooleanField(default=False, help_text="Changed since the last signed-off review.")
    state = models.CharField(max_length=16, choices=AttestationState.choices, default=AttestationState.UNKNOWN)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["service_name", "setting"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "service_name", "setting"], name="attestation_once_per_service_and_setting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_name}: {self.get_setting_display()}"

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.review.vendor_id}


class ExportState(models.TextChoices):
    QUEUED = "queued", "Queued"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ScheduleExport(models.Model):
    """The quarter's schedule as a PDF for one person, rendered by a task and kept for download."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quarter_start = models.DateField()
    state = models.CharField(max_length=8, choices=ExportState.choices, default=ExportState.QUEUED)
    error = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="schedules/", blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"schedule from {self.quarter_start:%Y-%m-%d}"
