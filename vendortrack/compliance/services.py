"""Writes of compliance: keeping each vendor's events in step with its data, closing events, and reviews.

`schedule_sync` reads the whole portfolio (or a queryset of vendors) in a fixed number of queries, computes every
vendor's deadlines with schedule.vendor_deadlines, and writes the difference in bulk:
- a deadline with no open event of its key gets one, unless a done event already has that key and date (done is
  done: an event compliance closed is never reopened or moved); recurring deadlines are computed from the last one
  done, so they are always new;
- an open event whose date, title or detail changed is moved (its reminders start again for the new date);
- an open event whose deadline is gone (evidence replaced, agreement terminated, vendor offboarded) is cancelled.
Running it twice changes nothing the second time. It is run daily by the beat task and after writes that change a
vendor's dates (`schedule_sync_vendor`).
"""

import datetime
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import set_actor
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from contracts.models import Agreement
from contracts.stamps import stamp_changed
from vendortrack.compliance.bulk_insert import insert_rows
from vendortrack.compliance.errors import ComplianceError
from vendortrack.compliance.models import (
    CalendarFeed,
    EventKind,
    EventStatus,
    NotificationPreference,
    QuarterlyReview,
    ReviewAttestation,
    ReviewEvent,
    ReviewOutcome,
    ReviewStatus,
    ScheduleExport,
    feed_token_hash,
)
from vendortrack.compliance.page_cache import TOPIC as EVENTS_TOPIC
from vendortrack.compliance.reviews import review_attestations, review_checklist
from vendortrack.compliance.schedule import (
    EXECUTED,
    QUARTERLY_REVIEW_KEY,
    RFI_AWAITING_ANSWERS,
    Deadline,
    ScheduleFacts,
    vendor_deadlines,
)
from vendortrack.compliance.selectors import open_findings_count, quarter_of
from vendortrack.vendors.models import SecurityEvidence, Vendor
from vendortrack.vendors.selectors import prefetch_vendor_profile

RFI_APP = "vendortrack.rfis"
_MOVABLE = ("kind", "title", "detail", "due_on")
_NEW_EVENT_COLUMNS = ("vendor_id", "key", *_MOVABLE)


@dataclass(frozen=True)
class SyncResult:
    created: int
    moved: int
    cancelled: int


@dataclass
class _VendorRows:
    """One vendor's share of the portfolio-wide reads."""

    evidence: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    rfis: list = field(default_factory=list)
    open_events: list = field(default_factory=list)
    done: list = field(default_factory=list)


def _grouped(rows: Iterable, into: dict[int, _VendorRows], attribute: str) -> None:
    for row in rows:
        getattr(into[row.vendor_id], attribute).append(row)


def _load(vendors: QuerySet[Vendor]) -> dict[int, _VendorRows]:
    """Everything the rules read, for every vendor in `vendors`, in one query per model.

    Rows come as named tuples, which the rules read like model instances: tens of thousands of model instances were
    most of a sync's time, and the sync writes through ids and bulk statements, never through these objects.
    """
    rows: dict[int, _VendorRows] = defaultdict(_VendorRows)
    evidence = SecurityEvidence.objects.filter(vendor__in=vendors).values_list(
        "pk", "vendor_id", "kind", "title", "period_end", "expires_on", "covers_until", "bridges_id", named=True
    )
    _grouped(evidence, rows, "evidence")
    agreements = Agreement.objects.filter(vendor__in=vendors, status=EXECUTED, expiry_date__isnull=False)
    _grouped(
        agreements.values_list(
            "pk", "vendor_id", "title", "status", "expiry_date", "auto_renews", "notice_period_days", named=True
        ),
        rows,
        "agreements",
    )
    if apps.is_installed(RFI_APP):
        rfis = apps.get_model("rfis", "Rfi").objects.filter(
            vendor__in=vendors, status=RFI_AWAITING_ANSWERS, due_on__isnull=False
        )
        _grouped(rfis.values_list("pk", "vendor_id", "title", "status", "due_on", named=True), rows, "rfis")
    events = ReviewEvent.objects.filter(vendor__in=vendors, status__in=[EventStatus.OPEN, EventStatus.DONE])
    for event in events.values_list("pk", "vendor_id", "status", "completed_at", "key", *_MOVABLE, named=True):
        vendor_rows = rows[event.vendor_id]
        (vendor_rows.open_events if event.status == EventStatus.OPEN else vendor_rows.done).append(event)
    return rows


def _last_done(done: Iterable) -> dict[str, datetime.date]:
    last: dict[str, datetime.date] = {}
    for event in done:
        day = timezone.localtime(event.completed_at).date()
        if event.key not in last or day > last[event.key]:
            last[event.key] = day
    return last


