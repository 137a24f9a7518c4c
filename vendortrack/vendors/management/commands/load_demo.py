"""`manage.py load_demo`: the demo portfolio (fixtures/demo/portfolio.yaml) and one login per role.

Idempotent: every row is written with update_or_create on its natural key, inside one transaction, so a second run
changes and duplicates nothing. Dates in the file are days relative to today, so the portfolio's freshness reads
the same whenever it is loaded. Audit entries written here have no actor: the trail shows them as "system".
"""

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from contracts.demo import demo_agreements_load
from vendortrack.accounts.roles import Role
from vendortrack.compliance.services import schedule_sync
from vendortrack.rfis.services import rfi_create
from vendortrack.vendors.derived import vendors_refresh_derived
from vendortrack.vendors.models import (
    AIService,
    AIUseCase,
    ComplementaryUserEntityControl,
    Endpoint,
    FactSource,
    SecurityEvidence,
    SubProcessor,
    Vendor,
)
from vendortrack.vendors.permissions import vendor_grant

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo"
PORTFOLIO = DEMO / "portfolio.yaml"
AGREEMENTS = DEMO / "agreements.yaml"
DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "agreements"
DEMO_PASSWORD = "vendortrack-demo"  # noqa: S105 - printed on purpose: it is the documented demo login.  # nosec B105
# Vendors with open questions that get a draft RFI, so procurement's RFI pages have something to show.
DEMO_RFI_VENDORS = ("Tessellate Analytics", "Parlance Speech")
DEMO_USERS = {
    "procurement": Role.PROCUREMENT,
    "legal": Role.LEGAL,
    "compliance": Role.COMPLIANCE,
    "auditor": Role.AUDITOR,
    "admin": Role.ADMIN,
}


def _word(field: str, value: Any) -> Any:
    # YAML 1.1 reads yes/no/on/off as booleans; the models store the words.
    if value is True:
        return "on" if field == "telemetry" else "yes"
    if value is False:
        return "off" if field == "telemetry" else "no"
    return value


