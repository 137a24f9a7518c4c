"""Writes to RFIs: each function is one transaction that saves through the models (so the audit trail sees it).

What may change when (docs/rfi.md): questions are added, edited and dropped only in a draft; answers are recorded
once the RFI is sent and until it is closed; accepting an answer writes the mapped profile field through the
vendor app's services, with a FactSource of kind "RFI answer" whose reference is "RFI <n> Q<k>".
"""

import datetime
from collections.abc import Mapping
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from vendortrack.rfis.attachments import CheckedAttachment
from vendortrack.rfis.baseline import load_baseline
from vendortrack.rfis.errors import RfiError
from vendortrack.rfis.gaps import ENDPOINT, SERVICE, SUBPROCESSOR_LIST, Gap
from vendortrack.rfis.models import (
    SECTION_ORDER,
    AnsweredVia,
    DocumentsState,
    QuestionOrigin,
    QuestionState,
    Rfi,
    RfiAttachment,
    RfiQuestion,
    RfiStatus,
)
from vendortrack.rfis.selectors import vendor_gap_list
from vendortrack.rfis.tasks import build_rfi_documents
from vendortrack.vendors import services as vendor_services
from vendortrack.vendors.models import AIService, Endpoint, SourceKind, Vendor

Fields = Mapping[str, Any]
# Renumbering moves every question out of the way first, so the unique (rfi, number) never sees two equal numbers.
_RENUMBER_OFFSET = 100_000
EDITABLE_QUESTION_FIELDS = ("section", "text", "context", "answer_format", "internal_note")
ANSWERABLE = (RfiStatus.SENT, RfiStatus.ANSWERED)


def rfi_create(*, actor: AbstractBaseUser, vendor: Vendor, title: str = "") -> Rfi:
    """A draft RFI with one question per gap of `vendor` and the baseline questions, numbered by section."""
    gaps = vendor_gap_list(vendor)
    baseline = load_baseline()
    with transaction.atomic(), set_actor(actor):
        # Lock the vendor row so two drafts created at once do not take the same number.
        Vendor.objects.select_for_update().filter(pk=vendor.pk).first()
        number = (Rfi.objects.filter(vendor=vendor).aggregate(top=Max("number"))["top"] or 0) + 1
        rfi = Rfi(vendor=vendor, number=number, title=title.strip() or f"{vendor.name}: request for information")
        rfi.created_by = actor
        rfi.full_clean()
        rfi.save()
        baseline_gaps = [Gap(f"baseline:{b.key}", b.section, b.question, b.context, b.answer_format) for b in baseline]
        rows = [_question_for(gap, QuestionOrigin.GAP) for gap in gaps]
        rows += [_question_for(gap, QuestionOrigin.BASELINE) for gap in baseline_gaps]
        rows.sort(key=lambda row: SECTION_ORDER[row.section])  # stable: gaps before baseline within a section
        for position, row in enumerate(rows, start=1):
            row.rfi, row.number = rfi, position
            row.save()
    return rfi


def _question_for(gap: Gap, origin: str) -> RfiQuestion:
    target = gap.target
    return RfiQuestion(
        section=gap.section,
        text=gap.question,
        context=gap.context,
        answer_format=gap.answer_format,
        origin=origin,
        gap_key=gap.key,
        target_model=target.model if target else "",
        target_id=target.pk if target else None,
        target_field=target.field if target else "",
    )


def rfi_update(*, actor: AbstractBaseUser, rfi: Rfi, fields: Fields) -> Rfi:
    """Title, recipient, due date and internal notes; allowed until the RFI is closed."""
    _require_not_closed(rfi)
    with transaction.atomic(), set_actor(actor):
        for name, value in fields.items():
            setattr(rfi, name, value)
        rfi.full_clean()
        rfi.save()
    return rfi


def question_save(*, actor: AbstractBaseUser, rfi: Rfi, question: RfiQuestion, fields: Fields) -> RfiQuestion:
    """Add (unsaved `question`) or edit a question of a draft; numbers follow the sections again afterwards."""
    _require_draft(rfi)
    with transaction.atomic(), set_actor(actor):
        for name in EDITABLE_QUESTION_FIELDS:
            if name in fields:
                setattr(question, name, fields[name])
        if question.pk is None:
            question.rfi = rfi
            question.origin = QuestionOrigin.MANUAL
            question.number = (rfi.questions.aggregate(top=Max("number"))["top"] or 0) + 1
        question.full_clean()
        question.save()
        _renumber(rfi)
        _documents_outdated(rfi)
    question.refresh_from_db(fields=["number"])
    return question


