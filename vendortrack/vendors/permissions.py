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
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import BigIntegerField, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from vendortrack.accounts.roles import Role, remember_user_roles, user_roles
from vendortrack.vendors.models import Vendor

User = AbstractBaseUser | AnonymousUser
VIEW = "vendors.view_vendor"
CHANGE = "vendors.change_vendor"


def _procurement_sees_all() -> bool:
    return getattr(settings, "VENDOR_VISIBILITY", "assigned") == "all"


def has_vendor_permission(user: User, perm: str) -> bool:
    """Whether `user` holds the model-level permission `perm` ("vendors.<codename>") through their own permissions
    or a group's, as ModelBackend decides it. Read with the user's roles in one query per request (`_access`),
    where user.has_perm() and user_roles() take three; both vendor pages ask on every request."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return perm in _access(user)[1]


_GROUP, _PERMISSION = "group", "permission"


def _access(user: User) -> tuple[frozenset[Role], frozenset[str]]:
    """The roles of `user` and the vendor permissions they hold, from one UNION query of their group names, their
    own permissions and their groups' permissions; kept on the user object for the rest of the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset(), frozenset()
    cached = getattr(user, "_vendortrack_vendor_perms", None)
    if cached is not None:
        return user_roles(user), cached
    group_names, codenames = set(), set()
    with connection.cursor() as cursor:
        cursor.execute(_access_sql(), {"user": user.pk, "app": "vendors"})
        for row_kind, name in cursor.fetchall():
            (group_names if row_kind == _GROUP else codenames).add(name)
    user._vendortrack_vendor_perms = frozenset(f"vendors.{codename}" for codename in codenames)
    return remember_user_roles(user, group_names), user._vendortrack_vendor_perms


@cache
def _access_sql() -> str:
    """The query of `_access`, written once per process from the models' tables. Every page asks it, and building
    the same three-part UNION through the ORM took longer than running it (about 1.5 ms of each request)."""
    user_model = get_user_model()
    user_groups = user_model.groups.through._meta
    user_permissions = user_model.user_permissions.through._meta
    group_permissions = Group.permissions.through._meta
    user_column = user_model._meta.model_name + "_id"
    q = connection.ops.quote_name
    return f"""
        SELECT '{_GROUP}', g.name FROM {q(Group._meta.db_table)} g
        JOIN {q(user_groups.db_table)} ug ON ug.group_id = g.id
        WHERE ug.{q(user_column)} = %(user)s
        UNION
        SELECT '{_PERMISSION}', p.codename FROM {q(Permission._meta.db_table)} p
        JOIN {q(ContentType._meta.db_table)} ct ON ct.id = p.content_type_id
        JOIN {q(user_permissions.db_table)} up ON up.permission_id = p.id
        WHERE ct.app_label = %(app)s AND up.{q(user_column)} = %(user)s
        UNION
        SELECT '{_PERMISSION}', p.codename FROM {q(Permission._meta.db_table)} p
        JOIN {q(ContentType._meta.db_table)} ct ON ct.id = p.content_type_id
        JOIN {q(group_permissions.db_table)} gp ON gp.permission_id = p.id
        JOIN {q(user_groups.db_table)} ug ON ug.group_id = gp.group_id
        WHERE ct.app_label = %(app)s AND ug.{q(user_column)} = %(user)s
    """  # noqa: S608 - table names from the models, values as parameters  # nosec B608


def vendors_visible_to(user: User, *, queryset: QuerySet[Vendor] | None = None) -> QuerySet[Vendor]:
    """The vendors `user` may see, as one SQL query (owner OR guardian object permission, by subquery)."""
    vendors = queryset if queryset is not None else Vendor.objects.all()
    roles = _access(user)[0]
    if not roles:
        return vendors.none()
    if has_vendor_permission(user, VIEW) or (Role.PROCUREMENT in roles and _procurement_sees_all()):
        return vendors
    if Role.PROCUREMENT not in roles:
        return vendors.none()
    # One set of ids (owned, granted to the user, granted to a group) rather than `owner OR id IN (grants)`: the OR
    # made PostgreSQL test every vendor of the portfolio against the grants, where the set is joined by primary key.
    owned = Vendor.objects.filter(owner=user).order_by().values_list("pk")
    return vendors.filter(pk__in=owned.union(_granted_vendor_ids(user, "view_vendor"), all=True))


def vendor_visibility_scope(user: User) -> str:
    """Whom `user` sees the same vendors as, following vendors_visible_to: "all", "none", or "user:<id>" for
    procurement seeing what it owns or is assigned to. A cached list keyed on it is shared within the scope."""
    roles = _access(user)[0]
    if not roles:
        return "none"
    if has_vendor_permission(user, VIEW) or (Role.PROCUREMENT in roles and _procurement_sees_all()):
        return "all"
    if Role.PROCUREMENT not in roles:
        return "none"
    return f"user:{user.pk}"