def _facts(vendor: Any, rows: _VendorRows) -> ScheduleFacts:
    return ScheduleFacts(
        vendor=vendor,
        evidence=rows.evidence,
        agreements=rows.agreements,
        rfis=rows.rfis,
        last_done=_last_done(rows.done),
        added_on=timezone.localtime(vendor.created_at).date(),
    )


def _movable_values(deadline: Deadline) -> tuple:
    """The values of _MOVABLE for `deadline`, cut to the columns' lengths."""
    return (deadline.kind, deadline.title[:300], deadline.detail[:500], deadline.due_on)


def _diff(vendor_id: int, rows: _VendorRows, deadlines: list[Deadline]) -> tuple[list, list, list]:
    """(rows of events to create, events moved in place, ids of events to cancel) for one vendor.

    Open events are compared as plain values; a model instance is built only for an event that moves.
    """
    open_by_key = {event.key: event for event in rows.open_events}
    done = {(event.key, event.due_on) for event in rows.done}
    create, move = [], []
    for deadline in deadlines:
        wanted = _movable_values(deadline)
        event = open_by_key.pop(deadline.key, None)
        if event is None:
            if deadline.recurring or (deadline.key, deadline.due_on) not in done:
                create.append((vendor_id, deadline.key, *wanted))
        elif tuple(getattr(event, name) for name in _MOVABLE) != wanted:
            move.append(ReviewEvent(pk=event.pk, **dict(zip(_MOVABLE, wanted, strict=True))))
    return create, move, [event.pk for event in open_by_key.values()]


def schedule_sync(*, vendors: QuerySet[Vendor] | None = None, today: datetime.date | None = None) -> SyncResult:
    """Bring the open events of `vendors` (default: all) in line with their data; see the module docstring."""
    today = today or timezone.localdate()
    vendors = vendors if vendors is not None else Vendor.objects.all()
    rows = _load(vendors)
    create, move, cancel = [], [], []
    fields = ("pk", "status", "risk_tier", "review_cadence_months", "created_at")
    for vendor in vendors.values_list(*fields, named=True):
        deadlines = vendor_deadlines(_facts(vendor, rows[vendor.pk]), today=today)
        created, moved, cancelled = _diff(vendor.pk, rows[vendor.pk], deadlines)
        create += created
        move += moved
        cancel += cancelled
    with transaction.atomic():
        # ignore_conflicts: a sync running at the same moment may have opened the same event first.
        insert_rows(ReviewEvent, _NEW_EVENT_COLUMNS, create, ignore_conflicts=True)
        if move:
            ReviewEvent.objects.bulk_update(move, list(_MOVABLE))
        if cancel:
            ReviewEvent.objects.filter(pk__in=cancel, status=EventStatus.OPEN).update(status=EventStatus.CANCELLED)
        if create or move or cancel:
            # COPY, bulk_update() and update() send no signal: the pages that show events learn of them here.
            stamp_changed(EVENTS_TOPIC)
    return SyncResult(created=len(create), moved=len(move), cancelled=len(cancel))


def schedule_sync_vendor(*, vendor: Vendor, today: datetime.date | None = None) -> SyncResult:
    """Sync one vendor; call it (on commit) after a write that changes its dates."""
    return schedule_sync(vendors=Vendor.objects.filter(pk=vendor.pk), today=today)


def event_complete(*, actor: AbstractBaseUser | None, event: ReviewEvent, vendor_sync: bool = True) -> ReviewEvent:
    """Mark an open event done (saved through the model, so the audit trail records who closed it)."""
    with transaction.atomic():
        event.status = EventStatus.DONE
        event.completed_at = timezone.now()
        event.completed_by = actor
        event.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
        if vendor_sync:
            schedule_sync_vendor(vendor=event.vendor)
    return event


def _last_signed_off(vendor: Vendor) -> QuarterlyReview | None:
    signed = vendor.quarterly_reviews.filter(status=ReviewStatus.SIGNED_OFF).order_by("-signed_off_at")
    return signed.prefetch_related("attestations").first()


