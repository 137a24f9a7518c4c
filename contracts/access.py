"""Who may see and change which agreement: the one place agreement access is decided.

Decision (see docs/contracts.md):
- Reading follows the vendor: a user sees the agreements (versions, findings) of every vendor they may see, as the
  vendor app decides (contracts/composition.py: CONTRACTS_VISIBLE_VENDORS). So procurement reads the agreements
  of its own vendors, legal, compliance and the auditor read all, a user without a role reads nothing.
- Changing (upload a version, re-run an analysis, decide a finding, execute) needs the global model permission
  `contracts.change_agreement` — the Legal and Admin role groups hold it — on an agreement the user can see.
- Where a deployment assigns specific reviewers, guardian object permissions on one agreement add to that:
  `agreement_grant(agreement, user=...)` gives `view_agreement` (and `change_agreement`) on that agreement alone,
  e.g. to outside counsel who sees no vendor.
- An agreement the user may not see and one that does not exist look the same: 404.
"""

import uuid

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from contracts.composition import visible_vendors
from contracts.models import Agreement

User = AbstractBaseUser | AnonymousUser
VIEW = "contracts.view_agreement"
CHANGE = "contracts.change_agreement"
ADD = "contracts.add_agreement"


def agreements_visible_to(user: User, *, queryset: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """The agreements `user` may see: of a visible vendor, or granted one by one (guardian), in one SQL query."""
    agreements = queryset if queryset is not None else Agreement.objects.all()
    if not user.is_authenticated or not user.is_active:
        return agreements.none()
    vendors = visible_vendors(user)
    if _every_vendor(vendors):
        return agreements
    granted = get_objects_for_user(user, VIEW, klass=Agreement, accept_global_perms=False, with_superuser=False)
    return agreements.filter(Q(vendor__in=vendors.values("pk")) | Q(pk__in=granted.values("pk")))


def _every_vendor(vendors: QuerySet) -> bool:
    """Whether the visible-vendors queryset is the whole table (legal, compliance, the auditor, admin): then every
    agreement is visible, and the visibility and guardian subqueries, which cost the queue more to plan and run
    than its own work, are left out."""
    return not vendors.query.where and not vendors.query.is_empty()


def is_every_agreement(visible: QuerySet[Agreement]) -> bool:
    """Whether `visible`, a queryset of agreements_visible_to, is every agreement (it has no condition at all)."""
    return not visible.query.where


def within(queryset: QuerySet, *, visible: QuerySet[Agreement], path: str) -> QuerySet:
    """`queryset` narrowed to rows whose agreement (reached by `path`) is in `visible`, a queryset of
    agreements_visible_to: no condition at all when `visible` is every agreement, so that the query does not join
    the whole agreement table only to keep all of it."""
    if is_every_agreement(visible):
        return queryset
    return queryset.filter(**{f"{path}__in": visible})


def can_change_agreement(user: User, agreement: Agreement) -> bool:
    """Whether `user`, who can see `agreement`, may upload, decide and execute on it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _holds_globally(user, CHANGE) or user.has_perm(CHANGE, agreement)


def _holds_globally(user: AbstractBaseUser, perm: str) -> bool:
    """Whether `user` holds the model permission `perm` ("contracts.<codename>") themselves or through a group —
    what ModelBackend answers, in one query for every contracts permission rather than its two for all of them,
    kept on the user object for the rest of the request (the agreement and finding pages ask on every request)."""
    if user.is_superuser:
        return True
    held = getattr(user, "_contracts_perms", None)
    if held is None:
        own = Q(user=user) | Q(group__user=user)
        codenames = Permission.objects.filter(own, content_type__app_label="contracts").values_list("codename")
        held = user._contracts_perms = frozenset(f"contracts.{codename}" for (codename,) in codenames.distinct())
    return perm in held


def can_add_agreement(user: User, vendor: Model) -> bool:
    """Whether `user` may add an agreement to `vendor` (which the caller fetched through the visible vendors)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(ADD))


def can_view_agreement(user: User, agreement: Agreement) -> bool:
    """Whether `user` may see `agreement`: the same rule as agreements_visible_to, for one agreement."""
    if not user.is_authenticated or not user.is_active:
        return False
    vendors = visible_vendors(user)
    return _every_vendor(vendors) or vendors.filter(pk=agreement.vendor_id).exists() or user.has_perm(VIEW, agreement)


def agreement_for_user(
    user: User, public_id: uuid.UUID | str, *, for_change: bool = False, queryset: QuerySet[Agreement] | None = None
) -> Agreement:
    """The agreement with `public_id` if `user` may see it; Http404 otherwise, PermissionDenied if they may see it
    but `for_change` and may not change it. `queryset` lets the caller add select_related/prefetches.

    One object is fetched by its unique id and then checked (two simple queries) rather than filtered through the
    visibility subqueries, which cost more to plan than to run."""
    agreements = queryset if queryset is not None else Agreement.objects.all()
    try:
        agreement = agreements.filter(public_id=public_id).first()
    except (ValidationError, ValueError) as error:
        raise Http404("No such agreement.") from error
    return check_agreement_access(user, agreement, for_change=for_change)


def check_agreement_access(user: User, agreement: Agreement | None, *, for_change: bool = False) -> Agreement:
    """`agreement`, fetched by the caller (e.g. joined to a finding of it), if `user` may see it — and change it
    when `for_change`; Http404 for None or an agreement they may not see, PermissionDenied as agreement_for_user."""
    if agreement is None or not can_view_agreement(user, agreement):
        raise Http404("No such agreement.")
    if for_change and not can_change_agreement(user, agreement):
        raise PermissionDenied("You may read this agreement but not change it.")
    return agreement


def vendor_for_user(user: User, public_id: uuid.UUID | str) -> Model:
    """A vendor `user` may see, by public id, for the agreement list and the new-agreement form; Http404 otherwise."""
    try:
        vendor = visible_vendors(user).filter(public_id=public_id).first()
    except (ValidationError, ValueError) as error:
        raise Http404("No such vendor.") from error
    if vendor is None:
        raise Http404("No such vendor.")
    return vendor


def agreement_grant(
    agreement: Agreement, *, user: AbstractBaseUser | None = None, group: Group | None = None, can_change: bool = True
) -> None:
    """Assign one agreement to a reviewer (user or group): view, and change unless `can_change` is False."""
    if (user is None) == (group is None):
        raise ValueError("Give exactly one of user or group.")
    grantee = user if user is not None else group
    assign_perm(VIEW, grantee, agreement)
    if can_change:
        assign_perm(CHANGE, grantee, agreement)
    else:
        remove_perm(CHANGE, grantee, agreement)
