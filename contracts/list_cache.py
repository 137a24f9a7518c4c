"""The agreement list's table, rendered once per version of what it shows and kept.

The list is the way into every agreement and is asked far more often than agreements change. Its table and
pagination are kept (contracts/stamps.py says why this is exact) under the review pages' stamps
(contracts/review_cache.py): "review-queue" moves with every agreement saved or deleted (title, type, status,
expiry, a new agreement), and the "vendor-list" stamp with every vendor renamed and every change of who sees what.
The key holds the reader's scope, the vendor listed, the query string (the page), and the code that renders it.
The page around the table (the vendor, whether the reader may add an agreement) is read per request.
"""

from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from contracts import selectors
from contracts.review_cache import TOPICS, rendering, review_scope
from contracts.stamps import cached

PAGE_SIZE = 25


def agreement_rows(request: HttpRequest, *, vendor: Model | None) -> SafeString:
    """The table of the agreements `request`'s reader may see (of `vendor`, when given), one page of it."""
    key = (rendering(), review_scope(request.user), vendor.pk if vendor else None, sorted(request.GET.lists()))
    return cached("agreement-list", key, topics=TOPICS, render=lambda: _render(request, vendor))


def _render(request: HttpRequest, vendor: Model | None) -> SafeString:
    agreements = selectors.agreement_list(user=request.user, vendor=vendor)
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    # No request: the table shows nothing of the reader, so the context processors need not run for it.
    return render_to_string("contracts/_agreement_rows.html", {"page": page, "vendor": vendor})
