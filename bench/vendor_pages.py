"""Bench the vendor list and vendor page on a large portfolio, each as a ratio to a trivial page timed in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vendortrack_bench .venv/bin/python bench/vendor_pages.py \
        [--vendors 5000] [--requests 60] [--database vendortrack_bench] [--reuse]

The database. With a PostgreSQL DATABASE_URL the bench runs on that server in a database of its own, named by
--database (default vendortrack_bench), whatever database the URL names: it is dropped and created afresh each run
(--reuse keeps it when it already holds a portfolio of the asked size), so the name must contain "bench" and the
developer's database is never touched. Without DATABASE_URL (or with a SQLite one) it runs on a new SQLite file in
a temporary directory, removed at the end.

The baseline. A login-required view defined here that renders a three-line template through the same template
engine, middleware, session and user lookup as the vendor pages. That is the cost every signed-in page pays, so the
ratio says how much work the vendor pages add to it; the login page would be a poor baseline because a signed-in
client is redirected away from it and an anonymous one skips the session and user lookup.

Settings are those of the app with DEBUG off (no query log, as in production) and VENDOR_VISIBILITY=assigned, so
the procurement user sees only the vendors assigned to it. Exit status 1 when any ratio misses the goal.

Model imports sit inside the functions: the script chooses its database before Django reads its settings, and the
test (tests/bench/test_vendor_pages_bench.py) imports the loader into a Django that is already configured.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import types
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.test import Client

    from vendortrack.vendors.models import SecurityEvidence, Vendor

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "vendortrack_bench"
GOAL_RATIO = 4.0
BATCH = 2000
BASELINE = "trivial page (baseline)"
LIST_AFRESH = "vendor list, first page, afresh"
PAGE_AFRESH = "vendor page, afresh"
WARMUP = 3
VENDOR_PAGES_SAMPLED = 20
TRIVIAL_TEMPLATE = "<!doctype html><title>VendorTrack</title>\n<p>Signed in as {{ user.get_username }}.</p>\n"

# Vendor names are "<prefix> <suffix> <number>"; searching one prefix finds about 1 vendor in 40.
NAME_PREFIXES = (
    "Aster Atlas Beacon Boreal Cedar Cobalt Delta Dune Echo Ember Falcon Fjord Glacier Granite Harbor Helix Indigo "
    "Iris Jasper Juniper Kestrel Kite Lattice Lumen Meridian Mosaic Nimbus Northstar Onyx Pioneer Quartz Ridge "
    "Summit Tidal Umbra Vertex Willow Xenon Yarrow Zephyr"
).split()
NAME_SUFFIXES = ("Health AI", "Speech", "Scribe", "Labs", "Analytics", "Models", "Cloud", "Insights", "NLP", "Systems")
SEARCH_FRAGMENT = "kestrel"
SERVICE_NAMES = (
    "Chat API",
    "Speech-to-text API",
    "Ambient scribe",
    "Embeddings API",
    "Document summariser",
    "De-identification service",
    "Private inference",
)
ENDPOINT_NAMES = (
    "Chat completions",
    "Embeddings",
    "File storage",
    "Batch jobs",
    "Assistants",
    "Audio transcription",
    "Fine-tuning",
    "Realtime sessions",
)
SUBPROCESSOR_NAMES = (
    "Northwind Hosting",
    "Contoso Cloud",
    "Fabrikam Monitoring",
    "Tailspin Support Desk",
    "Litware Email Relay",
    "Proseware Analytics",
    "Adatum Backup",
    "Wingtip Payments",
)
USE_CASE_NAMES = (
    "Discharge summaries",
    "Prior authorisation letters",
    "Call centre transcription",
    "Policy question answering",
    "Coding suggestions",
    "Research cohort search",
)
FACT_FIELDS_SAMPLED = ("baa_signed", "training_use", "prompt_retention_days", "telemetry", "data_residency_regions")


@dataclass(frozen=True)
class Portfolio:
    """What `load_portfolio` wrote: row counts, who the bench signs in as, and the search fragment."""

    vendors: int
    services: int
    endpoints: int
    subprocessors: int
    evidence: int
    soc2_reports: int
    bridge_letters: int
    use_cases: int
    audit_entries: int
    assigned: int
    auditor: str
    procurement: str
    search: str


@dataclass(frozen=True)
class PageTiming:
    user: str
    page: str
    matches: int | None
    median_ms: float
    p95_ms: float
    queries: int
    sql_median_ms: float | None = None  # None: the SQL time was not measured
    afresh: bool = False  # every request started with an empty cache: shown beside the goal, not held to it


# ---- Choosing the database ----------------------------------------------------------------------------------------


def bench_database_url(url: str, name: str) -> str:
    """The URL of database `name` on the server of `url`, dropped and created afresh unless reused (see main)."""
    if "bench" not in name:
        raise SystemExit(f"Refusing to use database {name!r}: the bench drops it, so its name must contain 'bench'.")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"The bench runs on PostgreSQL or SQLite, not {parts.scheme!r}.")
    return parts._replace(scheme="postgresql", path=f"/{name}").geturl()


def recreate_postgres_database(url: str, *, keep: bool) -> None:
    """Create the database of `url` (dropping it first unless `keep`), through the server's `postgres` database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and not keep:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        if not exists or not keep:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_database(args: argparse.Namespace) -> tuple[str, Path | None]:
    """Point DATABASE_URL at the bench database; returns a description and the temporary directory to remove."""
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith("sqlite"):
        bench_url = bench_database_url(url, args.database)
        recreate_postgres_database(bench_url, keep=args.reuse)
        os.environ["DATABASE_URL"] = bench_url
        parts = urlsplit(bench_url)
        return f"PostgreSQL database {args.database} on {parts.hostname}:{parts.port or 5432}", None
    directory = Path(tempfile.mkdtemp(prefix="vendortrack-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    return f"SQLite file {directory / 'bench.sqlite3'} (temporary)", directory


# ---- Loading the portfolio ----------------------------------------------------------------------------------------


def load_portfolio(*, vendors: int, seed: int = 2025, today: datetime.date | None = None) -> Portfolio:
    """Write `vendors` full vendor profiles with bulk inserts, in one transaction, then store their derived facts.

    Each vendor gets 2-3 services with fact sources, 3-6 endpoints, 2-4 sub-processors, 2-3 evidence records (a
    SOC 2 Type II with a period ending 3 weeks to 2 years ago, or a Type I; bridge letters, pen tests and ISO
    certificates), CUECs, 1-2 use cases calling some endpoints, and 6-14 audit entries. One vendor in ten, drawn
    at random, is assigned to the procurement user. Deterministic for a given seed and day.
    """
    from django.db import transaction
    from django.utils import timezone

    from vendortrack.vendors.derived import vendors_refresh_derived

    rng = random.Random(seed)
    today = today or timezone.localdate()
    # One transaction: thousands of separate commits (the derived-fact refresh updates vendors one by one) would
    # make the load wait on the disk rather than on the work.
    with transaction.atomic():
        people = _bench_people()
        made = _vendors(vendors, owners=people.owners, rng=rng)
        services = _services(made, rng=rng, today=today)
        endpoints = _endpoints(services, rng=rng, today=today)
        evidence = _evidence(made, services, rng=rng, today=today)
        counts = {
            "subprocessors": _subprocessors(made, rng=rng, today=today),
            "use_cases": _use_cases(made, services, endpoints, rng=rng),
            "audit_entries": _audit_entries(made, services, rng=rng),
            "assigned": _assign(people.procurement, rng.sample(made, len(made) // 10)),
        }
        vendors_refresh_derived(today=today)
    return Portfolio(
        vendors=len(made),
        services=sum(len(rows) for rows in services.values()),
        endpoints=sum(len(rows) for rows in endpoints.values()),
        evidence=len(evidence),
        soc2_reports=sum(1 for row in evidence if row.kind.startswith("soc2")),
        bridge_letters=sum(1 for row in evidence if row.kind == "bridge_letter"),
        auditor=people.auditor.get_username(),
        procurement=people.procurement.get_username(),
        search=SEARCH_FRAGMENT,
        **counts,
    )


@dataclass(frozen=True)
class BenchPeople:
    auditor: AbstractBaseUser
    procurement: AbstractBaseUser
    owners: list[AbstractBaseUser]


def _person(username: str, role: str) -> AbstractBaseUser:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model()(username=username, email=f"{username}@example.org")
    user.set_unusable_password()  # the bench signs in with force_login; hashing would only cost time
    user.save()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _bench_people() -> BenchPeople:
    """An auditor (sees every vendor), a procurement user (sees what it is assigned) and twenty owners."""
    from vendortrack.accounts.roles import Role

    return BenchPeople(
        auditor=_person("bench-auditor", Role.AUDITOR),
        procurement=_person("bench-procurement", Role.PROCUREMENT),
        owners=[_person(f"bench-owner-{n:02d}", Role.PROCUREMENT) for n in range(20)],
    )


def _vendors(count: int, *, owners: list[AbstractBaseUser], rng: random.Random) -> list[Vendor]:
    from vendortrack.vendors.models import RiskTier, Vendor, VendorStatus, VendorType

    rows = []
    for n in range(count):
        name = f"{NAME_PREFIXES[n % len(NAME_PREFIXES)]} {rng.choice(NAME_SUFFIXES)} {n:05d}"
        override = RiskTier.HIGH if rng.random() < 0.03 else ""
        rows.append(
            Vendor(
                name=name,
                vendor_type=rng.choice(VendorType.values),
                status=rng.choices(VendorStatus.values, weights=(5, 4, 2, 1, 1))[0],
                owner=owners[n % len(owners)],
                website=f"https://vendor-{n:05d}.example",
                description=f"{name} offers AI services to healthcare organisations.",
                risk_tier_override=override,
                risk_override_reason="Accepted by the review board pending the next audit." if override else "",
            )
        )
    return Vendor.objects.bulk_create(rows, batch_size=BATCH)


def _service_profile(rng: random.Random) -> dict[str, object]:
    """A data-handling profile mixing signed BAAs, unknowns and risky answers, so every risk tier occurs."""
    from vendortrack.vendors.models import Answer, Telemetry, TrainingUse

    signed = rng.random() < 0.6
    return {
        "baa_available": Answer.YES if signed else rng.choice(Answer.values),
        "baa_signed": Answer.YES if signed else rng.choice([Answer.NO, Answer.UNKNOWN]),
        "training_use": rng.choices(TrainingUse.values, weights=(2, 6, 2, 1, 1))[0],
        "prompt_retention_days": rng.choice([None, 0, 0, 30]),
        "output_retention_days": rng.choice([None, 0, 0, 30]),
        "abuse_monitoring_retention_days": rng.choice([None, 0, 30]),
        "telemetry": rng.choices(Telemetry.values, weights=(2, 4, 3, 1))[0],
        "data_residency_regions": rng.choice(["", "US", "US and EU", "Any AWS region"]),
        "encryption_in_transit": Answer.YES,
        "encryption_at_rest": rng.choice([Answer.YES, Answer.YES, Answer.UNKNOWN]),
        "customer_managed_keys": rng.choice(Answer.values),
        "sso_mfa": rng.choice([Answer.YES, Answer.UNKNOWN]),
        "audit_logs": rng.choice([Answer.YES, Answer.NO, Answer.UNKNOWN]),
    }


def _services(vendors: list[Vendor], *, rng: random.Random, today: datetime.date) -> dict[int, list]:
    """2-3 services per vendor with 2-4 fact sources each; returns the services by vendor id."""
    from vendortrack.vendors.models import AIService, DeploymentPath, FactSource, SourceKind

    rows = []
    for vendor in vendors:
        for name in rng.sample(SERVICE_NAMES, rng.randint(2, 3)):
            path = (
                DeploymentPath.ON_PREMISE_PRIVATE if name == "Private inference" else DeploymentPath.HIPAA_ELIGIBLE_API
            )
            rows.append(AIService(vendor=vendor, name=name, deployment_path=path, **_service_profile(rng)))
    AIService.objects.bulk_create(rows, batch_size=BATCH)
    sources = [
        FactSource(
            service=service,
            field=field,
            source_kind=rng.choice(SourceKind.values),
            reference=f"RFI answer {rng.randint(1, 40)}",
            confirmed_on=today - datetime.timedelta(days=rng.randint(0, 500)),
        )
        for service in rows
        for field in rng.sample(FACT_FIELDS_SAMPLED, rng.randint(2, 4))
    ]
    FactSource.objects.bulk_create(sources, batch_size=BATCH)
    return _grouped(rows, key=lambda service: service.vendor_id)


def _endpoints(services: dict[int, list], *, rng: random.Random, today: datetime.date) -> dict[int, list]:
    """3-6 endpoints per vendor spread over its services; returns the endpoints by service id."""
    from vendortrack.vendors.models import Answer, Endpoint, SourceKind

    rows = []
    for vendor_services in services.values():
        for n, name in enumerate(ENDPOINT_NAMES[: rng.randint(3, 6)]):
            covered = rng.choices(Answer.values, weights=(2, 6, 2))[0]
            rows.append(
                Endpoint(
                    service=vendor_services[n % len(vendor_services)],
                    name=name,
                    path_or_feature=f"/v1/{name.lower().replace(' ', '-')}",
                    baa_covered=covered,
                    zdr_eligible=rng.choice(Answer.values),
                    coverage_source_kind=SourceKind.AGREEMENT_CLAUSE if covered != Answer.UNKNOWN else "",
                    coverage_reference="BAA exhibit A" if covered != Answer.UNKNOWN else "",
                    coverage_confirmed_on=today - datetime.timedelta(days=rng.randint(0, 400)),
                )
            )
    Endpoint.objects.bulk_create(rows, batch_size=BATCH)
    return _grouped(rows, key=lambda endpoint: endpoint.service_id)


def _subprocessors(vendors: list[Vendor], *, rng: random.Random, today: datetime.date) -> int:
    from vendortrack.vendors.models import Answer, SubProcessor

    rows = []
    for vendor in vendors:
        for name in rng.sample(SUBPROCESSOR_NAMES, rng.randint(2, 4)):
            first_seen = today - datetime.timedelta(days=rng.randint(30, 900))
            rows.append(
                SubProcessor(
                    vendor=vendor,
                    name=name,
                    purpose="Hosting and operations",
                    country=rng.choice(["United States", "Ireland", "Canada"]),
                    touches_phi=rng.choice(Answer.values),
                    baa_flow_down=rng.choice(Answer.values),
                    first_seen=first_seen,
                    last_seen=first_seen + datetime.timedelta(days=20) if rng.random() < 0.1 else None,
                )
            )
    return len(SubProcessor.objects.bulk_create(rows, batch_size=BATCH))


def _soc2_report(vendor: Vendor, *, rng: random.Random, today: datetime.date) -> SecurityEvidence:
    """A SOC 2 Type II whose period ended 3 weeks to 2 years ago (so some are stale), or one time in seven a Type I."""
    from vendortrack.vendors.models import EvidenceKind, Opinion, SecurityEvidence

    if rng.random() < 1 / 7:
        issued = today - datetime.timedelta(days=rng.randint(30, 400))
        return SecurityEvidence(
            vendor=vendor, kind=EvidenceKind.SOC2_TYPE1, title="SOC 2 Type I report", issued_on=issued
        )
    end = today - datetime.timedelta(days=rng.randint(20, 730))
    return SecurityEvidence(
        vendor=vendor,
        kind=EvidenceKind.SOC2_TYPE2,
        title=f"SOC 2 Type II report {end.year}",
        period_start=end - datetime.timedelta(days=rng.choice([182, 273, 364])),
        period_end=end,
        issued_on=end + datetime.timedelta(days=45),
        auditor="Example Assurance LLP",
        opinion=rng.choices([Opinion.UNQUALIFIED, Opinion.QUALIFIED, Opinion.UNKNOWN], weights=(8, 1, 1))[0],
        trust_services_criteria=["security", "confidentiality"],
        exceptions_noted=rng.choice([0, 0, 0, 1, 2]),
        covered_regions="US",
    )


def _further_evidence(report: SecurityEvidence, *, rng: random.Random, today: datetime.date) -> list[SecurityEvidence]:
    """1-2 more records: a bridge letter for most reports past their 12 months, else a pen test or an ISO cert."""
    from vendortrack.vendors.models import EvidenceKind, SecurityEvidence

    vendor = report.vendor
    rows = []
    if report.period_end and (today - report.period_end).days > 300 and rng.random() < 0.6:
        until = today + datetime.timedelta(days=rng.randint(-60, 120))
        rows.append(
            SecurityEvidence(
                vendor=vendor,
                kind=EvidenceKind.BRIDGE_LETTER,
                title="Bridge letter",
                bridges=report,
                covers_until=until,
            )
        )
    if not rows or rng.random() < 0.5:
        issued = today - datetime.timedelta(days=rng.randint(10, 500))
        kind = rng.choice([EvidenceKind.PEN_TEST, EvidenceKind.ISO27001, EvidenceKind.ISO42001])
        expires = issued + datetime.timedelta(days=3 * 365) if kind != EvidenceKind.PEN_TEST else None
        rows.append(SecurityEvidence(vendor=vendor, kind=kind, title=kind.label, issued_on=issued, expires_on=expires))
    return rows


def _evidence(
    vendors: list[Vendor], services: dict[int, list], *, rng: random.Random, today: datetime.date
) -> list[SecurityEvidence]:
    """2-3 evidence records per vendor, SOC 2 scope (the first service, or all) and 1-2 CUECs per report."""
    from vendortrack.vendors.models import ComplementaryUserEntityControl, SecurityEvidence

    reports = SecurityEvidence.objects.bulk_create(
        [_soc2_report(vendor, rng=rng, today=today) for vendor in vendors], batch_size=BATCH
    )
    further = [row for report in reports for row in _further_evidence(report, rng=rng, today=today)]
    SecurityEvidence.objects.bulk_create(further, batch_size=BATCH)
    scope = SecurityEvidence.covered_services.through
    scope.objects.bulk_create(
        [
            scope(securityevidence_id=report.pk, aiservice_id=service.pk)
            for report in reports
            for service in services[report.vendor_id][: rng.choice([1, 3])]
        ],
        batch_size=BATCH,
    )
    cuecs = [
        ComplementaryUserEntityControl(
            evidence=report,
            reference=f"CUEC-{n}",
            description="User entities review who can reach the service at least quarterly.",
            owner=report.vendor.owner if n == 1 else None,
        )
        for report in reports
        for n in range(1, rng.randint(2, 3))
    ]
    ComplementaryUserEntityControl.objects.bulk_create(cuecs, batch_size=BATCH)
    return reports + further


def _use_cases(
    vendors: list[Vendor], services: dict[int, list], endpoints: dict[int, list], *, rng: random.Random
) -> int:
    """1-2 use cases per vendor, mostly on PHI, each calling 1-2 endpoints of its service when it has any."""
    from vendortrack.vendors.models import AIUseCase, Answer, ClinicalJudgement, TaskClass, UseCaseStatus

    rows, calls = [], []
    for vendor in vendors:
        for name in rng.sample(USE_CASE_NAMES, rng.randint(1, 2)):
            service = rng.choice(services[vendor.pk])
            rows.append(
                AIUseCase(
                    vendor=vendor,
                    service=service,
                    name=name,
                    department=rng.choice(["Revenue cycle", "Nursing", "Research", "Patient access"]),
                    task_class=rng.choices(TaskClass.values, weights=(3, 1, 4))[0],
                    touches_phi=rng.choices(Answer.values, weights=(1, 6, 3))[0],
                    clinical_judgement=rng.choices(ClinicalJudgement.values, weights=(12, 6, 1))[0],
                    psychotherapy_notes=rng.random() < 0.02,
                    part2_records=rng.random() < 0.02,
                    status=rng.choices(UseCaseStatus.values, weights=(4, 4, 1, 1))[0],
                )
            )
            available = endpoints.get(service.pk, [])
            calls.append(rng.sample(available, min(len(available), rng.randint(1, 2))))
    AIUseCase.objects.bulk_create(rows, batch_size=BATCH)
    through = AIUseCase.endpoints.through
    links = [
        through(aiusecase_id=row.pk, endpoint_id=endpoint.pk)
        for row, called in zip(rows, calls, strict=True)
        for endpoint in called
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
    return len(rows)


def _audit_entries(vendors: list[Vendor], services: dict[int, list], *, rng: random.Random) -> int:
    """6-14 entries per vendor, on the vendor and on its services, tagged with the vendor id as the app tags them."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from vendortrack.vendors.models import AIService, Vendor

    vendor_type = ContentType.objects.get_for_model(Vendor)
    service_type = ContentType.objects.get_for_model(AIService)
    now = timezone.now()
    rows = []
    for vendor in vendors:
        for n in range(rng.randint(6, 14)):
            target, kind = (vendor, vendor_type) if n % 2 == 0 else (rng.choice(services[vendor.pk]), service_type)
            rows.append(
                LogEntry(
                    content_type=kind,
                    object_pk=str(target.pk),
                    object_id=target.pk,
                    object_repr=str(target),
                    action=LogEntry.Action.CREATE if n == 0 else LogEntry.Action.UPDATE,
                    changes={"description": ["", "Reviewed"], "status": ["evaluating", "approved"]},
                    actor=vendor.owner if rng.random() < 0.8 else None,
                    timestamp=now - datetime.timedelta(minutes=rng.randint(0, 400 * 24 * 60)),
                    additional_data={"vendor_id": vendor.pk},
                )
            )
    return len(LogEntry.objects.bulk_create(rows, batch_size=BATCH))


def _assign(user: AbstractBaseUser, vendors: list[Vendor]) -> int:
    """Guardian view and change permissions on `vendors` for `user`, written in bulk (what vendor_grant writes)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    from vendortrack.vendors.models import Vendor

    vendor_type = ContentType.objects.get_for_model(Vendor)
    permissions = Permission.objects.filter(content_type=vendor_type, codename__in=["view_vendor", "change_vendor"])
    rows = [
        UserObjectPermission(user=user, permission=permission, content_type=vendor_type, object_pk=str(vendor.pk))
        for vendor in vendors
        for permission in permissions
    ]
    UserObjectPermission.objects.bulk_create(rows, batch_size=BATCH)
    return len(vendors)


def _grouped(rows: list, *, key: Callable[[object], int]) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return grouped


# ---- Measuring ----------------------------------------------------------------------------------------------------


def bench_urlconf() -> types.ModuleType:
    """The app's URLs plus the baseline page: signed in, one tiny template through the same engine."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.template import engines
    from django.urls import include, path

    template = engines["django"].from_string(TRIVIAL_TEMPLATE)

    @login_required
    def trivial_page(request: HttpRequest) -> HttpResponse:
        return HttpResponse(template.render({}, request))

    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [
        path("bench/trivial/", trivial_page, name="bench-trivial"),
        path("", include("vendortrack.urls")),
    ]
    return urls


def _pages(user: AbstractBaseUser, *, search: str, rng: random.Random) -> dict[str, tuple[list[str], int | None]]:
    """label -> (the URLs to request in turn, how many vendors the list matches)."""
    from django.urls import reverse

    from vendortrack.vendors.permissions import vendors_visible_to
    from vendortrack.vendors.selectors import VendorFilters, vendor_list

    listing = reverse("vendors:list")
    lists = {
        "vendor list, first page": ("", VendorFilters()),
        "vendor list, high risk + blockers": (
            "?risk_tier=high&blockers=on",
            VendorFilters(risk_tier="high", has_blockers=True),
        ),
        f"vendor list, search {search!r}": (f"?q={search}", VendorFilters(q=search)),
        "vendor list, sorted by risk": ("?sort=risk", VendorFilters(sort="risk")),
    }
    pages = {BASELINE: ([reverse("bench-trivial")], None)}
    for label, (query, filters) in lists.items():
        pages[label] = ([listing + query], vendor_list(user=user, filters=filters).count())
    visible = list(vendors_visible_to(user).order_by("pk").values_list("public_id", flat=True))
    sampled = rng.sample(visible, min(VENDOR_PAGES_SAMPLED, len(visible)))
    pages["vendor page"] = ([reverse("vendors:detail", kwargs={"public_id": pid}) for pid in sampled], None)
    return pages


class SqlClock:
    """A connection execute wrapper that adds up the time spent in SQL (rows included: psycopg fetches them there)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute: Callable, sql: str, params: object, many: bool, context: dict) -> object:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def _get(client: Client, url: str, clock: SqlClock) -> tuple[float, float]:
    """Seconds for the whole request, and the part of them spent in SQL."""
    sql_before = clock.seconds
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}; the bench measures pages that work.")
    return elapsed, clock.seconds - sql_before


def _query_count(client: Client, url: str, *, afresh: bool = False) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if afresh:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def time_pages(
    client: Client, *, username: str, pages: dict[str, list[str]], requests: int, afresh: frozenset[str] = frozenset()
) -> list[PageTiming]:
    """Time every page (label -> URLs requested in turn) `requests` times, interleaved round by round so that drift
    hits all pages alike; the measuring loop every page bench shares.

    The warm-up requests every URL once at least (and WARMUP rounds), so the timed requests meet the pages as a
    running server serves them: cached where the app caches. The pages labelled in `afresh` start each request with
    an empty cache instead (cleared outside the clock): what the first reader after a change waits for."""
    from django.core.cache import cache
    from django.db import connection

    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in pages}
    clock = SqlClock()
    warmup = max(WARMUP, *(len(urls) for urls in pages.values()))
    with connection.execute_wrapper(clock):
        for round_number in range(-warmup, requests):
            for label, urls in pages.items():
                if label in afresh:
                    cache.clear()
                sample = _get(client, urls[round_number % len(urls)], clock)
                if round_number >= 0:
                    samples[label].append(sample)
    return [
        PageTiming(
            user=username,
            page=label,
            matches=None,
            median_ms=statistics.median(total for total, _ in samples[label]) * 1000,
            p95_ms=_p95([total for total, _ in samples[label]]) * 1000,
            sql_median_ms=statistics.median(sql for _, sql in samples[label]) * 1000,
            queries=_query_count(client, urls[0], afresh=label in afresh),
            afresh=label in afresh,
        )
        for label, urls in pages.items()
    ]


def time_served_and_afresh(
    client: Client, *, username: str, pages: dict[str, list[str]], afresh: dict[str, str], requests: int
) -> list[PageTiming]:
    """`pages` timed as served (time_pages), then the pages `afresh` names (new label -> label in `pages`) in a pass
    of their own beside the baseline again, each request after emptying the cache: emptying it in the first pass
    would empty it for the pages served from it too."""
    served = time_pages(client, username=username, pages=pages, requests=requests)
    first_reads = time_pages(
        client,
        username=username,
        pages={BASELINE: pages[BASELINE], **{label: pages[source] for label, source in afresh.items()}},
        requests=requests,
        afresh=frozenset(afresh),
    )
    return served + [timing for timing in first_reads if timing.page != BASELINE]


def measure_user(username: str, *, requests: int, search: str, rng: random.Random) -> list[PageTiming]:
    """The baseline, the vendor list variants and the vendor page, timed as `username`."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    pages = _pages(user, search=search, rng=rng)
    timings = time_served_and_afresh(
        client,
        username=username,
        pages={label: urls for label, (urls, _) in pages.items()},
        afresh={LIST_AFRESH: "vendor list, first page", PAGE_AFRESH: "vendor page"},
        requests=requests,
    )
    return [replace(timing, matches=pages.get(timing.page, ((), None))[1]) for timing in timings]


HEADER = (
    f"{'user':<18} {'page':<36} {'matches':>7} {'median ms':>9} {'p95 ms':>8} {'x median':>8} {'x p95':>6}"
    f" {'SQL ms':>7} {'queries':>7}"
)


def report_lines(timings: list[PageTiming]) -> Iterator[str]:
    """The table: each page beside the baseline of the same user, with the ratios of median and p95."""
    baseline = {t.user: t for t in timings if t.page == BASELINE}
    yield HEADER
    for t in timings:
        base = baseline[t.user]
        ratio, ratio95 = t.median_ms / base.median_ms, t.p95_ms / base.p95_ms
        flag = "  over goal" if max(ratio, ratio95) > GOAL_RATIO else ""
        flag = "  (afresh: not held to the goal)" if t.afresh else flag
        matches = "" if t.matches is None else str(t.matches)
        sql = "" if t.sql_median_ms is None else f"{t.sql_median_ms:.2f}"
        yield (
            f"{t.user:<18} {t.page:<36} {matches:>7} {t.median_ms:>9.2f} {t.p95_ms:>8.2f} "
            f"{ratio:>8.2f} {ratio95:>6.2f} {sql:>7} {t.queries:>7}{flag}"
        )


def goal_met(timings: list[PageTiming]) -> bool:
    baseline = {t.user: t for t in timings if t.page == BASELINE}
    return all(
        t.median_ms <= GOAL_RATIO * baseline[t.user].median_ms and t.p95_ms <= GOAL_RATIO * baseline[t.user].p95_ms
        for t in timings
        if not t.afresh
    )


# ---- The command --------------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=5000, help="vendors to load (default 5000)")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page and user (default 60)")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL bench database name")
    parser.add_argument("--reuse", action="store_true", help="keep a bench database that holds --vendors vendors")
    parser.add_argument("--seed", type=int, default=2025, help="random seed of the portfolio and the sampled pages")
    return parser.parse_args(argv)


def start_django() -> None:
    """Django with the app's settings, DEBUG off and assigned-only visibility for procurement."""
    import django

    # The static files are served by whitenoise from STATIC_ROOT, which a checkout has not collected; the pages
    # measured here only link to them.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendortrack.settings")
    os.environ["DEBUG"] = "false"
    os.environ["VENDOR_VISIBILITY"] = "assigned"
    django.setup()


def ensure_portfolio(args: argparse.Namespace) -> Portfolio | None:
    """Migrate, then load the portfolio unless --reuse finds one of the asked size (returns None then)."""
    from django.core.management import call_command
    from django.db import connection

    from vendortrack.vendors.models import Vendor

    call_command("migrate", verbosity=0)
    existing = Vendor.objects.count()
    if args.reuse and existing == args.vendors:
        print(f"Reusing the {existing} vendors already loaded.")
        return None
    if existing:
        raise SystemExit(f"The bench database already holds {existing} vendors; run without --reuse.")
    started = time.perf_counter()
    portfolio = load_portfolio(vendors=args.vendors, seed=args.seed)
    # What autovacuum does for a live database: planner statistics, and on PostgreSQL the GIN indexes' pending
    # entries merged (until then every trigram search reads them one by one: 48 ms instead of 12 ms per query).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"Loaded {portfolio} in {time.perf_counter() - started:.1f} s (derived facts included).")
    return portfolio


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    where, temporary = prepare_database(args)
    print(f"Bench database: {where}.")
    try:
        start_django()
        from django.test.utils import override_settings

        ensure_portfolio(args)
        timings = []
        with override_settings(ROOT_URLCONF=bench_urlconf()):
            for username in ("bench-auditor", "bench-procurement"):
                rng = random.Random(args.seed)
                timings += measure_user(username, requests=args.requests, search=SEARCH_FRAGMENT, rng=rng)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    print(f"\n{args.requests} timed requests per page after {WARMUP} warm-up rounds; ratios to the baseline page.")
    print("\n".join(report_lines(timings)))
    met = goal_met(timings)
    print(f"\nGoal, every ratio <= {GOAL_RATIO:g}: {'met' if met else 'MISSED'}.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
