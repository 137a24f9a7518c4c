"""The review queue's results and the finding page's shared parts, rendered once per version of what they show.

Legal walks the queue page by page and finding by finding, while the findings change a few times a minute at most:
the same results are asked again and again. They are kept (contracts/stamps.py says why this is exact) under a key
holding:

- the versions of two stamps: "review-queue", which moves in the transaction of every write the queue or a finding
  page shows — a finding saved or deleted (a decision, the admin), a version or an agreement saved or deleted
  (uploads, status and title edits), and every QuerySet.update() and bulk_create() of the analysis and of the
  stored queue facts (contracts/analysis.py and contracts/queue_facts.py stamp them: vendor renames, conflicts,
  the current version) — and "vendor-list", which the vendor app moves on every change of who sees which vendor
  (roles, groups, object permissions, including the agreement grants of contracts/access.py) and of user names;
- the reader's visibility scope (`review_scope`): everyone who sees every agreement shares one entry, anyone else
  has their own (vendor visibility and agreement grants are per person);
- what was asked (the query string, or the finding and the filters), the time zone where dates show, and the code,
  templates and provision catalogue that render it.

What differs between readers of one scope is rendered per request, around what is kept: the filter form, and on
the finding page the decision card (its forms carry the reader's CSRF token; whether they may decide is theirs).
"""

import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

import clause_library
from contracts import review
from contracts.access import CHANGE, User, can_change_agreement
from contracts.composition import vendor_visibility_scope
from contracts.models import Agreement, ClauseFinding, DocumentVersion
from contracts.review_forms import QueueFilterForm, vendor_options
from contracts.stamps import cached, code_version, stamp_changed, stamp_on_writes

TOPIC = "review-queue"
# Moved by the vendor app on every change of who sees what (contracts/stamps.py): agreement visibility follows it.
VISIBILITY_TOPIC = "vendor-list"
TOPICS = (TOPIC, VISIBILITY_TOPIC)
_CONTRACTS_DIR = Path(__file__).resolve().parent
VENDOR_APP = "vendors"  # by label: contracts does not import the vendor app (contracts/composition.py)
_CATALOGUE_DIR = Path(clause_library.__file__).resolve().parent / "catalogue"


def review_changed() -> None:
    """Move the review pages' stamp, inside the caller's transaction: for writes that send no model signal."""
    stamp_changed(TOPIC)


def review_scope(user: User) -> str:
    """Whom `user` sees the same agreements as: "all" when they see every vendor's (so every agreement), otherwise
    a scope of their own, since their agreements follow their own vendors and agreement grants. (The query that
    reads the reader's roles for it is the one the top bar's role badge reads them from.)"""
    if not user.is_authenticated or not user.is_active:
        return "none"
    return "all" if vendor_visibility_scope(user) == "all" else f"user:{user.pk}"


def rendering() -> tuple[str, str]:
    """What a kept page of contracts also depends on: its code and templates, the vendor app's (kept readings hold
    vendor objects, which a cache shared across a release must not hand to another version of their model), the
    provision catalogue, the time zone where it shows dates."""
    vendors = Path(apps.get_app_config(VENDOR_APP).path)
    return code_version(_CONTRACTS_DIR, vendors, _CATALOGUE_DIR), timezone.get_current_timezone_name()


# ---- The queue ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueResults:
    """The queue as rendered for one query string: the filter form (its choices selected as asked) and the results
    (counts, rows, pagination), which htmx swaps alone."""

    form: SafeString  # rendered, so escaped; a cache keeps the type (pickle)
    html: SafeString


def queue_results(request: HttpRequest) -> QueueResults:
    """The filter form and the results of the queue `request` asks for."""
    key = (rendering(), review_scope(request.user), sorted(request.GET.lists()))
    return cached("review-queue", key, topics=TOPICS, render=lambda: _render_queue(request))


def _render_queue(request: HttpRequest) -> QueueResults:
    form = QueueFilterForm(request.GET)
    filters = form.to_filters()
    page = review.queue_page(user=request.user, filters=filters, page_number=request.GET.get("page"))
    context = {
        "q": page,
        "filters": filters,
        "filter_query": urlencode(filters.as_query()),
        "options": form.options(),
        "vendor_options": vendor_options(page.vendors, filters.vendor),
    }
    return QueueResults(
        form=render_to_string("contracts/review_filters.html", context, request=request),
        html=render_to_string("contracts/review_results.html", context, request=request),
    )


# ---- The finding page ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingBody:
    """What the finding page shows alike to everyone in a scope: the reading, the filters as links carry them, and
    the page's parts around the decision card (its head, the evidence column, the analysis and history)."""

    page: review.FindingPage
    filter_query: str
    head: SafeString  # rendered, so escaped; a cache keeps the type (pickle)
    main: SafeString
    aside: SafeString


def finding_body(request: HttpRequest, *, public_id: uuid.UUID, finding_id: int) -> FindingBody:
    """The finding page's shared parts for `request`'s reader and query string (Http404 as review.finding_page:
    nothing is kept for a reader who may not see the finding)."""
    key = (rendering(), review_scope(request.user), str(public_id), finding_id, sorted(request.GET.lists()))

    def render() -> FindingBody:
        return _render_finding(request, public_id=public_id, finding_id=finding_id)

    return cached("review-finding", key, topics=TOPICS, render=render)


def _render_finding(request: HttpRequest, *, public_id: uuid.UUID, finding_id: int) -> FindingBody:
    filters = QueueFilterForm(request.GET).to_filters()
    page = review.finding_page(user=request.user, public_id=public_id, finding_id=finding_id, filters=filters)
    filter_query = urlencode(filters.as_query())
    # No request: the parts show nothing of the reader, so the context processors need not run for them.
    context = {"f": page, "finding": page.finding, "agreement": page.agreement, "filter_query": filter_query}
    parts = {part: render_to_string(f"contracts/finding_{part}.html", context) for part in ("head", "main", "aside")}
    # The excerpts hold what the page shows of the document; its whole text need not be kept with them.
    page.finding.version.extracted_text = ""
    return FindingBody(page=page, filter_query=filter_query, **parts)


def may_decide(user: User, agreement: Agreement) -> bool:
    """Whether `user` may decide the findings of `agreement` (contracts.access.can_change_agreement).

    Whether they may change every agreement — Legal, Admin — is kept per reader under the "vendor-list" stamp, which
    moves with every change of their groups, permissions and account: reading their permissions cost a kept finding
    page as much as the rest of it. Anyone else is checked on the agreement itself, as before."""
    if not user.is_authenticated or not user.is_active:
        return False
    every = cached("review-deciders", (user.pk,), topics=[VISIBILITY_TOPIC], render=lambda: user.has_perm(CHANGE))
    return every or can_change_agreement(user, agreement)


# ---- The writes that move the stamp -------------------------------------------------------------------------------


def stamp_review_writes() -> None:
    """Connect the saves and deletes the review pages show to their stamp (called from the app's ready()); the
    writes that send no signal stamp themselves (contracts/analysis.py, contracts/queue_facts.py)."""
    stamp_on_writes(TOPIC, [Agreement, DocumentVersion, ClauseFinding], m2m=[Agreement.covered_services.through])
