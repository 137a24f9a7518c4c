"""An RFI to one vendor, its numbered questions and answers, the vendor's attachments and its response links.

Lifecycle (docs/rfi.md): draft → sent → answered → closed. Questions are edited only in draft; answers are recorded
once sent, by procurement or by the vendor through a response link. A vendor's answer never reaches the profile by
itself: procurement accepts it (services.question_accept), which writes the mapped profile field.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from clause_library.catalogue import RFI_SECTIONS

Section = models.TextChoices("Section", [(key.upper(), (key, label)) for key, label in RFI_SECTIONS.items()])
SECTION_ORDER = {key: index for index, key in enumerate(RFI_SECTIONS)}


class RfiStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class DocumentsState(models.TextChoices):
    NONE = "none", "Not built"
    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


DOCUMENTS_IN_PROGRESS = frozenset({DocumentsState.QUEUED, DocumentsState.BUILDING})


class QuestionOrigin(models.TextChoices):
    GAP = "gap", "From a gap"
    BASELINE = "baseline", "Baseline"
    MANUAL = "manual", "Added by procurement"


class QuestionState(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    ACCEPTED = "accepted", "Accepted"


class AnsweredVia(models.TextChoices):
    PROCUREMENT = "procurement", "Recorded by procurement"
    VENDOR_LINK = "vendor_link", "Vendor response link"


def rfi_document_upload_to(rfi: "Rfi", filename: str) -> str:
    # The public id, not the vendor's name: a path must not reveal who the RFI is for.
    return f"rfis/{rfi.public_id}/{filename}"


class Rfi(models.Model):
    """A request for information sent to one vendor."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="rfis")
    number = models.PositiveIntegerField(help_text="Numbered per vendor: RFI 1, RFI 2, ...")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=RfiStatus.choices, default=RfiStatus.DRAFT)
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_email = models.EmailField(blank=True)
    sent_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    internal_notes = models.TextField(blank=True, help_text="Seen only inside VendorTrack, never by the vendor.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    documents_state = models.CharField(max_length=12, choices=DocumentsState.choices, default=DocumentsState.NONE)
    documents_error = models.TextField(blank=True)
    documents_built_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=rfi_document_upload_to, blank=True, max_length=300)
    docx = models.FileField(upload_to=rfi_document_upload_to, blank=True, max_length=300)
    csv = models.FileField(upload_to=rfi_document_upload_to, blank=True, max_length=300)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "RFI"
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "number"],
                name="rfi_number_unique_per_vendor",
                violation_error_message="This vendor already has an RFI with this number.",
            ),
            models.CheckConstraint(
                condition=Q(status=RfiStatus.DRAFT) | Q(sent_on__isnull=False),
                name="rfi_sent_has_date",
                violation_error_message="A sent RFI needs the date it was sent.",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"RFI {self.number}: {self.title}"

    @property
    def reference(self) -> str:
        return f"RFI {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == RfiStatus.DRAFT

    @property
    def documents_in_progress(self) -> bool:
        return self.documents_state in DOCUMENTS_IN_PROGRESS

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.vendor_id, "rfi_id": self.pk}


class RfiQuestion(models.Model):
    """One numbered question; `target_*` name the profile field an accepted answer updates, when there is one."""

    rfi = models.ForeignKey(Rfi, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField()
    section = models.CharField(max_length=32, choices=Section.choices)
    text = models.TextField("Question")
    context = models.TextField("Why we ask", blank=True)
    answer_format = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=12, choices=QuestionOrigin.choices, default=QuestionOrigin.MANUAL)
    gap_key = models.CharField(max_length=120, blank=True, help_text="The gap this question closes, if any.")
    target_model = models.CharField(max_length=20, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_field = models.CharField(max_length=60, blank=True)
    internal_note = models.TextField(blank=True, help_text="Seen only inside VendorTrack, never by the vendor.")

    state = models.CharField(max_length=12, choices=QuestionState.choices, default=QuestionState.OPEN)
    answer = models.TextField(blank=True)
    answered_via = models.CharField(max_length=16, choices=AnsweredVia.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted_value = models.CharField(max_length=200, blank=True, help_text="The value written to the profile.")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rfi_id", "number"]
        verbose_name = "RFI question"
        constraints = [
            models.UniqueConstraint(
                fields=["rfi", "number"],
                name="rfi_question_number_unique",
                violation_error_message="This RFI already has a question with this number.",
            ),
            models.CheckConstraint(
                condition=~Q(state=QuestionState.ACCEPTED) | Q(accepted_at__isnull=False),
                name="rfi_question_accepted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rfi.reference} Q{self.number}"

    @property
    def reference(self) -> str:
        return f"{self.rfi.reference} Q{self.number}"

    @property
    def has_target(self) -> bool:
        return bool(self.target_model)

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.rfi.vendor_id, "rfi_id": self.rfi_id}


def attachment_upload_to(attachment: "RfiAttachment", filename: str) -> str:
    return f"rfis/{attachment.question.rfi.public_id}/attachments/{filename}"


class RfiAttachment(models.Model):
    """A document the vendor (or procurement) attached to an answer, checked by its bytes before it was stored."""

    question = models.ForeignKey(RfiQuestion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=100)
    uploaded_via = models.CharField(max_length=16, choices=AnsweredVia.choices)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_id", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RfiResponseLink(models.Model):
    """A link that lets the vendor answer one RFI without an account. Only the token's SHA-256 is stored."""

    rfi = models.ForeignKey(Rfi, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Response link for {self.rfi.reference}"

    def get_additional_data(self) -> dict:
        return {"vendor_id": self.rfi.vendor_id, "rfi_id": self.rfi_id}


class RfiSubmissionNonce(models.Model):
    """A one-time value carried by one rendered response form; a POST that reuses a spent nonce is refused."""

    link = models.ForeignKey(RfiResponseLink, on_delete=models.CASCADE, related_name="nonces")
    nonce_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["link", "used_at"])]

    def __str__(self) -> str:
        return f"Nonce {self.pk} of link {self.link_id}"
