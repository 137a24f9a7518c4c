"""Bulk inserts of plain rows: defaults filled, conflicts skipped when asked, and nothing half-written on error."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from tests.compliance.conftest import TODAY
from tests.factories import VendorFactory
from tests.services import require
from vendortrack.compliance.bulk_insert import insert_rows
from vendortrack.compliance.models import EventKind, EventStatus, ReviewEvent

pytestmark = pytest.mark.django_db
COLUMNS = ("vendor_id", "key", "kind", "title", "due_on")


def _row(vendor_id: int, key: str, due_on: datetime.date = TODAY) -> tuple:
    return (vendor_id, key, EventKind.SOC2_REFRESH, f"Title {key}", due_on)


def test_rows_are_inserted_with_the_defaults_of_the_columns_left_out(clock):
    vendor = VendorFactory()

    insert_rows(ReviewEvent, COLUMNS, [_row(vendor.pk, "a"), _row(vendor.pk, "b", TODAY + datetime.timedelta(days=3))])

    events = list(ReviewEvent.objects.filter(vendor=vendor).order_by("key"))
    assert [(e.key, e.kind, e.title, e.due_on) for e in events] == [
        ("a", "soc2_refresh", "Title a", TODAY),
        ("b", "soc2_refresh", "Title b", TODAY + datetime.timedelta(days=3)),
    ]
    assert all(e.status == EventStatus.OPEN and e.detail == "" and e.completed_at is None for e in events)
    assert events[0].public_id != events[1].public_id
    assert events[0].created_at is not None and events[0].created_at == events[0].updated_at


def test_rows_that_conflict_are_skipped_when_asked_and_the_others_inserted(clock):
    vendor = VendorFactory()
    insert_rows(ReviewEvent, COLUMNS, [_row(vendor.pk, "taken")])

    rows = [_row(vendor.pk, "taken", TODAY.replace(day=9)), _row(vendor.pk, "new")]
    insert_rows(ReviewEvent, COLUMNS, rows, ignore_conflicts=True)

    assert sorted(ReviewEvent.objects.values_list("key", "due_on")) == [("new", TODAY), ("taken", TODAY)]


def test_a_conflict_not_ignored_raises_and_writes_none_of_the_rows(clock):
    vendor = VendorFactory()
    insert_rows(ReviewEvent, COLUMNS, [_row(vendor.pk, "taken")])

    with pytest.raises(IntegrityError):
        insert_rows(ReviewEvent, COLUMNS, [_row(vendor.pk, "new"), _row(vendor.pk, "taken")])

    assert list(ReviewEvent.objects.values_list("key", flat=True)) == ["taken"]


def test_a_required_column_left_out_fails_and_writes_nothing():
    vendor = VendorFactory()

    with pytest.raises(IntegrityError):
        insert_rows(ReviewEvent, ("vendor_id", "key"), [(vendor.pk, "a")])

    assert not ReviewEvent.objects.exists()


def test_the_number_of_statements_does_not_grow_with_the_rows_on_postgresql(clock):
    # SQLite's bulk_create splits a batch by its limit on query parameters; PostgreSQL streams every row in one COPY.
    require(connection.vendor == "postgresql", "one statement for any number of rows is the PostgreSQL path")
    vendors = VendorFactory.create_batch(3)

    def statements(count: int) -> int:
        rows = [_row(vendor.pk, f"k{count}-{n}") for vendor in vendors for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            insert_rows(ReviewEvent, COLUMNS, rows, ignore_conflicts=True)
        return len(captured)

    assert statements(2) == statements(40)
    assert ReviewEvent.objects.count() == 3 * 42
