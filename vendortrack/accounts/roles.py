"""The five roles of VendorTrack, the model permissions each role's group holds, and which roles a user has.

A role is a Django group of the same name. Its model permissions are given by ROLE_GRANTS, read as
"for every model of these apps, these actions". The rules rather than a list of codenames, so that a model added
later (agreements in `contracts`, the audit log) lands in the right groups by the same rule:

- Procurement: add, change and view vendor profiles and their children (services, endpoints, sub-processors,
  evidence, CUECs, use cases, fact sources), and delete the children (inline rows). Deliberately NOT a global
  view or change on Vendor itself: which vendors a procurement user sees is decided per vendor (owner, assignment)
  in vendortrack/vendors/permissions.py.
- Legal: view vendors; add, change and view agreements (contracts app).
- Compliance: view vendors and agreements.
- Auditor: view everything (vendors, contracts, the audit log), change nothing.
- Admin: every permission of these apps and of users and groups; the audit log is view-only for everyone.
"""

import enum
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

VENDOR_APP = "vendors"
CONTRACTS_APP = "contracts"


class Role(enum.StrEnum):
    PROCUREMENT = "Procurement"
    LEGAL = "Legal"
    COMPLIANCE = "Compliance"
    AUDITOR = "Auditor"
    ADMIN = "Admin"


ALL_ACTIONS = ("add", "change", "delete", "view")

# (app label, action, models excluded) per role; see the module docstring for the reasoning.
ROLE_GRANTS: dict[Role, list[tuple[str, str, frozenset[str]]]] = {
    Role.PROCUREMENT: [
        (VENDOR_APP, "add", frozenset()),
        (VENDOR_APP, "change", frozenset({"vendor"})),
        (VENDOR_APP, "view", frozenset({"vendor"})),
        (VENDOR_APP, "delete", frozenset({"vendor"})),
    ],
    Role.LEGAL: [
        (VENDOR_APP, "view", frozenset()),
        (CONTRACTS_APP, "add", frozenset()),
        (CONTRACTS_APP, "change", frozenset()),
        (CONTRACTS_APP, "view", frozenset()),
    ],
    Role.COMPLIANCE: [(VENDOR_APP, "view", frozenset()), (CONTRACTS_APP, "view", frozenset())],
    Role.AUDITOR: [(app, "view", frozenset()) for app in (VENDOR_APP, CONTRACTS_APP, "auditlog")],
    # The audit log is append-only, for the Admin as for everyone: view only.
    Role.ADMIN: [(app, action, frozenset()) for app in (VENDOR_APP, CONTRACTS_APP, "auth") for action in ALL_ACTIONS]
    + [("auditlog", "view", frozenset())],
}


GRANTED_APPS = frozenset(app for grants in ROLE_GRANTS.values() for app, _, _ in grants)


def grant_role_permissions(*, group_model: type, permission_model: type) -> None:
    """Create the role groups and give each the permissions its rules select; safe to run again.

    Takes the models as arguments so that the data migration can pass its historical models.
    """
    for role in Role:
        group, _ = group_model.objects.get_or_create(name=role.value)
        group.permissions.add(*_permissions_for(role, permission_model))


def _permissions_for(role: Role, permission_model: type) -> Iterable:
    for app_label, action, excluded in ROLE_GRANTS[role]:
        for permission in permission_model.objects.filter(
            content_type__app_label=app_label, codename__startswith=f"{action}_"
        ).select_related("content_type"):
            if permission.content_type.model not in excluded:
                yield permission


def sync_role_permissions_after_migrate(sender: object, **kwargs: object) -> None:
    """post_migrate receiver: models added by later migrations land in the role groups by the same rules."""
    from django.contrib.auth.models import Group, Permission

    if getattr(sender, "label", None) in GRANTED_APPS:
        grant_role_permissions(group_model=Group, permission_model=Permission)


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """The roles of an active user; a superuser is an Admin. Cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_vendortrack_roles", None)
    if cached is not None:
        return cached
    return remember_user_roles(user, user.groups.values_list("name", flat=True))


def remember_user_roles(user: AbstractBaseUser, group_names: Iterable[str]) -> frozenset[Role]:
    """The roles the groups `group_names` give an active `user`, cached on it for the request: for a caller that
    reads the group names in the same query as other facts about the user (vendors/permissions.py)."""
    names = set(group_names)
    roles = {role for role in Role if role.value in names}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    user._vendortrack_roles = frozenset(roles)
    return user._vendortrack_roles
