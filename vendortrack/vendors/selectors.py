"""Reads for the vendor pages: always through the permission filter, with the joins each page needs up front.

Both pages run a fixed number of queries whatever the size of the portfolio (tests/vendors/test_query_counts.py).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Lower

from vendortrack.vendors.audit import trail_version_annotations, vendor_audit_trail, with_related_names
from vendortrack.vendors.blockers import Blocker, active_use_cases, use_case_blockers, vendor_blockers
from vendortrack.vendors.freshness import Soc2Freshness, expired_certificates, soc2_covers_service, soc2_status
from vendortrack.vendors.models import (
    AIService,
    AIUseCase,
    ComplementaryUserEntityControl,
    Endpoint,
    FactRow,
    SecurityEvidence,
    SubProcessor,
    Vendor,
)
from vendortrack.vendors.models.vendor import risk_rank
from vendortrack.vendors.permissions import get_vendor_for_user, vendors_visible_to
from vendortrack.vendors.risk import RiskAssessment, computed_risk_tier, with_override

User = AbstractBaseUser | AnonymousUser

# Sort keys the list accepts, mapped to ORDER BY; the name breaks ties so pages never shuffle.
SORTS = {
    "name": ("name_lower",),
    "risk": ("-risk_rank", "name_lower"),
    "status": ("status", "name_lower"),
    "updated": ("-updated_at", "name_lower"),
}
RECENT_ACTIVITY = 10
LIST_FIELDS = (
    "public_id",
    "name",
    "vendor_type",
    "status",
    "risk_tier",
    "risk_tier_override",
    "soc2_state",
    "has_blockers",
    "updated_at",
    "owner__username",
)


@dataclass(frozen=True)
class VendorFilters:
    """What the vendor list was asked for; empty strings mean "any"."""

    q: str = ""
    status: str = ""
    risk_tier: str = ""
    vendor_type: str = ""
    stale_evidence: bool = False
    has_blockers: bool = False
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class PortfolioCounts:
    """Headline numbers over every vendor the user may see, whatever the filters."""

    total: int
    with_blockers: int
    stale_evidence: int
    high_or_critical: int


@dataclass(frozen=True)
class VendorListing:
    """The vendor list: the matching vendors, ordered and not yet sliced, how many match, and the headline counts,
    the last two from one aggregate query."""

    vendors: QuerySet[Vendor]
    matching: int
    counts: PortfolioCounts


def vendor_listing(*, user: User, filters: VendorFilters) -> VendorListing:
    """What the list page shows, reading the visible portfolio once for every count (the paginator's included)."""
    visible = vendors_visible_to(user)
    wanted = _matching(filters)
    extra = {"matching": Count("pk", filter=wanted)} if wanted else {}
    counts = visible.aggregate(**_headline_counts(), **extra)
    matching = counts.pop("matching", counts["total"])
    return VendorListing(
        vendors=_listed(visible.filter(wanted), filters), matching=matching, counts=PortfolioCounts(**counts)
    )


def vendor_list(*, user: User, filters: VendorFilters) -> QuerySet[Vendor]:
    """The vendors `user` may see that match `filters`, ordered, with what a list row shows."""
    return _listed(vendors_visible_to(user).filter(_matching(filters)), filters)


def portfolio_counts(*, user: User) -> PortfolioCounts:
    """One aggregate query over the visible portfolio."""
    return PortfolioCounts(**vendors_visible_to(user).aggregate(**_headline_counts()))


def _headline_counts() -> dict[str, Count]:
    # Every column these read is in the vendor_headline_counts_idx index (the id as an included column), so
    # PostgreSQL counts from the index alone instead of reading the table.
    return {
        "total": Count("pk"),
        "with_blockers": Count("pk", filter=Q(has_blockers=True)),
        "stale_evidence": Count("pk", filter=Q(has_stale_evidence=True)),
        "high_or_critical": Count("pk", filter=Q(risk_tier__in=["high", "critical"])),
    }


def _listed(vendors: QuerySet[Vendor], filters: VendorFilters) -> QuerySet[Vendor]:
    ordering = SORTS.get(filters.sort, SORTS["name"])
    if filters.descending:
        ordering = tuple(key[1:] if key.startswith("-") else f"-{key}" for key in ordering[:1]) + ordering[1:]
    services = AIService.objects.only("id", "vendor_id", "name").order_by("name")
    return (
        # Only what a row shows: every timestamp column costs row decoding time, and the owner's two are unused.
        vendors.select_related("owner")
        .only(*LIST_FIELDS)
        .annotate(risk_rank=risk_rank(), name_lower=Lower("name"))
        .prefetch_related(Prefetch("services", queryset=services))
        .order_by(*ordering)
    )


def _matching(filters: VendorFilters) -> Q:
    """The filters and the search as one condition; empty when nothing was asked."""
    return Q(**_exact_filters(filters)) & _search(filters.q)


def _search(q: str) -> Q:
    q = q.strip()
    if not q:
        return Q()
    # One set of ids from three index-served name lookups: a vendor matching through three services still appears
    # once, and the set is computed once per query instead of two EXISTS probes per vendor.
    # order_by(): the models' default ordering would sort each member for nothing.
    ids = (
        Vendor.objects.filter(name__icontains=q)
        .order_by()
        .values_list("pk")
        .union(
            AIService.objects.filter(name__icontains=q).order_by().values_list("vendor_id"),
            SubProcessor.objects.filter(name__icontains=q).order_by().values_list("vendor_id"),
        )
    )
    return Q(pk__in=ids)


def _exact_filters(filters: VendorFilters) -> dict[str, object]:
    wanted: dict[str, object] = {}
    if filters.status:
        wanted["status"] = filters.status
    if filters.risk_tier:
        wanted["risk_tier"] = filters.risk_tier
    if filters.vendor_type:
        wanted["vendor_type"] = filters.vendor_type
    if filters.stale_evidence:
        wanted["has_stale_evidence"] = True
    if filters.has_blockers:
        wanted["has_blockers"] = True
    return wanted


@dataclass(frozen=True)
class ServiceView:
    """A service as the vendor page shows it: its facts with their sources, and whether SOC 2 scope covers it."""

    service: AIService
    facts: list[FactRow]
    in_soc2_scope: bool
    in_use: bool


@dataclass(frozen=True)
class UseCaseView:
    use_case: AIUseCase
    blockers: list[Blocker]


@dataclass(frozen=True)
class VendorPage:
    """Everything the vendor page's body shows, read in a fixed number of queries and derived in memory."""

    vendor: Vendor
    today: datetime.date
    can_change: bool
    risk: RiskAssessment
    effective_tier: str
    blockers: list[Blocker]
    soc2: Soc2Freshness
    expired_certificates: list[SecurityEvidence]
    services: list[ServiceView]
    use_cases: list[UseCaseView]
    recent_activity: list = field(default_factory=list)

    @property
    def uncovered_services_in_use(self) -> list[AIService]:
        return [row.service for row in self.services if row.in_use and not row.in_soc2_scope]

    @property
    def people(self) -> dict[int, str]:
        """The users the page names besides the owner, by id: CUEC owners and the actors of the recent activity."""
        named = [cuec.owner for evidence in self.vendor.evidence.all() for cuec in evidence.cuecs.all()]
        named += [entry.actor for entry in self.recent_activity]
        return {user.pk: user.get_username() for user in named if user is not None}


def vendor_for_page(*, user: User, public_id: object) -> Vendor:
    """The vendor `user` may see, for its page: the owner joined and the version of its profile (`trail_entries`,
    `trail_newest`; see audit.py) read in the same statement as the row, so the version is never newer than the
    vendor's fields; and `can_change`, whether `user` may change it (get_vendor_for_user; one more query for
    procurement on a vendor it does not own). Http404 when they may not see it."""
    queryset = Vendor.objects.select_related("owner").annotate(**trail_version_annotations())
    return get_vendor_for_user(user, public_id, queryset=queryset)


def vendor_page(*, vendor: Vendor, today: datetime.date) -> VendorPage:
    """Everything the page of `vendor` (from `vendor_for_page`) shows, read in a fixed number of queries."""
    prefetch_vendor_profile(vendor)
    evidence = list(vendor.evidence.all())
    risk = computed_risk_tier(vendor, today=today)
    active = {use_case.service_id for use_case in active_use_cases(vendor.use_cases.all())}
    return VendorPage(
        vendor=vendor,
        today=today,
        can_change=vendor.can_change,
        risk=risk,
        effective_tier=with_override(vendor, risk.tier),
        blockers=vendor_blockers(vendor),
        soc2=soc2_status(evidence, today=today),
        expired_certificates=expired_certificates(evidence, today=today),
        services=[
            ServiceView(
                service=service,
                facts=service.fact_rows(today=today),
                in_soc2_scope=soc2_covers_service(evidence, service),
                in_use=service.pk in active,
            )
            for service in vendor.services.all()
        ],
        use_cases=[UseCaseView(use_case, use_case_blockers(use_case)) for use_case in vendor.use_cases.all()],
        recent_activity=with_related_names(vendor_audit_trail(vendor)[:RECENT_ACTIVITY], creations=False),
    )


def prefetch_vendor_profile(vendor: Vendor) -> None:
    """Load the vendor's services, endpoints, sources, evidence, CUECs, sub-processors and use cases at once."""
    endpoints = Endpoint.objects.order_by("name")
    cuecs = ComplementaryUserEntityControl.objects.select_related("owner")
    evidence = SecurityEvidence.objects.select_related("bridges", "uploaded_by").prefetch_related(
        Prefetch("cuecs", queryset=cuecs), "covered_services"
    )
    use_cases = AIUseCase.objects.select_related("service").prefetch_related(Prefetch("endpoints", queryset=endpoints))
    services = AIService.objects.prefetch_related("fact_sources", Prefetch("endpoints", queryset=endpoints))
    prefetch_related_objects(
        [vendor],
        Prefetch("services", queryset=services),
        Prefetch("evidence", queryset=evidence),
        Prefetch("use_cases", queryset=use_cases),
        "subprocessors",
    )
