"""Reminders ahead of each deadline: which one is due today, who gets it, and sending it exactly once.

Rules (also in docs/compliance.md):
- Offsets are settings.COMPLIANCE_REMINDER_OFFSETS days before the due date (default 90, 60, 30, 7 and 0, the day
  itself); once overdue, one more every 7 days (offsets -7, -14, ...).
- Each run sends, per open event, only the latest offset already reached. After downtime the missed earlier offsets
  are not sent one by one: the reminder that is due now says everything they would have.
- Recipients: every active user with the Compliance role.
- Exactly once: a run first claims its deliveries by inserting them under its claim token (the Celery task id, which
  a retry keeps); the unique constraint on (event, due_on, offset, recipient) lets only one run win each one. A
  retry sends what its token claimed and did not mark sent; a claim left unsent by a run that died is taken over
  after CLAIM_EXPIRES. E-mail is marked sent right after the SMTP hand-off, per person, so a crash in between can
  at worst repeat one person's e-mail of that run, never skip one.
- One e-mail per reminder, unless the person chose the daily digest, the run is a catch-up (no run yesterday), or
  the person has more than DIGEST_ABOVE reminders at once: then one digest. In-app notifications are always one per
  reminder.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from vendortrack.accounts.roles import Role
from vendortrack.compliance.bulk_insert import insert_rows
from vendortrack.compliance.models import (
    DeliveryMode,
    EventStatus,
    Notification,
    NotificationPreference,
    ReminderDelivery,
    ReminderRun,
    ReviewEvent,
)
from vendortrack.compliance.schedule import INACTIVE_STATUSES

DEFAULT_OFFSETS = (90, 60, 30, 7, 0)
OVERDUE_EVERY_DAYS = 7
DIGEST_ABOVE = 5
CLAIM_EXPIRES = datetime.timedelta(minutes=30)
_CLAIM_COLUMNS = ("event_id", "due_on", "offset_days", "recipient_id", "claim_token", "claimed_at")


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    emails: int
    catch_up: bool


def configured_offsets() -> tuple[int, ...]:
    return tuple(sorted(set(getattr(settings, "COMPLIANCE_REMINDER_OFFSETS", DEFAULT_OFFSETS)), reverse=True))


def reminder_offset(*, due_on: datetime.date, today: datetime.date, offsets: Sequence[int]) -> int | None:
    """The latest reminder point reached on `today`: an offset in days before `due_on`, negative when overdue."""
    days_left = (due_on - today).days
    if days_left >= 0:
        reached = [offset for offset in offsets if offset >= days_left]
        return min(reached) if reached else None
    weeks_overdue = -days_left // OVERDUE_EVERY_DAYS
    return -OVERDUE_EVERY_DAYS * weeks_overdue if weeks_overdue else min(offsets, default=0)


def due_phrase(due_on: datetime.date, today: datetime.date) -> str:
    days = (due_on - today).days
    if days == 0:
        return "due today"
    if days > 0:
        return f"due in {days} day{'s' if days != 1 else ''}"
    return f"{-days} day{'s' if days != -1 else ''} overdue"


def reminder_recipients() -> QuerySet:
    return get_user_model().objects.filter(is_active=True, groups__name=Role.COMPLIANCE.value).distinct()


def _events_in_window(today: datetime.date, offsets: Sequence[int]) -> QuerySet[ReviewEvent]:
    window_end = today + datetime.timedelta(days=max(offsets, default=0))
    return ReviewEvent.objects.filter(status=EventStatus.OPEN, due_on__lte=window_end).exclude(
        vendor__status__in=INACTIVE_STATUSES
    )


def _claim(*, today: datetime.date, claim_token: str, now: datetime.datetime) -> None:
    """Insert the deliveries due today that nobody has; a conflicting row means another run already owns it."""
    offsets = configured_offsets()
    events = _events_in_window(today, offsets)
    # Plain (id, due date) pairs: the claim needs nothing else of an event, and thousands of them are due at once.
    points = [
        (event_id, due_on, offset)
        for event_id, due_on in events.values_list("pk", "due_on")
        if (offset := reminder_offset(due_on=due_on, today=today, offsets=offsets)) is not None
    ]
    recipient_ids = list(reminder_recipients().values_list("pk", flat=True))
    if not points or not recipient_ids:
        return
    existing = set(
        ReminderDelivery.objects.filter(event__in=events).values_list(
            "event_id", "due_on", "offset_days", "recipient_id"
        )
    )
    new = [
        (event_id, due_on, offset, recipient_id, claim_token, now)
        for event_id, due_on, offset in points
        for recipient_id in recipient_ids
        if (event_id, due_on, offset, recipient_id) not in existing
    ]
    insert_rows(ReminderDelivery, _CLAIM_COLUMNS, new, ignore_conflicts=True)


def _take_over_abandoned(*, claim_token: str, now: datetime.datetime) -> None:
    ReminderDelivery.objects.filter(sent_at__isnull=True, claimed_at__lt=now - CLAIM_EXPIRES).exclude(
        claim_token=claim_token
    ).update(claim_token=claim_token, claimed_at=now)


def _is_catch_up(today: datetime.date) -> bool:
    last = ReminderRun.objects.filter(day__lt=today).order_by("-day").values_list("day", flat=True).first()
    return last is None or (today - last).days > 1


@dataclass(frozen=True)
class _Claimed:
    """One claimed, unsent delivery as sending needs it: read as plain values, not as three model instances."""

    delivery_id: int
    recipient_id: int
    event_id: int
    line: str


def _claimed(claim_token: str, today: datetime.date) -> list[_Claimed]:
    """The run's unsent deliveries by recipient and due date, each with its line (made once per event)."""
    rows = (
        ReminderDelivery.objects.filter(claim_token=claim_token, sent_at__isnull=True)
        .order_by("recipient_id", "event__due_on", "event_id")
        .values_list("pk", "recipient_id", "event_id", "event__vendor__name", "event__title", "event__due_on")
    )
    lines: dict[int, str] = {}
    claimed = []
    for delivery_id, recipient_id, event_id, vendor_name, title, due_on in rows:
        if event_id not in lines:
            lines[event_id] = _line(vendor_name, title, due_on, today)
        claimed.append(_Claimed(delivery_id, recipient_id, event_id, lines[event_id]))
    return claimed


