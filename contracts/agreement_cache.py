"""The agreement list's table and the agreement page's reading, kept between the writes they show.

The list is the way into every agreement and the agreement page the way into its review; both are asked far more
often than agreements change. They are kept (contracts/stamps.py says why this is exact) under the review pages'
stamps (contracts/review_cache.py): "review-queue" moves with every agreement, version and finding saved or deleted,
every covered service added or removed, and every write of the analysis; "vendor-list" with every vendor, service
and user renamed and every change of who sees what. The key holds the reader's scope, what was asked (the vendor
listed and the page, or the agreement) and the code that renders it.

What is the reader's own is read per request: on the list the vendor and whether they may add an agreement; on the
agreement page whether they may change it (its forms, with their CSRF token, are rendered per request).
"""

import uuid
from dataclasses import replace

from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from contracts import selectors
from contracts.models import Agreement
from contracts.review_cache import TOPICS, may_decide, rendering, review_scope
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


def agreement_page(request: HttpRequest, *, public_id: uuid.UUID) -> selectors.AgreementPage:
    """Everything the agreement page shows of the agreement `public_id` to `request`'s reader (Http404 as
    contracts.access.agreement_for_user: nothing is kept for a reader who may not see it)."""
    key = (rendering(), review_scope(request.user), str(public_id))

    def decides(agreement: Agreement) -> bool:
        return may_decide(request.user, agreement)

    def read() -> selectors.AgreementPage:
        return selectors.agreement_page(user=request.user, public_id=public_id, can_change=decides)

    kept = cached("agreement-page", key, topics=TOPICS, render=read)
    # Kept with the answer for the reader who read it first; every reader gets their own.
    return replace(kept, can_change=decides(kept.agreement))
