"""The create and edit forms: a valid form writes through the services; any error shows in place and writes nothing."""

import datetime
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import AIServiceFactory, VendorFactory
from tests.vendors.pdf_samples import readable_pdf
from tests.vendors.web import make_people, make_vendor
from vendortrack.vendors.models import (
    AIService,
    AIUseCase,
    Endpoint,
    FactSource,
    SecurityEvidence,
    SubProcessor,
    Vendor,
)

pytestmark = pytest.mark.django_db
MODELS = (Vendor, SubProcessor, AIService, Endpoint, FactSource, SecurityEvidence, AIUseCase, LogEntry)


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """A media folder of this test's own: the shared one also receives files from test runs going on beside it, which
    made "nothing was stored" fail at random."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return set(root.rglob("*")) if root.exists() else set()


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _vendor_post(name: str, **extra: str) -> dict[str, str]:
    return {"name": name, "vendor_type": "model_provider", "status": "evaluating", **_management("sub", 0), **extra}


def _url(name: str, vendor: Vendor, **kwargs: object) -> str:
    return reverse(f"vendors:{name}", kwargs={"public_id": vendor.public_id, **kwargs})


# ---- Vendor -------------------------------------------------------------------------------------------------------


def test_creating_a_vendor_with_a_subprocessor_makes_the_creator_owner_and_records_it(client):
    people = make_people()
    client.force_login(people.owner)
    data = _vendor_post("Lumen Scribe", **_management("sub", 1))
    data.update({"sub-0-name": "Cloudy Hosting", "sub-0-touches_phi": "yes", "sub-0-baa_flow_down": "unknown"})
    data["sub-0-first_seen"] = "2025-01-10"

    response = client.post(reverse("vendors:create"), data)

    vendor = Vendor.objects.get(name="Lumen Scribe")
    assert response.status_code == 302
    assert response.url == _url("detail", vendor)
    assert vendor.owner == people.owner
    assert [s.name for s in vendor.subprocessors.all()] == ["Cloudy Hosting"]
    assert LogEntry.objects.filter(additional_data__vendor_id=vendor.pk, actor=people.owner).count() == 2


def test_a_duplicate_vendor_name_is_a_field_error_and_nothing_is_written(client):
    people = make_people()
    VendorFactory(name="Lumen Scribe", owner=people.stranger)
    client.force_login(people.owner)
    before = _row_counts()
    data = _vendor_post("lumen scribe  ", **_management("sub", 1))
    data.update({"sub-0-name": "Cloudy", "sub-0-touches_phi": "yes", "sub-0-baa_flow_down": "yes"})
    data["sub-0-first_seen"] = "2025-01-10"

    response = client.post(reverse("vendors:create"), data)

    assert response.status_code == 200
    assert "A vendor named “lumen scribe” already exists." in response.content.decode()
    assert response.context["form"].errors["name"]
    assert _row_counts() == before


def test_a_subprocessor_seen_last_before_first_is_a_row_error_and_nothing_is_written(client):
    people = make_people()
    client.force_login(people.owner)
    before = _row_counts()
    data = _vendor_post("Lumen Scribe", **_management("sub", 1))
    data.update({"sub-0-name": "Cloudy", "sub-0-touches_phi": "yes", "sub-0-baa_flow_down": "yes"})
    data.update({"sub-0-first_seen": "2025-05-10", "sub-0-last_seen": "2025-01-10"})

    response = client.post(reverse("vendors:create"), data)

    assert "Last seen cannot be before first seen." in response.content.decode()
    assert _row_counts() == before


def test_editing_a_vendor_deletes_a_ticked_subprocessor_row(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    sub = vendor.subprocessors.get()
    client.force_login(people.owner)
    data = _vendor_post(vendor.name, **_management("sub", 1, initial=1))
    data.update({"sub-0-id": str(sub.pk), "sub-0-name": sub.name, "sub-0-touches_phi": "yes"})
    data.update({"sub-0-baa_flow_down": "yes", "sub-0-first_seen": "2024-01-15", "sub-0-DELETE": "on"})

    response = client.post(_url("edit", vendor), data)

    assert response.status_code == 302
    assert not SubProcessor.objects.filter(pk=sub.pk).exists()


def test_a_risk_override_needs_a_reason(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    client.force_login(people.owner)

    refused = client.post(_url("risk", vendor), {"risk_tier_override": "low", "risk_override_reason": " "})
    accepted = client.post(_url("risk", vendor), {"risk_tier_override": "low", "risk_override_reason": "Pilot only"})

    assert "an override needs a reason" in refused.content.decode()
    assert accepted.status_code == 302
    vendor.refresh_from_db()
    assert (vendor.risk_tier, vendor.risk_override_reason) == ("low", "Pilot only")


# ---- Service ------------------------------------------------------------------------------------------------------


def _service_post(name: str, **extra: str) -> dict[str, str]:
    data = {
        "name": name,
        "deployment_path": "hipaa_eligible_api",
        "training_use": "unknown",
        "telemetry": "unknown",
        **{f: "unknown" for f in ("baa_available", "baa_signed", "encryption_in_transit", "encryption_at_rest")},
        **{f: "unknown" for f in ("customer_managed_keys", "sso_mfa", "audit_logs")},
        **_management("ep", 0),
    }
    data.update(extra)
    return data


def test_creating_a_service_saves_its_sources_and_endpoints(client):
    people = make_people()
    vendor = VendorFactory(owner=people.owner)
    client.force_login(people.owner)
    data = _service_post("Transcribe API", baa_signed="yes", **_management("ep", 1))
    data.update({"src-baa_signed-source_kind": "agreement_clause", "src-baa_signed-reference": "BAA §2"})
    data["src-baa_signed-confirmed_on"] = "2025-04-01"
    data.update({"ep-0-name": "Batch", "ep-0-baa_covered": "no", "ep-0-zdr_eligible": "unknown"})

    response = client.post(_url("service_create", vendor), data)

    assert response.status_code == 302
    service = vendor.services.get()
    source = service.fact_sources.get()
    assert (source.field, source.reference, source.confirmed_on) == ("baa_signed", "BAA §2", datetime.date(2025, 4, 1))
    assert source.confirmed_by == people.owner
    assert [(e.name, e.baa_covered) for e in service.endpoints.all()] == [("Batch", "no")]


def test_a_source_without_a_date_is_a_field_error_and_nothing_is_written(client):
    people = make_people()
    vendor = VendorFactory(owner=people.owner)
    client.force_login(people.owner)
    before = _row_counts()
    data = _service_post("Transcribe API", **{"src-telemetry-source_kind": "person"})

    response = client.post(_url("service_create", vendor), data)

    assert "When was this last confirmed?" in response.content.decode()
    assert _row_counts() == before


def test_a_duplicate_service_name_in_the_same_vendor_is_a_field_error(client):
    people = make_people()
    vendor = VendorFactory(owner=people.owner)
    AIServiceFactory(vendor=vendor, name="Transcribe API")
    client.force_login(people.owner)
    before = _row_counts()

    response = client.post(_url("service_create", vendor), _service_post("transcribe api"))

    assert "already has a service with this name" in response.content.decode()
    assert _row_counts() == before


# ---- Evidence -----------------------------------------------------------------------------------------------------


def _evidence_post(file: SimpleUploadedFile | None, **extra: str) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "soc2_type2",
        "title": "SOC 2 Type II 2025",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "opinion": "unqualified",
        "exceptions_noted": "0",
        "trust_services_criteria": ["security", "privacy"],
    }
    if file is not None:
        data["file"] = file
    data.update(extra)
    return data


def test_uploading_a_pdf_stores_it_under_a_hashed_name_with_its_sha256(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    client.force_login(people.owner)
    pdf = readable_pdf()

    response = client.post(
        _url("evidence_upload", vendor), _evidence_post(SimpleUploadedFile("my report.pdf", pdf, "application/pdf"))
    )

    assert response.status_code == 302
    evidence = vendor.evidence.get(title="SOC 2 Type II 2025")
    assert len(evidence.file_sha256) == 64
    assert evidence.file.name.endswith(f"soc2_type2-{evidence.file_sha256[:16]}.pdf")
    assert str(vendor.public_id) in evidence.file.name
    assert evidence.trust_services_criteria == ["security", "privacy"]
    assert evidence.uploaded_by == people.owner
    downloaded = client.get(_url("evidence_file", vendor, evidence_id=evidence.pk))
    assert b"".join(downloaded.streaming_content) == pdf
    assert "attachment" in downloaded["Content-Disposition"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("report.pdf", b"Quarterly notes\n" * 20, "application/pdf"), "This file is not a PDF"),
        (SimpleUploadedFile("report.pdf", b"", "application/pdf"), "The submitted file is empty."),
        (SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"\x00" * 400, "application/pdf"), "damaged or incomplete"),
    ],
    ids=["renamed-text-file", "empty-file", "damaged-pdf"],
)
def test_a_bad_file_is_refused_in_place_and_nothing_is_stored(client, upload, message):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    client.force_login(people.owner)
    before, files_before = _row_counts(), _stored_files()

    response = client.post(_url("evidence_upload", vendor), _evidence_post(upload))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _row_counts() == before
    assert _stored_files() == files_before


def test_an_oversized_file_is_refused_and_nothing_is_stored(client, settings):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    client.force_login(people.owner)
    pdf = readable_pdf()
    settings.EVIDENCE_MAX_BYTES = len(pdf) - 1
    before, files_before = _row_counts(), _stored_files()

    response = client.post(_url("evidence_upload", vendor), _evidence_post(SimpleUploadedFile("r.pdf", pdf)))

    assert "the limit is" in response.content.decode()
    assert _row_counts() == before
    assert _stored_files() == files_before


def test_a_period_that_ends_before_it_starts_is_a_field_error_and_nothing_is_stored(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    client.force_login(people.owner)
    before, files_before = _row_counts(), _stored_files()
    upload = SimpleUploadedFile("r.pdf", readable_pdf())

    response = client.post(
        _url("evidence_upload", vendor), _evidence_post(upload, period_start="2025-06-01", period_end="2025-01-31")
    )

    assert response.context["form"].errors["period_end"] == ["The period ends before it starts. Check both dates."]
    assert _row_counts() == before
    assert _stored_files() == files_before


def test_editing_evidence_adds_a_cuec_with_an_owner(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    evidence = vendor.evidence.get()
    client.force_login(people.owner)
    data = _evidence_post(None, title=evidence.title, **_management("cuec", 2, initial=1))
    cuec = evidence.cuecs.get()
    data.update({"cuec-0-id": str(cuec.pk), "cuec-0-reference": cuec.reference, "cuec-0-description": "x"})
    data.update({"cuec-0-status": "in_place", "cuec-0-owner": str(people.owner.pk)})
    data.update({"cuec-1-reference": "CUEC-9", "cuec-1-description": "Review access"})
    data.update({"cuec-1-owner": str(people.owner.pk), "cuec-1-status": "gap"})

    response = client.post(_url("evidence_edit", vendor, evidence_id=evidence.pk), data)

    assert response.status_code == 302
    assert list(evidence.cuecs.values_list("reference", "owner__username", "status")) == [
        (cuec.reference, "owner", "in_place"),
        ("CUEC-9", "owner", "gap"),
    ]


# ---- Use cases and deletes ----------------------------------------------------------------------------------------


def test_a_use_case_calling_another_services_endpoint_is_refused(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner, services=2)
    first, second = vendor.services.order_by("name")
    client.force_login(people.owner)
    before = _row_counts()
    data = {"name": "Coding", "service": first.pk, "task_class": "clinical_phi", "touches_phi": "yes"}
    data.update({"clinical_judgement": "none", "status": "proposed", "endpoints": [second.endpoints.first().pk]})

    response = client.post(_url("use_case_create", vendor), data)

    assert f"Choose endpoints of {first.name} only." in response.content.decode()
    assert _row_counts() == before


def test_a_new_use_case_on_an_uncovered_endpoint_makes_the_vendor_blocked(client):
    people = make_people()
    vendor = VendorFactory(owner=people.owner)
    service = AIServiceFactory(vendor=vendor)
    uncovered = Endpoint.objects.create(service=service, name="Assistants", baa_covered="no")
    client.force_login(people.owner)
    data = {"name": "Inbox triage", "service": service.pk, "task_class": "clinical_phi", "touches_phi": "yes"}
    data.update({"clinical_judgement": "none", "status": "proposed", "endpoints": [uncovered.pk]})

    response = client.post(_url("use_case_create", vendor), data)

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.has_blockers is True
    assert vendor.use_cases.get().requested_by == people.owner


def test_deleting_a_service_asks_first_then_deletes_on_post(client):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    service = vendor.services.get()
    client.force_login(people.owner)
    url = _url("service_delete", vendor, child_id=service.pk)

    confirm = client.get(url)
    assert AIService.objects.filter(pk=service.pk).exists()
    deleted = client.post(url)

    assert "Delete service" in confirm.content.decode()
    assert deleted.status_code == 302
    assert not AIService.objects.filter(pk=service.pk).exists()
    vendor.refresh_from_db()
    assert vendor.has_blockers is False