def question_drop(*, actor: AbstractBaseUser, rfi: Rfi, question: RfiQuestion) -> None:
    _require_draft(rfi)
    with transaction.atomic(), set_actor(actor):
        question.delete()
        _renumber(rfi)
        _documents_outdated(rfi)


def _renumber(rfi: Rfi) -> None:
    # update() rather than save(): a question's place in the list is not an edit worth an audit entry.
    questions = sorted(rfi.questions.all(), key=lambda q: (SECTION_ORDER[q.section], q.number))
    rfi.questions.update(number=F("number") + _RENUMBER_OFFSET)
    for position, question in enumerate(questions, start=1):
        RfiQuestion.objects.filter(pk=question.pk).update(number=position)


def _documents_outdated(rfi: Rfi) -> None:
    Rfi.objects.filter(pk=rfi.pk).update(documents_state=DocumentsState.NONE)
    rfi.documents_state = DocumentsState.NONE


def rfi_send(
    *, actor: AbstractBaseUser, rfi: Rfi, recipient_name: str, recipient_email: str, due_on: datetime.date
) -> Rfi:
    """Mark a draft sent today to the recipient, due on `due_on`, and build its documents in the background."""
    _require_draft(rfi)
    today = timezone.localdate()
    if due_on <= today:
        raise RfiError("The due date must be after today.")
    if not rfi.questions.exists():
        raise RfiError("Add at least one question before sending the RFI.")
    with transaction.atomic(), set_actor(actor):
        rfi.status = RfiStatus.SENT
        rfi.sent_on, rfi.due_on = today, due_on
        rfi.recipient_name, rfi.recipient_email = recipient_name.strip(), recipient_email.strip()
        rfi.full_clean()
        rfi.save()
        documents_request(rfi=rfi)
    return rfi


def answer_record(
    *,
    actor: AbstractBaseUser | None,
    question: RfiQuestion,
    answer: str,
    via: str = AnsweredVia.PROCUREMENT,
    attachment: tuple[str, CheckedAttachment] | None = None,
) -> RfiQuestion:
    """Record (or replace) the answer to a question of a sent RFI, with an optional checked attachment (its name
    and checks); an accepted answer is no longer replaced.

    `actor` is None when the vendor answers through a response link. The RFI becomes "answered" when no question is
    left open.
    """
    rfi = question.rfi
    if rfi.status not in ANSWERABLE:
        raise RfiError("Answers are recorded once the RFI is sent and until it is closed.")
    if question.state == QuestionState.ACCEPTED:
        raise RfiError(f"The answer to Q{question.number} was already accepted.")
    answer = answer.strip()
    if not answer:
        raise RfiError("Write the answer.")
    with transaction.atomic(), set_actor(actor):
        question.answer, question.answered_via, question.answered_at = answer, via, timezone.now()
        question.state = QuestionState.ANSWERED
        question.save()
        if attachment is not None:
            attachment_store(question=question, name=attachment[0], checked=attachment[1], via=via)
        _mark_answered_when_complete(rfi)
    return question


def attachment_store(*, question: RfiQuestion, name: str, checked: CheckedAttachment, via: str) -> RfiAttachment:
    """Store a file that passed attachments.check_attachment; it is saved under its hash, never the sender's name."""
    attachment = RfiAttachment(
        question=question,
        original_name=name[:255],
        sha256=checked.sha256,
        size=checked.size,
        media_type=checked.media_type,
        uploaded_via=via,
    )
    attachment.file.save(checked.safe_name, ContentFile(checked.data), save=False)
    attachment.save()
    return attachment


def _mark_answered_when_complete(rfi: Rfi) -> None:
    if rfi.status == RfiStatus.SENT and not rfi.questions.filter(state=QuestionState.OPEN).exists():
        rfi.status, rfi.answered_at = RfiStatus.ANSWERED, timezone.now()
        rfi.save()


def question_accept(*, actor: AbstractBaseUser, question: RfiQuestion, value: str = "") -> RfiQuestion:
    """Accept the answer; where the question maps to a profile field, write `value` there with the RFI as source."""
    if question.state != QuestionState.ANSWERED:
        raise RfiError("Only an answered question can be accepted.")
    if question.rfi.status not in ANSWERABLE:
        raise RfiError("Answers are accepted once the RFI is sent and until it is closed.")
    with transaction.atomic(), set_actor(actor):
        question.accepted_value = _write_profile(actor=actor, question=question, value=value.strip())
        question.state = QuestionState.ACCEPTED
        question.accepted_by, question.accepted_at = actor, timezone.now()
        question.save()
    return question


