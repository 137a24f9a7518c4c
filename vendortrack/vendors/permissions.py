"""Who may see and change which vendor: the one place vendor access is decided.

Rules (also in docs/domain.md):
- Nobody without a role (see vendortrack/accounts/roles.py) sees anything, whatever object permissions they hold.
- Legal, Compliance, Auditor and Admin see every vendor: their groups hold the global `vendors.view_vendor`.
- Procurement sees the vendors it owns (Vendor.owner) or is assigned to: guardian object permission
  `view_vendor` granted to the user or to one of their groups (`vendor_grant`). With
  settings.VENDOR_VISIBILITY = "all" (default "assigned") procurement sees every vendor, but still changes only
  the ones it owns or is assigned to with change rights.
- Changing a vendor (and its children): Admin (global `vendors.change_vendor`), or Procurement as owner or with
  the object permission `change_vendor`. Legal, Compliance and Auditor never change a vendor profile.
- A vendor the user may not see and a vendor that does not exist look the same: 404.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from vendortrack.accounts.roles import Role, user_roles
from vendortrack.vendors.models import Vendor

User = AbstractBaseUser | AnonymousUser
VIEW = "vendors.view_vendor"
CHANGE = "vendors.change_vendor"


def _procurement_sees_all() -> bool:
    return getattr(settings, "VENDOR_VISIBILITY", "assigned") == "all"


def vendors_visible_to(user: User, *, queryset: QuerySet[Vendor] | None = None) -> QuerySet[Vendor]:
    """The vendors `user` may see, as one SQL query (owner OR guardian object permission, by subquery)."""
    vendors = queryset if queryset is not None else Vendor.objects.all()
    roles = user_roles(user)
    if not roles:
        return vendors.none()
    if user.has_perm(VIEW) or (Role.PROCUREMENT in roles and _procurement_sees_all()):
        return vendors
    if Role.PROCUREMENT not in roles:
        return vendors.none()
    assigned = get_objects_for_user(user, VIEW, klass=Vendor, accept_global_perms=False, with_superuser=False).values(
        "pk"
    )
    return vendors.filter(Q(owner=user) | Q(pk__in=assigned))


def can_view_vendor(user: User, vendor: Vendor) -> bool:
    roles = user_roles(user)
    if not roles:
        return False
    if user.has_perm(VIEW) or (Role.PROCUREMENT in roles and _procurement_sees_all()):
        return True
    return Role.PROCUREMENT in roles and (vendor.owner_id == user.pk or user.has_perm(VIEW, vendor))


def can_change_vendor(user: User, vendor: Vendor) -> bool:
    roles = user_roles(user)
    if not roles:
        return False
    if user.has_perm(CHANGE):
        return True
    return Role.PROCUREMENT in roles and (vendor.owner_id == user.pk or user.has_perm(CHANGE, vendor))


def get_vendor_for_user(
    user: User, public_id: uuid.UUID | str, *, for_change: bool = False, queryset: QuerySet[Vendor] | None = None
) -> Vendor:
    """The vendor with `public_id` if `user` may see it; Http404 otherwise, PermissionDenied if they may see but
    `for_change` and may not change it. `queryset` lets the caller add select_related/prefetches."""
    try:
        vendor = vendors_visible_to(user, queryset=queryset).filter(public_id=public_id).first()
    except (ValidationError, ValueError) as error:
        raise Http404("No such vendor.") from error
    if vendor is None:
        raise Http404("No such vendor.")
    if for_change and not can_change_vendor(user, vendor):
        raise PermissionDenied("You may view this vendor but not change it.")
    return vendor


def _grantee(user: AbstractBaseUser | None, group: Group | None) -> AbstractBaseUser | Group:
    if (user is None) == (group is None):
        raise ValueError("Give exactly one of user or group.")
    return user if user is not None else group


def vendor_grant(
    vendor: Vendor, *, user: AbstractBaseUser | None = None, group: Group | None = None, can_change: bool = True
) -> None:
    """Assign `vendor` to a user or group: view, and change unless `can_change` is False."""
    grantee = _grantee(user, group)
    assign_perm(VIEW, grantee, vendor)
    if can_change:
        assign_perm(CHANGE, grantee, vendor)
    else:
        remove_perm(CHANGE, grantee, vendor)


def vendor_revoke(vendor: Vendor, *, user: AbstractBaseUser | None = None, group: Group | None = None) -> None:
    """Take an assignment away (ownership is changed on the vendor itself)."""
    grantee = _grantee(user, group)
    remove_perm(VIEW, grantee, vendor)
    remove_perm(CHANGE, grantee, vendor)
