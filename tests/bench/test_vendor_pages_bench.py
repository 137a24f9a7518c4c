"""The vendor-page bench keeps working: its loader writes full profiles, and it never picks the wrong database."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model

from bench.vendor_pages import bench_database_url, load_portfolio
from vendortrack.vendors.models import AIService, AIUseCase, Endpoint, SecurityEvidence, SubProcessor, Vendor
from vendortrack.vendors.permissions import vendors_visible_to


@pytest.mark.django_db
def test_the_loader_writes_every_kind_of_row_in_the_documented_amounts():
    portfolio = load_portfolio(vendors=20)

    assert portfolio.vendors == Vendor.objects.count() == 20
    assert portfolio.services == AIService.objects.count()
    assert 40 <= portfolio.services <= 60
    assert portfolio.endpoints == Endpoint.objects.count()
    assert 60 <= portfolio.endpoints <= 120
    assert portfolio.subprocessors == SubProcessor.objects.count()
    assert 40 <= portfolio.subprocessors <= 80
    assert portfolio.evidence == SecurityEvidence.objects.count()
    assert 40 <= portfolio.evidence <= 60
    assert portfolio.soc2_reports == SecurityEvidence.objects.filter(kind__startswith="soc2").count() == 20
    assert portfolio.bridge_letters == SecurityEvidence.objects.filter(kind="bridge_letter").count()
    assert portfolio.use_cases == AIUseCase.objects.count()
    assert 20 <= portfolio.use_cases <= 40
    assert portfolio.audit_entries == LogEntry.objects.count()
    assert 120 <= portfolio.audit_entries <= 280


@pytest.mark.django_db
def test_the_loader_stores_the_derived_facts_of_every_vendor():
    load_portfolio(vendors=20)

    assert not Vendor.objects.filter(derived_on__isnull=True).exists()


@pytest.mark.django_db
def test_the_procurement_user_sees_only_its_assigned_tenth_and_the_auditor_sees_all(settings):
    settings.VENDOR_VISIBILITY = "assigned"
    portfolio = load_portfolio(vendors=20)
    people = get_user_model().objects

    assert portfolio.assigned == 2
    assert vendors_visible_to(people.get(username=portfolio.procurement)).count() == 2
    assert vendors_visible_to(people.get(username=portfolio.auditor)).count() == 20


def test_the_bench_uses_its_own_database_on_the_server_of_database_url():
    url = bench_database_url("postgres://postgres:secret@db.internal:5433/vendortrack", "vendortrack_bench")

    assert url == "postgresql://postgres:secret@db.internal:5433/vendortrack_bench"


def test_the_bench_refuses_a_database_whose_name_does_not_say_bench():
    with pytest.raises(SystemExit, match="must contain 'bench'"):
        bench_database_url("postgres://postgres@127.0.0.1:5432/vendortrack", "vendortrack")
