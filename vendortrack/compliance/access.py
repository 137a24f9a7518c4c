"""Who may do what in compliance: the one place these rules are decided.

- Reading the schedule, reviews and the dashboard follows vendor visibility (vendors.permissions): a person sees the
  events and reviews of the vendors they may see; no role, nothing.
- Opening, editing and signing off reviews, and marking events done, is for Compliance (and Admin). Legal, the
  Auditor and Procurement read.
- A review or event the user may not see and one that does not exist look the same: 404.
"""

import uuid

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from vendortrack.accounts.roles import Role, user_roles
from vendortrack.compliance.models import QuarterlyReview, ReviewEvent
from vendortrack.vendors.permissions import vendors_visible_to

User = AbstractBaseUser | AnonymousUser
REVIEWER_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN})


def can_review(user: User) -> bool:
    return bool(user_roles(user) & REVIEWER_ROLES)


def _of_visible_vendors(user: User, rows: QuerySet) -> QuerySet:
    """`rows` (which have a vendor) limited to the vendors `user` may see.

    Someone who sees every vendor (compliance, legal, the auditor) gets `rows` unfiltered: "vendor in every vendor"
    adds nothing but a join, and that join kept the dashboard's count of open events off the index that answers it.
    """
    visible = vendors_visible_to(user)
    if not visible.query.has_filters():
        return rows
    return rows.filter(vendor__in=visible.values("pk"))


def events_visible_to(user: User, *, queryset: QuerySet[ReviewEvent] | None = None) -> QuerySet[ReviewEvent]:
    return _of_visible_vendors(user, queryset if queryset is not None else ReviewEvent.objects.all())


def reviews_visible_to(user: User) -> QuerySet[QuarterlyReview]:
    return _of_visible_vendors(user, QuarterlyReview.objects.all())


def _one(queryset: QuerySet, public_id: uuid.UUID | str, what: str) -> object:
    try:
        found = queryset.filter(public_id=public_id).first()
    except (ValidationError, ValueError) as error:
        raise Http404(f"No such {what}.") from error
    if found is None:
        raise Http404(f"No such {what}.")
    return found


def review_for_user(user: User, public_id: uuid.UUID | str, *, for_change: bool = False) -> QuarterlyReview:
    review = _one(reviews_visible_to(user).select_related("vendor", "signed_off_by", "event"), public_id, "review")
    if for_change and not can_review(user):
        raise PermissionDenied("Only compliance can change a review.")
    return review


def event_for_user(user: User, public_id: uuid.UUID | str, *, for_change: bool = False) -> ReviewEvent:
    event = _one(events_visible_to(user).select_related("vendor"), public_id, "event")
    if for_change and not can_review(user):
        raise PermissionDenied("Only compliance can close a deadline.")
    return event
