"""The three things contracts asks of the project that composes it, named by dotted path in settings.

Imports point vendortrack → contracts → clause_library, so contracts cannot import the vendor app. It refers to
vendor models by label (apps.get_model) and, for the behaviours that live in the vendor app, calls a function the
settings name (the project's settings.py sets them all; a test may point them elsewhere):

- CONTRACTS_VISIBLE_VENDORS = "vendortrack.vendors.permissions.vendors_visible_to": `f(user) -> QuerySet[Vendor]`,
  the vendors a user may see. Agreement visibility follows vendor visibility (contracts/access.py).
- CONTRACTS_VENDOR_VISIBILITY_SCOPE = "vendortrack.vendors.permissions.vendor_visibility_scope": `f(user) -> str`,
  whom the user sees the same vendors as ("all", "none" or one user's own), for the review pages' cache keys.
- CONTRACTS_VENDOR_FACTS_CHANGED = "vendortrack.vendors.derived.vendor_refresh_derived": `f(vendor) -> object`,
  called after executing a BAA changes the vendor's services, so its use-case blockers and risk tier update.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.module_loading import import_string


def _setting_callable(name: str) -> Callable[..., Any]:
    # No default: contracts must not know where the composing project keeps these, so a missing one fails loudly.
    return import_string(getattr(settings, name))


def visible_vendors(user: Any) -> QuerySet:
    """The vendors `user` may see, as a queryset (one SQL subquery when used in a filter)."""
    return _setting_callable("CONTRACTS_VISIBLE_VENDORS")(user)


def vendor_visibility_scope(user: Any) -> str:
    """Whom `user` sees the same vendors as: "all" when they see every vendor, otherwise a scope of their own."""
    return _setting_callable("CONTRACTS_VENDOR_VISIBILITY_SCOPE")(user)


def vendor_facts_changed(vendor: Model) -> None:
    """Tell the vendor app that facts of `vendor` changed (its derived blockers and risk must be recomputed)."""
    _setting_callable("CONTRACTS_VENDOR_FACTS_CHANGED")(vendor)
