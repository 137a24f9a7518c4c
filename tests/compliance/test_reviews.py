"""Quarterly reviews: pre-filled checklist and attestations, drift since the last review, sign-off and its effects."""

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import default_storage

from tests.compliance.conftest import TODAY, at
from tests.factories import SubProcessorFactory, UserFactory
from tests.vendors.web import make_people, make_vendor
from vendortrack.accounts.roles import Role
from vendortrack.compliance.errors import ComplianceError
from vendortrack.compliance.models import AttestationState, EventStatus, PromisedSetting, ReviewStatus
from vendortrack.compliance.services import review_open, review_save, review_sign_off, schedule_sync_vendor
from vendortrack.vendors.models import AIService, Telemetry

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    schedule_sync_vendor(vendor=vendor)
    return people, vendor


def _checklist(review) -> dict[str, dict]:
    return {item["key"]: item for item in review.checklist}


def test_a_new_review_is_pre_filled_from_the_vendors_data(world):
    people, vendor = world

    review = review_open(actor=people.compliance, vendor=vendor)

    checklist = _checklist(review)
    assert list(checklist) == ["soc2", "subprocessors", "retention", "incidents", "findings", "use_cases"]
    assert checklist["soc2"]["state"] == "ok"
    assert checklist["use_cases"]["state"] == "attention"  # the use case calls an uncovered endpoint
    assert checklist["incidents"]["state"] == "unknown"
    coverage = review.attestations.get(setting=PromisedSetting.ENDPOINT_COVERAGE)
    assert coverage.state == AttestationState.DOES_NOT_HOLD
    assert "File storage" in coverage.observed
    retention = review.attestations.get(setting=PromisedSetting.ZERO_RETENTION)
    assert retention.state == AttestationState.HOLDS
    assert review.event.key == "quarterly_review"


def test_opening_a_review_twice_returns_the_one_in_progress(world):
    people, vendor = world

    assert review_open(actor=people.compliance, vendor=vendor) == review_open(actor=people.compliance, vendor=vendor)


def test_signing_off_closes_the_event_schedules_the_next_review_and_makes_the_pdf(
    world, django_capture_on_commit_callbacks
):
    people, vendor = world
    review = review_open(actor=people.compliance, vendor=vendor)
    event = review.event

    with django_capture_on_commit_callbacks(execute=True):
        review_sign_off(actor=people.compliance, review=review, outcome="satisfactory")

    review.refresh_from_db()
    event.refresh_from_db()
    assert review.status == ReviewStatus.SIGNED_OFF
    assert event.status == EventStatus.DONE
    following = vendor.review_events.get(key="quarterly_review", status=EventStatus.OPEN)
    assert following.due_on > TODAY
    assert review.pdf and default_storage.open(review.pdf.name).read(5) == b"%PDF-"
    assert LogEntry.objects.filter(additional_data__vendor_id=vendor.pk, object_repr__startswith="Review").exists()


def test_a_signed_off_review_cannot_be_changed_or_signed_again(world):
    people, vendor = world
    review = review_open(actor=people.compliance, vendor=vendor)
    review_sign_off(actor=people.compliance, review=review, outcome="actions_required")

    with pytest.raises(ComplianceError):
        review_sign_off(actor=people.compliance, review=review, outcome="satisfactory")
    with pytest.raises(ComplianceError):
        review_save(actor=people.compliance, review=review, notes="late", attestations={})


def test_sign_off_needs_an_outcome(world):
    people, vendor = world
    review = review_open(actor=people.compliance, vendor=vendor)

    with pytest.raises(ComplianceError):
        review_sign_off(actor=people.compliance, review=review, outcome="")


def test_the_next_review_records_drift_and_sub_processor_changes_since_the_last(world, clock):
    people, vendor = world
    first = review_open(actor=people.compliance, vendor=vendor)
    review_sign_off(actor=people.compliance, review=first, outcome="satisfactory")
    clock.move_to(at(TODAY.replace(month=9)))
    AIService.objects.filter(vendor=vendor).update(telemetry=Telemetry.ON)
    SubProcessorFactory(vendor=vendor, name="New Analytics Co", first_seen=TODAY.replace(month=8))

    second = review_open(actor=people.compliance, vendor=vendor)

    telemetry = second.attestations.get(setting=PromisedSetting.TELEMETRY_OFF)
    assert telemetry.drifted is True
    assert (telemetry.previous_observed, telemetry.observed) == ("Off", "On")
    assert telemetry.state == AttestationState.DOES_NOT_HOLD
    assert second.previous == first
    assert not second.attestations.get(setting=PromisedSetting.ZERO_RETENTION).drifted
    assert "New Analytics Co" in _checklist(second)["subprocessors"]["detail"]
    assert _checklist(second)["retention"]["state"] == "attention"


def test_saving_records_each_attestation_and_the_notes(world):
    people, vendor = world
    review = review_open(actor=people.compliance, vendor=vendor)
    coverage = review.attestations.get(setting=PromisedSetting.ENDPOINT_COVERAGE)

    review_save(
        actor=people.compliance,
        review=review,
        notes="Vendor confirmed on a call.",
        attestations={coverage.pk: (AttestationState.HOLDS, "Amendment 2 adds file storage")},
    )

    coverage.refresh_from_db()
    review.refresh_from_db()
    assert (coverage.state, coverage.note) == (AttestationState.HOLDS, "Amendment 2 adds file storage")
    assert review.notes == "Vendor confirmed on a call."


def test_a_review_signed_off_the_web_way_redirects_and_others_cannot(client, world):
    people, vendor = world
    review = review_open(actor=people.compliance, vendor=vendor)
    url = f"/compliance/reviews/{review.public_id}/sign-off/"

    client.force_login(people.legal)
    assert client.post(url, {"outcome": "satisfactory"}).status_code == 403
    client.force_login(UserFactory(username="carol", roles=[Role.COMPLIANCE]))
    assert client.post(url, {"outcome": "satisfactory"}).status_code == 302

    review.refresh_from_db()
    assert review.status == ReviewStatus.SIGNED_OFF


def test_a_signed_off_review_is_shown_without_any_form(client, world):
    people, vendor = world
    review = review_open(actor=people.compliance, vendor=vendor)
    url = f"/compliance/reviews/{review.public_id}/"
    client.force_login(people.compliance)
    assert 'method="post"' in client.get(url).content.decode()

    review_sign_off(actor=people.compliance, review=review, outcome="satisfactory")
    html = client.get(url).content.decode()

    assert "Signed off" in html
    assert "<form" not in html[html.index("<main") : html.index("</main>")]
