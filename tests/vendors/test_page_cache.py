"""The vendor page serves its body from the cache, and shows every change to what it displays at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import EndpointFactory
from tests.vendors.web import make_people, make_vendor
from vendortrack.vendors.models import (
    AIService,
    Answer,
    ComplementaryUserEntityControl,
    Endpoint,
    FactField,
    FactSource,
    SourceKind,
)
from vendortrack.vendors.permissions import vendor_grant, vendor_revoke

pytestmark = pytest.mark.django_db


def _url(vendor) -> str:
    return reverse("vendors:detail", kwargs={"public_id": vendor.public_id})


def _html(client, vendor) -> str:
    """The page's main content: the top bar and messages around it are rendered anew on every request."""
    response = client.get(_url(vendor))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def vendor(people):
    return make_vendor(owner=people.owner)


@pytest.fixture
def owner_client(client, people):
    client.force_login(people.owner)
    return client


def test_a_repeat_visit_shows_the_same_page_in_fewer_queries(owner_client, vendor):
    with CaptureQueriesContext(connection) as first:
        first_html = _html(owner_client, vendor)
    with CaptureQueriesContext(connection) as repeat:
        repeat_html = _html(owner_client, vendor)

    assert repeat_html == first_html
    assert "Acme Speech service 0" in repeat_html
    # Session, user, roles and permissions, the vendor with its version and its owner's names.
    assert len(repeat.captured_queries) == 4 < len(first.captured_queries)


def test_a_repeat_visit_checks_the_names_of_other_people_in_one_query(owner_client, people, vendor):
    cuec = ComplementaryUserEntityControl.objects.get(evidence__vendor=vendor)
    cuec.owner = people.legal
    cuec.save()
    _html(owner_client, vendor)

    with CaptureQueriesContext(connection) as repeat:
        assert "legal ·" in _html(owner_client, vendor)

    assert len(repeat.captured_queries) == 5


def test_a_saved_service_shows_at_once(owner_client, vendor):
    _html(owner_client, vendor)
    service = AIService.objects.get(vendor=vendor)
    service.name = "Renamed transcription API"
    service.save()

    assert "Renamed transcription API" in _html(owner_client, vendor)


def test_a_changed_endpoint_coverage_lifts_the_blocker_at_once(owner_client, vendor):
    assert "1 blocker stops use of this vendor" in _html(owner_client, vendor)
    endpoint = Endpoint.objects.get(service__vendor=vendor, name="File storage")
    endpoint.baa_covered = Answer.YES
    endpoint.save()

    html = _html(owner_client, vendor)

    assert "blocker stops use" not in html
    assert "No blockers on the active use cases." in html


def test_an_endpoint_added_to_a_use_case_shows_at_once(owner_client, vendor):
    _html(owner_client, vendor)
    use_case = vendor.use_cases.get()
    use_case.endpoints.add(EndpointFactory(service=use_case.service, name="Batch jobs", baa_covered=Answer.NO))

    assert "PHI would reach Batch jobs, which the BAA does not cover." in _html(owner_client, vendor)


def test_a_deleted_service_disappears_at_once(owner_client, vendor):
    service = AIService.objects.get(vendor=vendor)
    assert service.name in _html(owner_client, vendor)

    response = owner_client.post(
        reverse("vendors:service_delete", kwargs={"public_id": vendor.public_id, "child_id": service.pk})
    )
    assert response.status_code == 302

    assert "No services recorded yet." in _html(owner_client, vendor)


def test_a_vendor_edit_shows_at_once(owner_client, vendor):
    _html(owner_client, vendor)
    vendor.description = "Now also offers a scribe for clinics."
    vendor.save()

    assert "Now also offers a scribe for clinics." in _html(owner_client, vendor)


def test_a_renamed_cuec_owner_shows_under_the_new_name(owner_client, people, vendor):
    cuec = ComplementaryUserEntityControl.objects.get(evidence__vendor=vendor)
    cuec.owner = people.legal
    cuec.save()
    assert "legal ·" in _html(owner_client, vendor)

    people.legal.username = "privacy-counsel"
    people.legal.save()

    assert "privacy-counsel ·" in _html(owner_client, vendor)


def test_a_renamed_vendor_owner_shows_under_the_new_name(owner_client, people, vendor):
    _html(owner_client, vendor)
    people.owner.username = "procurement-lead"
    people.owner.save()

    assert "owner procurement-lead" in _html(owner_client, vendor)


def test_a_deleted_cuec_owner_leaves_the_control_without_owner(client, people, vendor):
    client.force_login(people.admin)
    cuec = ComplementaryUserEntityControl.objects.get(evidence__vendor=vendor)
    cuec.owner = people.compliance
    cuec.save()
    assert "compliance ·" in _html(client, vendor)
    assert "No owner" not in _html(client, vendor)

    people.compliance.delete()

    assert "No owner" in _html(client, vendor)


def test_fact_ages_move_on_with_the_calendar(owner_client, people, vendor, time_machine):
    time_machine.move_to(timezone.now())
    assert "Confirmed 134 days ago" in _html(owner_client, vendor)

    time_machine.shift(datetime.timedelta(days=1))
    owner_client.force_login(people.owner)  # the session has been idle for a day

    assert "Confirmed 135 days ago" in _html(owner_client, vendor)


def test_each_reader_sees_the_write_controls_they_may_use(client, people, vendor):
    edit = reverse("vendors:edit", kwargs={"public_id": vendor.public_id})
    client.force_login(people.owner)
    assert edit in _html(client, vendor)

    client.force_login(people.auditor)
    assert edit not in _html(client, vendor)

    client.force_login(people.owner)
    assert edit in _html(client, vendor)


def test_a_grant_of_change_rights_shows_the_write_controls_at_once(client, people, vendor):
    edit = reverse("vendors:edit", kwargs={"public_id": vendor.public_id})
    vendor_grant(vendor, user=people.stranger, can_change=False)
    client.force_login(people.stranger)
    assert edit not in _html(client, vendor)

    vendor_grant(vendor, user=people.stranger, can_change=True)

    assert edit in _html(client, vendor)


def test_a_revoked_reader_gets_404_even_with_the_body_cached(client, people, vendor):
    vendor_grant(vendor, user=people.stranger, can_change=False)
    client.force_login(people.stranger)
    _html(client, vendor)

    vendor_revoke(vendor, user=people.stranger)

    assert client.get(_url(vendor)).status_code == 404


def test_a_new_fact_source_shows_at_once(owner_client, vendor):
    _html(owner_client, vendor)
    FactSource.objects.create(
        service=AIService.objects.get(vendor=vendor),
        field=FactField.TELEMETRY,
        source_kind=SourceKind.VENDOR_DOCUMENT,
        reference="Trust centre, data controls page",
        confirmed_on=timezone.localdate(),
    )

    assert "Trust centre, data controls page" in _html(owner_client, vendor)
