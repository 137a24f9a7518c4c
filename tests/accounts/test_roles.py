"""The role groups created by the data migration and the roles of a user."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory
from vendortrack.accounts.roles import Role, user_roles

pytestmark = pytest.mark.django_db


def codenames(role):
    return set(Group.objects.get(name=role.value).permissions.values_list("codename", flat=True))


def test_the_migration_creates_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_procurement_adds_and_changes_vendor_children_but_has_no_global_vendor_view():
    granted = codenames(Role.PROCUREMENT)
    assert {"add_vendor", "add_aiservice", "change_aiservice", "delete_endpoint", "change_securityevidence"} <= granted
    assert "view_vendor" not in granted and "change_vendor" not in granted and "delete_vendor" not in granted


def test_legal_and_compliance_view_vendors_and_change_nothing():
    for role in (Role.LEGAL, Role.COMPLIANCE):
        vendor_perms = {code for code in codenames(role) if not code.startswith(("add_agreement", "change_agreement"))}
        assert "view_vendor" in vendor_perms
        assert not any(code.startswith(("change_", "delete_")) and "vendor" in code for code in vendor_perms)


def test_the_auditor_views_everything_and_changes_nothing():
    granted = codenames(Role.AUDITOR)
    assert {"view_vendor", "view_aiservice", "view_logentry"} <= granted
    assert all(code.startswith("view_") for code in granted)


def test_admin_holds_everything_but_cannot_edit_the_audit_log():
    granted = codenames(Role.ADMIN)
    assert {"delete_vendor", "change_user", "view_logentry"} <= granted
    assert "change_logentry" not in granted and "delete_logentry" not in granted


def test_user_roles_reads_the_groups_and_makes_a_superuser_an_admin():
    assert user_roles(UserFactory(roles=[Role.LEGAL, Role.COMPLIANCE])) == {Role.LEGAL, Role.COMPLIANCE}
    assert user_roles(UserFactory(is_superuser=True)) == {Role.ADMIN}
    assert user_roles(UserFactory()) == frozenset()