def _write_profile(*, actor: AbstractBaseUser, question: RfiQuestion, value: str) -> str:
    """Write the mapped field (if any) through vendors.services; returns the value as stored."""
    vendor = question.rfi.vendor
    if question.target_model == SERVICE:
        service = AIService.objects.filter(vendor=vendor, pk=question.target_id).first()
        if service is None:
            raise RfiError("The service this question is about no longer exists.")
        field = question.target_field
        stored = _profile_value(AIService, field, value)
        source = vendor_services.FactSourceInput(
            source_kind=SourceKind.RFI_ANSWER, reference=question.reference, confirmed_on=timezone.localdate()
        )
        vendor_services.service_save(
            actor=actor,
            vendor=vendor,
            service=service,
            fields={field: stored},
            sources={field: source},
            endpoints=vendor_services.InlineRows(),
        )
        return "" if stored is None else str(stored)
    if question.target_model == ENDPOINT:
        return _write_endpoint(actor=actor, question=question, value=value)
    # Sub-processor list confirmations and unmapped questions write nothing: the accepted answer is the record
    # (selectors.subprocessors_confirmed_on reads it).
    if question.target_model not in ("", SUBPROCESSOR_LIST):
        raise RfiError(f"Unknown profile target {question.target_model!r}.")
    return ""


def _write_endpoint(*, actor: AbstractBaseUser, question: RfiQuestion, value: str) -> str:
    vendor = question.rfi.vendor
    endpoint = Endpoint.objects.select_related("service").filter(service__vendor=vendor, pk=question.target_id).first()
    if endpoint is None:
        raise RfiError("The endpoint this question is about no longer exists.")
    stored = _profile_value(Endpoint, question.target_field, value)
    setattr(endpoint, question.target_field, stored)
    endpoint.coverage_source_kind = SourceKind.RFI_ANSWER
    endpoint.coverage_reference = question.reference
    endpoint.coverage_confirmed_on = timezone.localdate()
    vendor_services.service_save(
        actor=actor,
        vendor=vendor,
        service=endpoint.service,
        fields={},
        sources={},
        endpoints=vendor_services.InlineRows(save=[endpoint]),
    )
    return str(stored)


def _profile_value(model: type, field_name: str, value: str) -> object:
    """`value` converted and validated for the model field; "unknown" is refused, it is what the RFI asked about."""
    field = model._meta.get_field(field_name)
    if not value or value == "unknown":
        raise RfiError(f"Give the confirmed value for “{field.verbose_name}”.")
    try:
        converted = field.to_python(value)
        field.run_validators(converted)
        if field.choices and converted not in dict(field.choices):
            raise ValidationError("not a choice")
    except ValidationError as error:
        raise RfiError(f"“{value}” is not a valid value for “{field.verbose_name}”.") from error
    return converted


def rfi_close(*, actor: AbstractBaseUser, rfi: Rfi) -> Rfi:
    """Close a sent or answered RFI; its response links stop working."""
    if rfi.status not in ANSWERABLE:
        raise RfiError("Only a sent or answered RFI can be closed.")
    with transaction.atomic(), set_actor(actor):
        rfi.status, rfi.closed_at = RfiStatus.CLOSED, timezone.now()
        rfi.save()
        for link in rfi.links.filter(revoked_at__isnull=True):
            link.revoked_at = rfi.closed_at
            link.save()
    return rfi


def documents_request(*, rfi: Rfi) -> None:
    """Queue the PDF, DOCX and CSV of `rfi`; the task starts once the transaction commits."""
    Rfi.objects.filter(pk=rfi.pk).update(documents_state=DocumentsState.QUEUED, documents_error="")
    rfi.documents_state = DocumentsState.QUEUED
    transaction.on_commit(lambda: build_rfi_documents.delay(rfi.pk))


def _require_draft(rfi: Rfi) -> None:
    if rfi.status != RfiStatus.DRAFT:
        raise RfiError("Questions can only be changed while the RFI is a draft.")


def _require_not_closed(rfi: Rfi) -> None:
    if rfi.status == RfiStatus.CLOSED:
        raise RfiError("This RFI is closed.")
