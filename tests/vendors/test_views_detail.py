"""The vendor page: everything a reviewer needs at a glance, and write controls only for people who may write."""

import pytest
from django.urls import reverse

from tests.factories import VendorFactory
from tests.vendors.web import make_people, make_vendor

pytestmark = pytest.mark.django_db


def _page(client, user, vendor) -> str:
    client.force_login(user)
    response = client.get(reverse("vendors:detail", kwargs={"public_id": vendor.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_each_facts_source_and_age(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)

    html = _page(client, people.owner, vendor)

    assert "Confirmed 134 days ago from RFI answer · RFI 2025-03 question 4" in html
    assert "No source recorded" in html


def test_it_puts_the_blockers_on_top(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)

    html = _page(client, people.owner, vendor)

    assert "1 blocker stops use of this vendor" in html
    assert "PHI would reach File storage, which the BAA does not cover." in html
    assert html.index("blocker stops use") < html.index("Services")


def test_it_warns_when_a_service_in_use_is_outside_the_soc2_scope(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner, services=2)

    html = _page(client, people.owner, vendor)

    assert "The newest SOC 2 report does not cover <strong>Acme Speech service 1</strong>" in html
    assert "Acme Speech service 0</strong>, which" not in html


def test_it_shows_cuecs_with_their_owner_and_the_subprocessor_window(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)

    html = _page(client, people.owner, vendor)

    assert "1 user-entity control" in html
    assert "Acme Speech Cloud Host" in html
    assert "Jan 15, 2024 – now" in html


def test_it_shows_recent_activity_with_links_to_the_full_trail_and_csv(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)

    html = _page(client, people.owner, vendor)

    assert reverse("vendors:audit", kwargs={"public_id": vendor.public_id}) in html
    assert reverse("vendors:audit_csv", kwargs={"public_id": vendor.public_id}) in html
    assert "added" in html


@pytest.mark.parametrize("role", ["legal", "compliance", "auditor"])
def test_read_only_roles_see_no_write_controls(client, role):
    people = make_people()
    vendor = make_vendor(owner=people.owner)

    html = _page(client, getattr(people, role), vendor)

    assert reverse("vendors:edit", kwargs={"public_id": vendor.public_id}) not in html
    assert reverse("vendors:evidence_upload", kwargs={"public_id": vendor.public_id}) not in html
    assert "Delete" not in html


def test_the_owner_sees_write_controls(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)

    html = _page(client, people.owner, vendor)

    assert reverse("vendors:edit", kwargs={"public_id": vendor.public_id}) in html
    assert reverse("vendors:risk", kwargs={"public_id": vendor.public_id}) in html


def test_an_unassigned_procurement_user_gets_404_as_for_a_vendor_that_does_not_exist(client):
    people = make_people()
    vendor = VendorFactory(owner=people.owner)
    client.force_login(people.stranger)

    response = client.get(reverse("vendors:detail", kwargs={"public_id": vendor.public_id}))

    assert response.status_code == 404
    assert vendor.name not in response.content.decode()
