"""Reminders at each offset exactly once, through repeated runs, retries, downtime and preferences."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from tests.compliance.conftest import TODAY, at
from tests.factories import SecurityEvidenceFactory, UserFactory, VendorFactory
from vendortrack.accounts.roles import Role
from vendortrack.compliance.models import (
    DeliveryMode,
    EventKind,
    Notification,
    NotificationPreference,
    ReminderDelivery,
    ReminderRun,
    ReviewEvent,
)
from vendortrack.compliance.reminders import (
    CLAIM_EXPIRES,
    notifications_mark_read,
    reminder_offset,
    reminders_send,
    unread_count,
)
from vendortrack.compliance.tasks import compliance_daily
from vendortrack.vendors.models import VendorStatus

OFFSETS = (90, 60, 30, 7, 0)


def _day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (120, None),
        (91, None),
        (90, 90),
        (61, 90),
        (60, 60),
        (31, 60),
        (30, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, 0),
        (-1, 0),
        (-6, 0),
        (-7, -7),
        (-13, -7),
        (-14, -14),
        (-30, -28),
    ],
)
def test_the_reminder_due_is_the_latest_offset_reached_then_weekly_when_overdue(days_left, expected):
    due = TODAY + datetime.timedelta(days=days_left)

    assert reminder_offset(due_on=due, today=TODAY, offsets=OFFSETS) == expected


def _event(due_on: datetime.date, title: str = "SOC 2 refresh", vendor=None) -> ReviewEvent:
    return ReviewEvent.objects.create(
        vendor=vendor or VendorFactory(status=VendorStatus.APPROVED),
        kind=EventKind.SOC2_REFRESH,
        key=f"soc2_refresh:{title}",
        title=title,
        due_on=due_on,
    )


def _compliance(username: str = "carol"):
    return UserFactory(username=username, roles=[Role.COMPLIANCE])


def _run(clock, day: datetime.date, token: str):
    clock.move_to(at(day))
    return reminders_send(claim_token=token)


@pytest.mark.django_db
def test_each_offset_is_sent_exactly_once_through_two_runs_a_day_and_a_retry(clock):
    carol = _compliance()
    event = _event(_day(90))

    # Each reminder point, the day before it and the day after it: every boundary, without walking 106 days.
    days_left = sorted({p + shift for p in (90, 60, 30, 7, 0, -7, -14) for shift in (1, 0, -1)}, reverse=True)
    for left in days_left:
        day = _day(90 - left)
        if day == _day(60):
            with mock.patch.object(EmailBackend, "send_messages", side_effect=OSError("SMTP down")):
                with pytest.raises(OSError):
                    _run(clock, day, f"{day}-a")
            _run(clock, day, f"{day}-a")  # the retry keeps its task id, so its claim
        else:
            _run(clock, day, f"{day}-a")
        _run(clock, day, f"{day}-b")  # a second beat the same day

    sent = ReminderDelivery.objects.filter(event=event, recipient=carol)
    assert sorted(sent.values_list("offset_days", flat=True)) == [-14, -7, 0, 7, 30, 60, 90]
    assert not sent.filter(sent_at__isnull=True).exists()
    assert len(mail.outbox) == 7
    assert all(message.to == [carol.email] for message in mail.outbox)
    assert "due in 90 days" in mail.outbox[0].subject
    assert "due today" in mail.outbox[4].subject
    assert Notification.objects.filter(user=carol).count() == 7


@pytest.mark.django_db
def test_the_celery_task_syncs_and_sends_once_when_run_twice(clock):
    _compliance()
    vendor = VendorFactory(status=VendorStatus.APPROVED)
    SecurityEvidenceFactory(vendor=vendor, period_start=_day(-700), period_end=datetime.date(2024, 6, 2))

    first = compliance_daily.apply().get()
    second = compliance_daily.apply().get()

    assert first["sent"] == 2  # the SOC 2 refresh and the bridge letter, both due today
    assert second["sent"] == 0
    assert len(mail.outbox) == 1  # the first run ever is a catch-up: one digest


@pytest.mark.django_db
def test_after_a_ten_day_gap_each_person_gets_one_digest_not_a_flood(clock):
    carol, dave = _compliance("carol"), _compliance("dave")
    vendor = VendorFactory(status=VendorStatus.APPROVED)
    _run(clock, TODAY, "day-0")
    for index, offset in enumerate((12, 35, 70, 95, 150)):
        _event(_day(offset), title=f"Deadline {index}", vendor=vendor)

    result = _run(clock, _day(10), "day-10")

    assert result.catch_up is True
    assert result.sent == 8  # four events reached an offset, for two people
    assert sorted(message.to[0] for message in mail.outbox) == [carol.email, dave.email]
    digest = mail.outbox[0]
    assert "digest" in digest.subject
    assert "brings you up to date" in digest.body
    assert digest.body.count(vendor.name) == 4
    assert Notification.objects.filter(user=carol).count() == 4


@pytest.mark.django_db
def test_the_day_after_a_catch_up_sends_one_e_mail_per_reminder_again(clock):
    _compliance()
    _run(clock, TODAY, "day-0")
    _run(clock, _day(1), "day-1")
    _event(_day(30), title="A")
    _event(_day(7), title="B")

    result = _run(clock, _day(2), "day-2")

    assert result.catch_up is False
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_person_who_chose_the_daily_digest_gets_one_e_mail(clock):
    carol, dave = _compliance("carol"), _compliance("dave")
    NotificationPreference.objects.create(user=carol, mode=DeliveryMode.DAILY_DIGEST)
    ReminderRun.objects.create(day=_day(-1), finished_at=at(_day(-1)))
    _event(_day(30), title="A")
    _event(_day(7), title="B")

    _run(clock, TODAY, "day-0")

    assert [m.to[0] for m in mail.outbox].count(carol.email) == 1
    assert [m.to[0] for m in mail.outbox].count(dave.email) == 2


@pytest.mark.django_db
def test_a_person_who_turned_e_mail_off_still_gets_the_notification(clock):
    carol = _compliance()
    NotificationPreference.objects.create(user=carol, email=False)
    _event(TODAY)

    _run(clock, TODAY, "day-0")

    assert mail.outbox == []
    assert unread_count(carol) == 1


@pytest.mark.django_db
def test_a_claim_abandoned_by_a_dead_run_is_taken_over_later(clock):
    carol = _compliance()
    event = _event(TODAY)
    ReminderDelivery.objects.create(
        event=event, due_on=TODAY, offset_days=0, recipient=carol, claim_token="dead", claimed_at=at(TODAY, 8)
    )

    clock.move_to(at(TODAY, 8) + CLAIM_EXPIRES / 2)
    early = reminders_send(claim_token="second")
    clock.move_to(at(TODAY, 8) + CLAIM_EXPIRES * 2)
    late = reminders_send(claim_token="third")

    assert (early.sent, late.sent) == (0, 1)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_moved_deadline_is_reminded_again_for_its_new_date(clock):
    _compliance()
    event = _event(_day(30))
    _run(clock, TODAY, "day-0")
    ReviewEvent.objects.filter(pk=event.pk).update(due_on=_day(60))

    _run(clock, _day(1), "day-1")

    assert sorted(ReminderDelivery.objects.values_list("due_on", "offset_days")) == [(_day(30), 30), (_day(60), 60)]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_nobody_is_reminded_of_an_offboarded_vendor_or_a_done_event(clock):
    _compliance()
    _event(TODAY, vendor=VendorFactory(status=VendorStatus.OFFBOARDED))
    ReviewEvent.objects.filter(pk=_event(TODAY, title="done").pk).update(status="done", completed_at=at(TODAY))

    assert _run(clock, TODAY, "day-0").sent == 0


@pytest.mark.django_db
def test_notifications_count_as_unread_until_marked_read(clock):
    carol = _compliance()
    _event(TODAY, title="A")
    _event(_day(7), title="B")
    _run(clock, TODAY, "day-0")
    first = Notification.objects.filter(user=carol).first()

    notifications_mark_read(user=carol, ids=[first.pk])
    assert unread_count(carol) == 1
    notifications_mark_read(user=carol)
    assert unread_count(carol) == 0
