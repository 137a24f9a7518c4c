"""The audit trail: what is recorded, how a vendor's trail is read, the CSV export, and that it is append-only."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry

from tests.factories import AIServiceFactory, EndpointFactory, UserFactory, VendorFactory
from vendortrack.accounts.roles import Role
from vendortrack.vendors.audit import (
    CSV_HEADER,
    audit_trail_csv_rows,
    entry_changes,
    vendor_audit_trail,
    with_related_names,
)
from vendortrack.vendors.models import Answer, VendorStatus

pytestmark = pytest.mark.django_db


def test_a_change_is_recorded_with_its_actor_and_before_and_after():
    buyer = UserFactory(username="pat", roles=[Role.PROCUREMENT])
    service = AIServiceFactory(baa_signed=Answer.UNKNOWN)
    with set_actor(buyer):
        service.baa_signed = Answer.YES
        service.save()
    entry = vendor_audit_trail(service.vendor).first()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == buyer
    changes = entry_changes(entry)
    assert [(c.field, c.before, c.after) for c in changes] == [("baa signed", "Unknown", "Yes")]


def test_the_trail_holds_the_vendor_and_its_children_newest_first_and_nothing_else(django_assert_num_queries):
    vendor = VendorFactory(name="Acme AI")
    service = AIServiceFactory(vendor=vendor, name="Chat")
    EndpointFactory(service=service, name="Files")
    AIServiceFactory(name="Someone else's service")
    vendor.status = VendorStatus.APPROVED
    vendor.save()
    with django_assert_num_queries(1):
        entries = list(vendor_audit_trail(vendor))
        [entry.actor for entry in entries]
        [entry.content_type.model for entry in entries]
    assert [entry.object_repr for entry in entries] == ["Acme AI", "Files", "Chat", "Acme AI"]


def test_a_deleted_child_stays_in_the_vendors_trail():
    service = AIServiceFactory(name="Retired API")
    vendor = service.vendor
    service.delete()
    entry = vendor_audit_trail(vendor).first()
    assert (entry.action, entry.object_repr) == (LogEntry.Action.DELETE, "Retired API")


def test_the_csv_has_one_row_per_changed_field_and_names_the_system_when_no_one_acted():
    vendor = VendorFactory(name="Acme AI", status=VendorStatus.EVALUATING)
    vendor.status = VendorStatus.REJECTED
    vendor.save()
    rows = list(audit_trail_csv_rows(vendor_audit_trail(vendor)))
    assert rows[0] == CSV_HEADER
    update = [row for row in rows[1:] if row[2] == "update"]
    assert len(update) == 1
    timestamp, actor, action, object_type, obj, field, before, after = update[0]
    assert (actor, object_type, obj, field, before, after) == (
        "system",
        "vendor",
        "Acme AI",
        "status",
        "Evaluating",
        "Rejected",
    )
    assert "T" in timestamp


def test_a_changed_reference_shows_the_names_of_what_it_pointed_to(django_assert_num_queries):
    before, after = UserFactory(username="ana.buyer"), UserFactory(username="ben.buyer")
    vendor = VendorFactory(name="Acme AI", owner=before)
    vendor.owner = after
    vendor.save()
    entries = list(vendor_audit_trail(vendor))

    with django_assert_num_queries(1):  # the users, whatever the number of entries
        named = with_related_names(entries)

    change = next(c for c in entry_changes(named[0]) if c.field == "owner")
    assert (change.before, change.after) == ("ana.buyer", "ben.buyer")
    rows = [row for row in audit_trail_csv_rows(vendor_audit_trail(vendor)) if row[5] == "owner"]
    assert [row[6:] for row in rows] == [("ana.buyer", "ben.buyer"), ("", "ana.buyer")]  # newest first


def test_a_reference_to_an_object_deleted_since_shows_its_id_as_gone():
    gone = UserFactory(username="left.company")
    vendor = VendorFactory(name="Acme AI", owner=gone)
    vendor.owner = UserFactory(username="stays")
    vendor.save()
    gone_id = gone.pk
    gone.delete()

    entry = with_related_names(vendor_audit_trail(vendor).filter(action=LogEntry.Action.UPDATE)[:1])[0]

    change = next(c for c in entry_changes(entry) if c.field == "owner")
    assert (change.before, change.after) == (f"#{gone_id} (no longer exists)", "stays")


def test_the_admin_cannot_change_or_delete_audit_entries(client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    VendorFactory()
    entry = LogEntry.objects.first()
    client.force_login(admin)
    assert client.get(f"/admin/auditlog/logentry/{entry.pk}/delete/").status_code == 403
    client.post(f"/admin/auditlog/logentry/{entry.pk}/change/", {"object_repr": "forged"})
    entry.refresh_from_db()
    assert entry.object_repr != "forged"
    listing = client.get("/admin/auditlog/logentry/")
    assert listing.status_code == 200
    assert b'value="delete_selected"' not in listing.content
