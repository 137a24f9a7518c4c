"""Who sees and changes which vendor, through the access helpers the views call."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, VendorFactory
from vendortrack.accounts.roles import Role, user_roles
from vendortrack.vendors.permissions import (
    can_change_vendor,
    can_view_vendor,
    get_vendor_for_user,
    has_vendor_permission,
    vendor_access,
    vendor_grant,
    vendor_revoke,
    vendors_visible_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return UserFactory(username="buyer", roles=[Role.PROCUREMENT])


@pytest.fixture
def portfolio(buyer):
    return {
        "owned": VendorFactory(name="Owned", owner=buyer),
        "assigned": VendorFactory(name="Assigned"),
        "other": VendorFactory(name="Other"),
    }


def visible_names(user):
    return set(vendors_visible_to(user).values_list("name", flat=True))


def test_procurement_sees_what_it_owns_or_is_assigned_to(buyer, portfolio):
    vendor_grant(portfolio["assigned"], user=buyer)
    assert visible_names(buyer) == {"Owned", "Assigned"}
    assert can_view_vendor(buyer, portfolio["assigned"])
    assert not can_view_vendor(buyer, portfolio["other"])


def test_an_assignment_to_a_group_reaches_its_members(buyer, portfolio):
    team = Group.objects.create(name="Cardiology buyers")
    buyer.groups.add(team)
    vendor_grant(portfolio["other"], group=team, can_change=False)
    buyer = type(buyer).objects.get(pk=buyer.pk)
    assert visible_names(buyer) == {"Owned", "Other"}
    assert not can_change_vendor(buyer, portfolio["other"])


def test_revoking_an_assignment_hides_the_vendor_again(buyer, portfolio):
    vendor_grant(portfolio["assigned"], user=buyer)
    vendor_revoke(portfolio["assigned"], user=buyer)
    buyer = type(buyer).objects.get(pk=buyer.pk)
    assert visible_names(buyer) == {"Owned"}


@pytest.mark.parametrize("role", [Role.LEGAL, Role.COMPLIANCE, Role.AUDITOR, Role.ADMIN])
def test_legal_compliance_auditor_and_admin_see_every_vendor(role, portfolio):
    user = UserFactory(roles=[role])
    assert visible_names(user) == {"Owned", "Assigned", "Other"}


@pytest.mark.parametrize("role", [Role.LEGAL, Role.COMPLIANCE, Role.AUDITOR])
def test_only_procurement_owners_and_admins_change_a_vendor(role, buyer, portfolio):
    reader = UserFactory(roles=[role])
    assert not can_change_vendor(reader, portfolio["owned"])
    assert can_change_vendor(buyer, portfolio["owned"])
    assert can_change_vendor(UserFactory(roles=[Role.ADMIN]), portfolio["other"])
    assert can_change_vendor(UserFactory(is_superuser=True), portfolio["other"])


def test_a_user_without_a_role_sees_nothing_even_with_an_object_permission(portfolio):
    stranger = UserFactory()
    vendor_grant(portfolio["other"], user=stranger)
    assert visible_names(stranger) == set()
    assert not can_view_vendor(stranger, portfolio["other"])
    assert not can_change_vendor(stranger, portfolio["other"])


def test_with_visibility_all_procurement_sees_everything_but_changes_only_its_own(settings, buyer, portfolio):
    settings.VENDOR_VISIBILITY = "all"
    assert visible_names(buyer) == {"Owned", "Assigned", "Other"}
    assert can_view_vendor(buyer, portfolio["other"])
    assert not can_change_vendor(buyer, portfolio["other"])


def test_get_vendor_for_user_hides_existence_behind_404(buyer, portfolio):
    assert get_vendor_for_user(buyer, portfolio["owned"].public_id) == portfolio["owned"]
    for unknown in (portfolio["other"].public_id, uuid.uuid4(), "not-a-uuid", str(portfolio["other"].pk)):
        with pytest.raises(Http404):
            get_vendor_for_user(buyer, unknown)


def test_get_vendor_for_user_refuses_change_to_those_who_may_only_see(buyer, portfolio):
    legal = UserFactory(roles=[Role.LEGAL])
    assert get_vendor_for_user(legal, portfolio["owned"].public_id) == portfolio["owned"]
    with pytest.raises(PermissionDenied):
        get_vendor_for_user(legal, portfolio["owned"].public_id, for_change=True)
    assert get_vendor_for_user(buyer, str(portfolio["owned"].public_id), for_change=True) == portfolio["owned"]


def test_an_inactive_user_sees_nothing(portfolio):
    assert visible_names(UserFactory(roles=[Role.ADMIN], is_active=False)) == set()


def test_visibility_is_one_query_for_procurement(buyer, portfolio, django_assert_max_num_queries):
    vendor_grant(portfolio["assigned"], user=buyer)
    buyer = type(buyer).objects.get(pk=buyer.pk)
    with django_assert_max_num_queries(4):
        assert len(list(vendors_visible_to(buyer))) == 2


OWNED_ASSIGNED_GROUP = {  # what each role may do with the vendor it owns, one assigned to it, one its team may view
    Role.PROCUREMENT: [(True, True), (True, True), (True, False)],
    Role.LEGAL: [(True, False)] * 3,
    Role.AUDITOR: [(True, False)] * 3,
    Role.ADMIN: [(True, True)] * 3,
    None: [(False, False)] * 3,
}


@pytest.mark.parametrize("role", list(OWNED_ASSIGNED_GROUP))
def test_vendor_access_follows_ownership_assignments_and_roles(role, buyer, portfolio):
    team = Group.objects.create(name="Oncology buyers")
    user = UserFactory(roles=[role] if role else [])
    user.groups.add(team)
    vendor_grant(portfolio["assigned"], user=user)
    vendor_grant(portfolio["other"], group=team, can_change=False)
    portfolio["owned"].owner = user
    portfolio["owned"].save()
    user = type(user).objects.get(pk=user.pk)
    vendors = [portfolio["owned"], portfolio["assigned"], portfolio["other"]]

    access = [(vendor_access(user, v).view, vendor_access(user, v).change) for v in vendors]

    assert access == OWNED_ASSIGNED_GROUP[role]
    visible = set(vendors_visible_to(user))
    assert [view for view, _ in access] == [vendor in visible for vendor in vendors]
    assert [change for _, change in access] == [can_change_vendor(user, vendor) for vendor in vendors]


def test_a_vendor_page_reads_a_foreign_vendor_in_two_queries_for_procurement(buyer, portfolio):
    vendor_grant(portfolio["other"], user=buyer, can_change=False)
    buyer = type(buyer).objects.get(pk=buyer.pk)
    has_vendor_permission(buyer, "vendors.view_vendor")  # the roles, read once per request

    with CaptureQueriesContext(connection) as captured:
        vendor = get_vendor_for_user(buyer, portfolio["other"].public_id)

    assert vendor == portfolio["other"] and vendor.can_change is False
    assert len(captured.captured_queries) == 2


def test_roles_and_vendor_permissions_are_one_query_per_request(buyer, portfolio):
    buyer = type(buyer).objects.get(pk=buyer.pk)
    with CaptureQueriesContext(connection) as captured:
        assert vendors_visible_to(buyer).exists()
        assert not has_vendor_permission(buyer, "vendors.view_vendor")
        assert has_vendor_permission(buyer, "vendors.add_vendor")
        assert user_roles(buyer) == {Role.PROCUREMENT}

    # One for the roles and permissions together, one for the visible vendors.
    assert len(captured.captured_queries) == 2
