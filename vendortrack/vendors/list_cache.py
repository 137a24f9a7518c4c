"""The vendor list's results and headline counts, rendered once per version of the portfolio and cached.

Counting and rendering a page of a large portfolio is most of the list's time, yet the portfolio changes a few
times a day and the same pages are asked again and again. The results (count line, table, pagination) and the four
headline numbers are kept under a key holding (see contracts/stamps.py for why this is exact):

- the version of the "vendor-list" stamp, which moves in the transaction of every write the list shows or filters
  on: a vendor, its services and sub-processors (searched by name), its derived facts (derived.py stamps them), a
  user (the owner's name, roles), a group, a role membership, an object permission;
- the reader's visibility scope: everyone who sees every vendor shares one entry, procurement with assigned-only
  visibility has its own;
- the query string as asked (the sort links and pagination repeat it), the time zone (the "Updated" column), and
  the code and templates of the vendor app.

The filter form and the rest of the page around the results are rendered per request, as before.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from guardian.models import GroupObjectPermission, UserObjectPermission

from contracts.stamps import cached, code_version, stamp_on_writes
from vendortrack.vendors import selectors
from vendortrack.vendors.models import AIService, SubProcessor, Vendor
from vendortrack.vendors.permissions import vendor_visibility_scope

TOPIC = "vendor-list"
PAGE_SIZE = 25
RESULTS_TEMPLATE = "vendors/_vendor_results.html"
_APP_DIR = Path(__file__).resolve().parent


class CountedPaginator(Paginator):
    """A paginator told how many items there are: the vendor list counts its matches in the same aggregate query
    as its headline numbers, so the paginator need not run a COUNT of its own."""

    def __init__(self, object_list: QuerySet, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


@dataclass(frozen=True)
class ListedVendors:
    counts: selectors.PortfolioCounts
    results_html: str


def vendor_list_results(request: HttpRequest, filters: selectors.VendorFilters) -> ListedVendors:
    """The headline counts and the rendered results of the list `request` asks for, filtered by `filters`."""
    key = (
        code_version(_APP_DIR),
        vendor_visibility_scope(request.user),
        sorted(request.GET.lists()),
        timezone.get_current_timezone_name(),
    )
    return cached("vendor-list", key, topics=[TOPIC], render=lambda: _render(request, filters))


def _render(request: HttpRequest, filters: selectors.VendorFilters) -> ListedVendors:
    listing = selectors.vendor_listing(user=request.user, filters=filters)
    page = CountedPaginator(listing.vendors, PAGE_SIZE, count=listing.matching).get_page(request.GET.get("page"))
    html = render_to_string(RESULTS_TEMPLATE, {"page": page, "filters": filters}, request=request)
    return ListedVendors(counts=listing.counts, results_html=html)


def stamp_vendor_list_writes() -> None:
    """Connect the writes the list shows to its stamp (called from the app's ready())."""
    user_model = get_user_model()
    stamp_on_writes(
        TOPIC,
        [Vendor, AIService, SubProcessor, user_model, Group, UserObjectPermission, GroupObjectPermission],
        m2m=[user_model.groups.through, user_model.user_permissions.through, Group.permissions.through],
        # Signing in saves the user's last_login alone; the list does not show it.
        unseen_fields=["last_login"],
    )
