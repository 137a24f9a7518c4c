"""The demo portfolio loads, loads again without changing anything, and holds the vendors the demo needs."""

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command

from contracts.models import Agreement, AnalysisState, ClauseFinding, DocumentVersion
from vendortrack.compliance.models import ReviewEvent
from vendortrack.rfis.models import Rfi, RfiQuestion
from vendortrack.vendors.models import (
    AIService,
    AIUseCase,
    ComplementaryUserEntityControl,
    DeploymentPath,
    Endpoint,
    FactSource,
    SecurityEvidence,
    Soc2State,
    SubProcessor,
    Vendor,
    VendorStatus,
    VendorType,
)
from vendortrack.vendors.permissions import vendors_visible_to

pytestmark = pytest.mark.django_db
MODELS = (
    Vendor,
    AIService,
    FactSource,
    Endpoint,
    SubProcessor,
    SecurityEvidence,
    ComplementaryUserEntityControl,
    AIUseCase,
)


DEMO_AGREEMENT_MODELS = (ClauseFinding, DocumentVersion, Agreement, RfiQuestion, Rfi, ReviewEvent)


def counts():
    every = (*MODELS, *DEMO_AGREEMENT_MODELS, LogEntry, get_user_model())
    return {model.__name__: model.objects.count() for model in every}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        first = counts()
        call_command("load_demo", stdout=io.StringIO())
        yield first
        for model in (*DEMO_AGREEMENT_MODELS, *MODELS):
            model.objects.all().delete()
        LogEntry.objects.all().delete()
        get_user_model().objects.all().delete()


def test_loading_twice_duplicates_and_changes_nothing(demo):
    assert counts() == demo
    assert demo["Vendor"] >= 9


def test_the_portfolio_has_the_kinds_of_vendor_the_demo_promises(demo):
    vendors = Vendor.objects.all()
    assert vendors.filter(soc2_state=Soc2State.BRIDGED).exists()
    assert vendors.filter(soc2_state=Soc2State.STALE).exists()
    assert vendors.filter(status=VendorStatus.REJECTED).exists()
    assert vendors.filter(status=VendorStatus.EVALUATING).exists()
    assert vendors.filter(vendor_type=VendorType.CLOUD_AI_PLATFORM).exists()
    assert AIService.objects.filter(deployment_path=DeploymentPath.ON_PREMISE_PRIVATE).exists()
    assert AIService.objects.filter(baa_available="no", baa_signed="no").exists()
    assert Endpoint.objects.filter(zdr_eligible="yes", baa_covered="yes").exists()
    assert Endpoint.objects.filter(baa_covered="no").exists()
    assert vendors.filter(has_blockers=True).count() >= 3
    assert AIUseCase.objects.filter(psychotherapy_notes=True).exists()
    assert AIUseCase.objects.filter(part2_records=True).exists()


def test_every_role_can_log_in_and_procurement_sees_most_but_not_all(demo, client):
    for username in ("procurement", "legal", "compliance", "auditor", "admin"):
        assert client.login(username=username, password="vendortrack-demo"), username
    procurement = get_user_model().objects.get(username="procurement")
    assert 0 < vendors_visible_to(procurement).count() < Vendor.objects.count()
    assert get_user_model().objects.get(username="admin").is_superuser


def test_demo_profile_entries_have_no_actor_and_agreements_are_uploaded_by_legal(demo):
    profile_entries = LogEntry.objects.filter(content_type__app_label="vendors")
    assert profile_entries.exists()
    assert not profile_entries.filter(actor__isnull=False).exists()
    uploads = LogEntry.objects.filter(content_type__model="documentversion")
    assert set(uploads.values_list("actor__username", flat=True)) == {"legal"}


def test_demo_agreements_are_analysed_with_findings(demo):
    assert Agreement.objects.count() >= 8
    assert set(DocumentVersion.objects.values_list("analysis_state", flat=True)) == {AnalysisState.DONE}
    assert ClauseFinding.objects.filter(status="contrary").exists()


def test_demo_has_draft_rfis_and_a_review_schedule(demo):
    assert Rfi.objects.filter(status="draft").count() >= 2
    assert RfiQuestion.objects.exists()
    assert ReviewEvent.objects.filter(vendor__name="Corvid Labs").exists()
