"""The vendor list serves its results from the cache, and shows every change to what it lists at once."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import SubProcessorFactory
from tests.vendors.web import make_people, make_vendor
from vendortrack.accounts.roles import Role
from vendortrack.vendors import services
from vendortrack.vendors.derived import vendors_refresh_derived
from vendortrack.vendors.models import AIService, SecurityEvidence
from vendortrack.vendors.permissions import vendor_grant, vendor_revoke

pytestmark = pytest.mark.django_db
LIST = reverse("vendors:list")


def _main(client, params: dict | None = None) -> str:
    """The headline numbers and the results: the top bar and the filter form are rendered anew on every request."""
    response = client.get(LIST, params or {})
    assert response.status_code == 200
    html = response.content.decode()
    return (
        html[html.index('<div class="grid') : html.index('<form class="toolbar"')]
        + html[html.index('<div id="vendor-results"') : html.index("</main>")]
    )


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def vendor(people):
    return make_vendor(owner=people.owner)


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_a_repeat_visit_shows_the_same_list_in_fewer_queries(client, people, vendor):
    _signed_in(client, people.owner)
    with CaptureQueriesContext(connection) as first:
        first_html = _main(client)
    with CaptureQueriesContext(connection) as repeat:
        repeat_html = _main(client)

    assert "Acme Speech" in first_html
    assert repeat_html == first_html
    # Session, user, roles with permissions, the stamp: nothing of the portfolio is read again.
    assert len(repeat) == 4
    assert len(repeat) < len(first)


def test_a_renamed_vendor_shows_at_once(client, people, vendor):
    _signed_in(client, people.owner)
    assert "Acme Speech" in _main(client)

    fields = {"name": "Acme Voice", "vendor_type": vendor.vendor_type, "status": vendor.status}
    services.vendor_update(actor=people.owner, vendor=vendor, fields=fields, subprocessors=services.InlineRows())

    html = _main(client)
    assert "Acme Voice" in html
    assert "Acme Speech<" not in html


def test_a_new_and_a_deleted_service_show_at_once(client, people, vendor):
    _signed_in(client, people.owner)
    assert "Transcription API" not in _main(client)

    service = services.service_save(
        actor=people.owner,
        vendor=vendor,
        service=AIService(),
        fields={"name": "Transcription API"},
        sources={},
        endpoints=services.InlineRows(),
    )
    assert "Transcription API" in _main(client)

    services.vendor_child_delete(actor=people.owner, vendor=vendor, child=service)
    assert "Transcription API" not in _main(client)


def test_a_risk_override_shows_at_once(client, people, vendor):
    _signed_in(client, people.owner)
    assert "Low" not in _main(client)

    services.vendor_set_risk_override(actor=people.owner, vendor=vendor, tier="low", reason="Research use only")

    assert "Low" in _main(client)


def test_the_daily_refresh_shows_a_report_gone_stale(client, people, vendor):
    """The derived facts are written with update(), which sends no signal: the refresh stamps the list itself."""
    _signed_in(client, people.owner)
    assert ">Stale<" not in _main(client)
    # As the calendar would make it, without a write of its own (and without travelling past the cache's expiry).
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    SecurityEvidence.objects.filter(vendor=vendor).update(
        period_start=long_ago - datetime.timedelta(days=365), period_end=long_ago
    )
    assert ">Stale<" not in _main(client)

    assert vendors_refresh_derived() == 1

    assert ">Stale<" in _main(client)


def test_a_new_sub_processor_is_found_by_search_at_once(client, people, vendor):
    _signed_in(client, people.owner)
    assert "Acme Speech" not in _main(client, {"q": "Zebrafish"})

    SubProcessorFactory(vendor=vendor, name="Zebrafish Hosting")

    assert "Acme Speech" in _main(client, {"q": "Zebrafish"})


def test_an_assignment_and_its_removal_show_at_once(client, people, vendor):
    _signed_in(client, people.stranger)
    assert "Acme Speech" not in _main(client)

    vendor_grant(vendor, user=people.stranger)
    assert "Acme Speech" in _main(client)

    vendor_revoke(vendor, user=people.stranger)
    assert "Acme Speech" not in _main(client)


def test_a_new_role_shows_at_once(client, people, vendor):
    _signed_in(client, people.stranger)
    assert "Acme Speech" not in _main(client)

    people.stranger.groups.add(Group.objects.get(name=Role.LEGAL))

    assert "Acme Speech" in _main(client)


def test_a_renamed_owner_shows_at_once(client, people, vendor):
    _signed_in(client, people.legal)
    assert ">owner<" in _main(client)

    people.owner.username = "priya.procurement"
    people.owner.save()

    assert "priya.procurement" in _main(client)


def test_signing_in_does_not_empty_the_cache(client, people, vendor):
    _signed_in(client, people.legal)
    _main(client)

    client.login(username=people.auditor.username, password="password")  # saves last_login alone
    client.force_login(people.auditor)
    with CaptureQueriesContext(connection) as repeat:
        _main(client)

    assert len(repeat) == 4


def test_readers_who_see_different_vendors_never_share_a_list(client, people, vendor):
    other = make_vendor(owner=people.stranger, name="Borealis Scribe")

    owner_html = _main(_signed_in(client, people.owner))
    stranger_html = _main(_signed_in(client, people.stranger))
    legal_html = _main(_signed_in(client, people.legal))

    assert "Acme Speech" in owner_html and "Borealis Scribe" not in owner_html
    assert "Borealis Scribe" in stranger_html and "Acme Speech" not in stranger_html
    assert "Acme Speech" in legal_html and "Borealis Scribe" in legal_html
    assert other.pk != vendor.pk


def test_readers_who_see_every_vendor_share_one_list(client, people, vendor):
    _main(_signed_in(client, people.legal))
    _signed_in(client, people.auditor)

    with CaptureQueriesContext(connection) as auditor:
        html = _main(client)

    assert "Acme Speech" in html
    assert len(auditor) == 4


def test_the_time_zone_is_part_of_the_key(client, people, vendor, settings):
    _signed_in(client, people.owner)
    _main(client)
    settings.TIME_ZONE = "Pacific/Kiritimati"

    with CaptureQueriesContext(connection) as other_zone:
        _main(client)

    assert len(other_zone) > 4
