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
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BigIntegerField, BooleanField, Case, CharField, Q, QuerySet, Value, When
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
    kind = {"output_field": CharField()}
    vendor_perms = Permission.objects.filter(content_type__app_label="vendors").order_by()
    rows = (
        Group.objects.filter(user=user)
        .values_list(Value(_GROUP, **kind), "name")
        .union(
            vendor_perms.filter(user=user).values_list(Value(_PERMISSION, **kind), "codename"),
            vendor_perms.filter(group__user=user).values_list(Value(_PERMISSION, **kind), "codename"),
        )
    )
    group_names, codenames = set(), set()
    for row_kind, name in rows:
        (group_names if row_kind == _GROUP else codenames).add(name)
    user._vendortrack_vendor_perms = frozenset(f"vendors.{codename}" for codename in codenames)
    return remember_user_roles(user, group_names), user._vendortrack_vendor_perms


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


def can_view_vendor(user: User, vendor: Vendor) -> bool:
    roles = _access(user)[0]
    if not roles:
        return False
    if has_vendor_permission(user, VIEW) or (Role.PROCUREMENT in roles and _procurement_sees_all()):
        return True
    return Role.PROCUREMENT in roles and (vendor.owner_id == user.pk or _granted(user, "view_vendor", vendor))


def can_change_vendor(user: User, vendor: Vendor) -> bool:
    rule = _change_rule(user)
    if isinstance(rule, bool):
        return rule
    return vendor.owner_id == user.pk or _granted(user, "change_vendor", vendor)


def may_change_expression(user: User) -> Value | Case:
    """Whether `user` may change each vendor of a query, as an annotation: a page that reads one vendor learns it in
    the same statement instead of asking can_change_vendor afterwards (one query fewer for procurement)."""
    rule = _change_rule(user)
    if isinstance(rule, bool):
        return Value(rule)
    # CASE rather than the bare condition: a vendor without an owner would make it NULL instead of false.
    return Case(When(rule, then=Value(True)), default=Value(False), output_field=BooleanField())


def _change_rule(user: User) -> bool | Q:
    """Who may change vendors (see the module docstring): everyone's, no one's, or the vendors the condition
    selects (procurement: owned, or assigned with change rights)."""
    roles = _access(user)[0]
    if not roles:
        return False
    if has_vendor_permission(user, CHANGE):
        return True
    if Role.PROCUREMENT not in roles:
        return False
    return Q(owner=user) | Q(pk__in=_granted_vendor_ids(user, "change_vendor"))


def _granted(user: AbstractBaseUser, codename: str, vendor: Vendor) -> bool:
    """Whether `user` or one of their groups holds the object permission on `vendor`: one query, where
    user.has_perm(perm, vendor) reads the user's and the groups' grants in two."""
    return Vendor.objects.filter(pk=vendor.pk, pk__in=_granted_vendor_ids(user, codename)).exists()


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