def review_open(*, actor: AbstractBaseUser, vendor: Vendor, today: datetime.date | None = None) -> QuarterlyReview:
    """The vendor's review in progress, or a new one pre-filled from its data and compared with the last one."""
    draft = vendor.quarterly_reviews.filter(status=ReviewStatus.DRAFT).first()
    if draft is not None:
        return draft
    today = today or timezone.localdate()
    vendor = Vendor.objects.get(pk=vendor.pk)  # a fresh instance: the caller's may hold stale prefetched rows
    prefetch_vendor_profile(vendor)
    previous = _last_signed_off(vendor)
    since = timezone.localtime(previous.signed_off_at if previous else vendor.created_at).date()
    before = {(a.service_name, a.setting): a.observed for a in previous.attestations.all()} if previous else {}
    checklist = review_checklist(vendor, since=since, today=today, open_findings=open_findings_count(vendor=vendor))
    event = vendor.review_events.filter(status=EventStatus.OPEN, key=QUARTERLY_REVIEW_KEY).first()
    with transaction.atomic(), set_actor(actor):
        review = QuarterlyReview.objects.create(
            vendor=vendor, event=event, previous=previous, created_by=actor, checklist=checklist
        )
        ReviewAttestation.objects.bulk_create(
            ReviewAttestation(
                review=review,
                setting=draft.setting,
                service=draft.service,
                service_name=draft.service.name,
                observed=draft.observed[:300],
                source=draft.source[:500],
                previous_observed=draft.previous_observed,
                drifted=draft.drifted,
                state=draft.state,
            )
            for draft in review_attestations(vendor, previous=before)
        )
    return review


def _refuse_if_signed(review: QuarterlyReview) -> None:
    if review.status != ReviewStatus.DRAFT:
        raise ComplianceError("This review is signed off and can no longer be changed.")


def review_save(
    *, actor: AbstractBaseUser, review: QuarterlyReview, notes: str, attestations: Mapping[int, tuple[str, str]]
) -> QuarterlyReview:
    """Save the reviewer's notes and each attestation's state and note ({attestation id: (state, note)})."""
    _refuse_if_signed(review)
    with transaction.atomic(), set_actor(actor):
        review.notes = notes
        review.save(update_fields=["notes", "updated_at"])
        for attestation in review.attestations.all():
            state, note = attestations.get(attestation.pk, (attestation.state, attestation.note))
            if (state, note) != (attestation.state, attestation.note):
                attestation.state, attestation.note = state, note
                attestation.save(update_fields=["state", "note"])
    return review


def review_sign_off(*, actor: AbstractBaseUser, review: QuarterlyReview, outcome: str) -> QuarterlyReview:
    """Sign the review off; this closes its schedule event, which schedules the next review, and queues the PDF."""
    _refuse_if_signed(review)
    if outcome not in ReviewOutcome.values:
        raise ComplianceError("Choose the outcome of the review before signing it off.")
    with transaction.atomic(), set_actor(actor):
        review.status = ReviewStatus.SIGNED_OFF
        review.outcome = outcome
        review.signed_off_by = actor
        review.signed_off_at = timezone.now()
        review.save(update_fields=["status", "outcome", "signed_off_by", "signed_off_at", "updated_at"])
        _close_review_event(actor, review)
        transaction.on_commit(lambda: _queue_review_pdf(review.pk))
    return review


def _close_review_event(actor: AbstractBaseUser, review: QuarterlyReview) -> None:
    event = (
        review.event or review.vendor.review_events.filter(status=EventStatus.OPEN, key=QUARTERLY_REVIEW_KEY).first()
    )
    if event is None or event.status != EventStatus.OPEN:
        # Reviewed off-schedule: record the review as done today so the next one counts from it.
        event = ReviewEvent.objects.create(
            vendor=review.vendor,
            kind=EventKind.QUARTERLY_REVIEW,
            key=QUARTERLY_REVIEW_KEY,
            title="Control review",
            due_on=timezone.localdate(),
        )
    event_complete(actor=actor, event=event)
    if review.event_id != event.pk:
        review.event = event
        review.save(update_fields=["event"])


def _queue_review_pdf(review_id: int) -> None:
    from vendortrack.compliance.tasks import review_render_pdf_task

    review_render_pdf_task.delay(review_id)


def schedule_export_request(*, user: AbstractBaseUser, day: datetime.date) -> ScheduleExport:
    """Queue the PDF of the quarter holding `day`; a task renders it after the commit."""
    start, _ = quarter_of(day)
    export = ScheduleExport.objects.create(user=user, quarter_start=start)
    transaction.on_commit(lambda: _queue_schedule_pdf(export.pk))
    return export


def _queue_schedule_pdf(export_id: int) -> None:
    from vendortrack.compliance.tasks import schedule_render_pdf_task

    schedule_render_pdf_task.delay(export_id)


def calendar_feed_create(*, user: AbstractBaseUser) -> str:
    """A new secret feed URL token for `user`, replacing (revoking) the current one; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        calendar_feed_revoke(user=user)
        CalendarFeed.objects.create(user=user, token_hash=feed_token_hash(token), created_at=timezone.now())
    return token


def calendar_feed_revoke(*, user: AbstractBaseUser) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def calendar_feed_user(*, token: str) -> AbstractBaseUser | None:
    """The active user of an unrevoked feed token, recording its use; None for a wrong or revoked token."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=feed_token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


def notification_preference_save(*, user: AbstractBaseUser, mode: str, email: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(user=user, defaults={"mode": mode, "email": email})
    return preference