def _granted_vendor_ids(user: AbstractBaseUser, codename: str) -> QuerySet:
    """The ids of the vendors on which `user` or one of their groups holds the object permission `codename`.

    guardian keeps object ids as text; its own get_objects_for_user compares them with every vendor's id cast to
    text, which reads the whole vendor table once per grant table (three scans per list query on 5,000 vendors).
    Cast on the grant side instead, where the rows are few and all of them vendor ids, so the vendor side keeps its
    primary key index. One UNION of the user's and their groups' grants.
    """
    vendor_type = ContentType.objects.get_for_model(Vendor)
    as_id = Cast("object_pk", BigIntegerField())
    by_user = UserObjectPermission.objects.filter(
        user=user, content_type=vendor_type, permission__codename=codename
    ).values_list(as_id)
    by_group = GroupObjectPermission.objects.filter(
        group__user=user, content_type=vendor_type, permission__codename=codename
    ).values_list(as_id)
    return by_user.union(by_group, all=True)


@dataclass(frozen=True)
class VendorAccess:
    view: bool
    change: bool


NO_ACCESS = VendorAccess(view=False, change=False)


def vendor_access(user: User, vendor: Vendor) -> VendorAccess:
    """Whether `user` may see and change `vendor`, by the rules of the module docstring, in at most one query: the
    grants on this one vendor, read only for procurement on a vendor it does not own."""
    roles = _access(user)[0]
    if not roles:
        return NO_ACCESS
    view_all = has_vendor_permission(user, VIEW) or (Role.PROCUREMENT in roles and _procurement_sees_all())
    change_all = has_vendor_permission(user, CHANGE)
    if Role.PROCUREMENT not in roles or (view_all and change_all):
        return VendorAccess(view=view_all, change=change_all)
    if vendor.owner_id == user.pk:
        return VendorAccess(view=True, change=True)
    grants = _grants_on(user, vendor)
    return VendorAccess(view=view_all or "view_vendor" in grants, change=change_all or "change_vendor" in grants)


def _grants_on(user: AbstractBaseUser, vendor: Vendor) -> frozenset[str]:
    """The codenames of the object permissions `user` or one of their groups holds on `vendor`, in one query."""
    on_vendor = {"user": user.pk, "type": ContentType.objects.get_for_model(Vendor).pk, "object": str(vendor.pk)}
    with connection.cursor() as cursor:
        cursor.execute(_grants_sql(), on_vendor)
        return frozenset(codename for (codename,) in cursor.fetchall())


@cache
def _grants_sql() -> str:
    """The query of `_grants_on`, written once per process like `_access_sql` (the ORM took 2 ms to build it)."""
    user_model = get_user_model()
    user_groups = user_model.groups.through._meta
    user_column = user_model._meta.model_name + "_id"
    grant_user_column = UserObjectPermission._meta.get_field("user").column
    q = connection.ops.quote_name
    permissions = q(Permission._meta.db_table)
    return f"""
        SELECT p.codename FROM {q(UserObjectPermission._meta.db_table)} o
        JOIN {permissions} p ON p.id = o.permission_id
        WHERE o.{q(grant_user_column)} = %(user)s AND o.content_type_id = %(type)s AND o.object_pk = %(object)s
        UNION
        SELECT p.codename FROM {q(GroupObjectPermission._meta.db_table)} o
        JOIN {permissions} p ON p.id = o.permission_id
        JOIN {q(user_groups.db_table)} ug ON ug.group_id = o.group_id
        WHERE ug.{q(user_column)} = %(user)s AND o.content_type_id = %(type)s AND o.object_pk = %(object)s
    """  # noqa: S608 - table names from the models, values as parameters  # nosec B608


def can_view_vendor(user: User, vendor: Vendor) -> bool:
    return vendor_access(user, vendor).view


def can_change_vendor(user: User, vendor: Vendor) -> bool:
    return vendor_access(user, vendor).change


def get_vendor_for_user(
    user: User, public_id: uuid.UUID | str, *, for_change: bool = False, queryset: QuerySet[Vendor] | None = None
) -> Vendor:
    """The vendor with `public_id` if `user` may see it; Http404 otherwise, PermissionDenied if they may see but
    `for_change` and may not change it. `queryset` lets the caller add select_related/prefetches and annotations.
    The vendor gets `can_change`, whether `user` may change it.

    The vendor is read by its public id, then checked (vendor_access): two plain queries at most, where filtering
    by the visible set in SQL made PostgreSQL plan a union of grants for every page of a procurement user."""
    try:
        vendor = (queryset if queryset is not None else Vendor.objects.all()).filter(public_id=public_id).first()
    except (ValidationError, ValueError) as error:
        raise Http404("No such vendor.") from error
    access = vendor_access(user, vendor) if vendor is not None else NO_ACCESS
    if not access.view:
        raise Http404("No such vendor.")
    if for_change and not access.change:
        raise PermissionDenied("You may view this vendor but not change it.")
    vendor.can_change = access.change
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