def reminders_send(*, claim_token: str, today: datetime.date | None = None) -> ReminderResult:
    """Claim and send today's reminders; safe to run twice and to retry with the same `claim_token`."""
    today = today or timezone.localdate()
    now = timezone.now()
    _claim(today=today, claim_token=claim_token, now=now)
    _take_over_abandoned(claim_token=claim_token, now=now)
    mine = _claimed(claim_token, today)
    catch_up = _is_catch_up(today)
    recipient_ids = {claimed.recipient_id for claimed in mine}
    recipients = get_user_model().objects.in_bulk(recipient_ids)
    preferences = {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user_id__in=recipient_ids)
    }
    emails = 0
    with get_connection() as connection:
        for recipient_id, group in groupby(mine, key=lambda claimed: claimed.recipient_id):
            emails += _deliver(
                recipients[recipient_id],
                list(group),
                preferences.get(recipient_id),
                catch_up=catch_up,
                today=today,
                connection=connection,
            )
    ReminderRun.objects.update_or_create(day=today, defaults={"finished_at": timezone.now(), "sent": len(mine)})
    return ReminderResult(sent=len(mine), emails=emails, catch_up=catch_up)


def _wants_digest(preference: NotificationPreference | None, *, count: int, catch_up: bool) -> bool:
    chose_digest = preference is not None and preference.mode == DeliveryMode.DAILY_DIGEST
    return count > 1 and (chose_digest or catch_up or count > DIGEST_ABOVE)


def _deliver(
    recipient: AbstractBaseUser,
    deliveries: list[_Claimed],
    preference: NotificationPreference | None,
    *,
    catch_up: bool,
    today: datetime.date,
    connection: object,
) -> int:
    """Send one person's reminders (one e-mail each, or one digest) and record them; returns e-mails sent."""
    digest = _wants_digest(preference, count=len(deliveries), catch_up=catch_up)
    messages: list[EmailMessage] = []
    if recipient.email and (preference is None or preference.email):
        batches = [deliveries] if digest else [[delivery] for delivery in deliveries]
        messages = [_email(recipient, [d.line for d in batch], today=today, catch_up=catch_up) for batch in batches]
        connection.send_messages(messages)
    now = timezone.now()
    with transaction.atomic():
        insert_rows(
            Notification,
            ("user_id", "event_id", "delivery_id", "message", "created_at"),
            [(recipient.pk, d.event_id, d.delivery_id, d.line, now) for d in deliveries],
        )
        ReminderDelivery.objects.filter(pk__in=[d.delivery_id for d in deliveries]).update(
            sent_at=now, in_digest=digest
        )
    return len(messages)


def _line(vendor_name: str, title: str, due_on: datetime.date, today: datetime.date) -> str:
    return f"{vendor_name}: {title}, {due_phrase(due_on, today)} ({due_on:%Y-%m-%d})"


def reminder_line(event: ReviewEvent, today: datetime.date) -> str:
    return _line(event.vendor.name, event.title, event.due_on, today)


def _email(recipient: AbstractBaseUser, lines: list[str], *, today: datetime.date, catch_up: bool) -> EmailMessage:
    """One e-mail of `lines`: a single reminder, or a digest rendered once for all of them."""
    if len(lines) == 1:
        subject = f"Reminder: {lines[0]}"
    else:
        subject = f"VendorTrack digest: {len(lines)} review deadlines"
    body = render_to_string(
        "compliance/email/reminders.txt",
        {"recipient": recipient, "lines": lines, "catch_up": catch_up and len(lines) > 1, "today": today},
    )
    return EmailMessage(subject=subject[:200], body=body, to=[recipient.email])


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_mark_read(*, user: AbstractBaseUser, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or those in `ids`); returns how many changed."""
    unread = Notification.objects.filter(Q(user=user) & Q(read_at__isnull=True))
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