class Loader:
    """Writes the portfolio relative to `today`; one method per kind of row."""

    def __init__(self, *, today: datetime.date) -> None:
        self.today = today
        self.users: dict[str, AbstractBaseUser] = {}

    def day(self, offset: int | None) -> datetime.date | None:
        return None if offset is None else self.today + datetime.timedelta(days=offset)

    def load_users(self) -> None:
        for username, role in DEMO_USERS.items():
            user, _ = get_user_model().objects.get_or_create(
                username=username, defaults={"email": f"{username}@vendortrack.local"}
            )
            user.is_staff = user.is_superuser = username == "admin"
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role.value))
            self.users[username] = user

    def load_vendor(self, data: dict) -> Vendor:
        vendor, _ = Vendor.objects.update_or_create(
            name=data["name"],
            defaults={
                "vendor_type": data["vendor_type"],
                "status": data["status"],
                "owner": self.users.get(data.get("owner") or ""),
                "website": data.get("website", ""),
                "description": data.get("description", ""),
            },
        )
        if data.get("assigned_to"):
            vendor_grant(vendor, user=self.users[data["assigned_to"]], can_change=False)
        services = {item["name"]: self.load_service(vendor, item) for item in data.get("services", [])}
        for item in data.get("subprocessors", []):
            self.load_subprocessor(vendor, item)
        reports: dict[str, SecurityEvidence] = {}
        for item in data.get("evidence", []):
            self.load_evidence(vendor, item, services=services, reports=reports)
        for item in data.get("use_cases", []):
            self.load_use_case(vendor, item, services=services)
        return vendor

    def load_service(self, vendor: Vendor, data: dict) -> AIService:
        facts = {field: _word(field, value) for field, value in data.get("facts", {}).items()}
        facts["data_residency_regions"] = facts.get("data_residency_regions") or ""
        service, _ = AIService.objects.update_or_create(
            vendor=vendor,
            name=data["name"],
            defaults={"description": data.get("description", ""), "deployment_path": data["deployment_path"], **facts},
        )
        for field, (kind, reference, offset) in data.get("sources", {}).items():
            FactSource.objects.update_or_create(
                service=service,
                field=field,
                defaults={"source_kind": kind, "reference": reference, "confirmed_on": self.day(offset)},
            )
        for item in data.get("endpoints", []):
            self.load_endpoint(service, item)
        return service

    def load_endpoint(self, service: AIService, data: dict) -> None:
        kind, reference, offset = data.get("source") or ("", "", None)
        Endpoint.objects.update_or_create(
            service=service,
            name=data["name"],
            defaults={
                "path_or_feature": data.get("path", ""),
                "baa_covered": _word("baa_covered", data["baa_covered"]),
                "zdr_eligible": _word("zdr_eligible", data["zdr_eligible"]),
                "coverage_source_kind": kind,
                "coverage_reference": reference,
                "coverage_confirmed_on": self.day(offset),
            },
        )

    def load_subprocessor(self, vendor: Vendor, data: dict) -> None:
        SubProcessor.objects.update_or_create(
            vendor=vendor,
            name=data["name"],
            defaults={
                "purpose": data.get("purpose", ""),
                "country": data.get("country", ""),
                "touches_phi": _word("touches_phi", data["touches_phi"]),
                "baa_flow_down": _word("baa_flow_down", data["baa_flow_down"]),
                "first_seen": self.day(data["first_seen"]),
                "last_seen": self.day(data.get("last_seen")),
            },
        )

    def _period(self, data: dict) -> tuple[datetime.date | None, datetime.date | None]:
        end = self.day(data.get("period_end"))
        if end is None or "period_months" not in data:
            return None, end
        return end - datetime.timedelta(days=round(data["period_months"] * 30.4) - 1), end

    def load_evidence(
        self, vendor: Vendor, data: dict, *, services: dict[str, AIService], reports: dict[str, SecurityEvidence]
    ) -> None:
        period_start, period_end = self._period(data)
        report, _ = SecurityEvidence.objects.update_or_create(
            vendor=vendor,
            title=data["title"],
            defaults={
                "kind": data["kind"],
                "issued_on": self.day(data.get("issued", data.get("period_end"))),
                "period_start": period_start,
                "period_end": period_end,
                "expires_on": self.day(data.get("expires")),
                "auditor": data.get("auditor", ""),
                "opinion": data.get("opinion", "unknown"),
                "trust_services_criteria": data.get("criteria", []),
                "exceptions_noted": data.get("exceptions", 0),
                "exceptions_summary": data.get("exceptions_summary", ""),
                "covered_regions": data.get("regions", ""),
                "bridges": reports.get(data.get("bridges") or ""),
                "covers_until": self.day(data.get("covers_until")),
                "uploaded_by": self.users["procurement"],
            },
        )
        report.covered_services.set([services[name] for name in data.get("scope", [])])
        for item in data.get("cuecs", []):
            ComplementaryUserEntityControl.objects.update_or_create(
                evidence=report,
                reference=item["ref"],
                defaults={
                    "description": item["description"],
                    "owner": self.users.get(item.get("owner") or ""),
                    "status": item["status"],
                },
            )
        if data.get("key"):
            reports[data["key"]] = report

    def load_use_case(self, vendor: Vendor, data: dict, *, services: dict[str, AIService]) -> None:
        service = services[data["service"]]
        use_case, _ = AIUseCase.objects.update_or_create(
            vendor=vendor,
            name=data["name"],
            defaults={
                "service": service,
                "department": data.get("department", ""),
                "task_class": data["task_class"],
                "touches_phi": _word("touches_phi", data["touches_phi"]),
                "clinical_judgement": data.get("clinical_judgement", "none"),
                "psychotherapy_notes": data.get("psychotherapy_notes", False),
                "part2_records": data.get("part2_records", False),
                "status": data["status"],
                "requested_by": self.users["procurement"],
            },
        )
        use_case.endpoints.set(list(service.endpoints.filter(name__in=data.get("endpoints", []))))


class Command(BaseCommand):
    help = "Load the demo portfolio and one login per role (safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        portfolio = yaml.safe_load(PORTFOLIO.read_text(encoding="utf-8"))
        today = timezone.localdate()
        loader = Loader(today=today)
        with transaction.atomic():
            loader.load_users()
            for data in portfolio["vendors"]:
                loader.load_vendor(data)
            vendors_refresh_derived(today=today)
            uploaded = demo_agreements_load(
                entries=yaml.safe_load(AGREEMENTS.read_text(encoding="utf-8"))["agreements"],
                vendors={vendor.name: vendor for vendor in Vendor.objects.all()},
                uploader=loader.users["legal"],
                documents=DOCUMENTS,
                today=today,
            )
            for vendor in Vendor.objects.filter(name__in=DEMO_RFI_VENDORS, rfis__isnull=True):
                rfi_create(actor=loader.users["procurement"], vendor=vendor)
            # The daily beat run keeps the schedule in step; the demo should not wait a day for its calendar.
            schedule_sync(today=today)
        self.stdout.write(f"Loaded {len(portfolio['vendors'])} demo vendors.")
        if uploaded:
            self.stdout.write(f"Uploaded {uploaded} demo agreements; their analysis runs now.")
        self.stdout.write(f"Logins ({', '.join(DEMO_USERS)}), password: {DEMO_PASSWORD}")
