"""The vendor list: only what the user may see, searched, filtered, sorted and paged, with or without htmx."""

import pytest
from django.urls import reverse

from tests.factories import AIServiceFactory, SubProcessorFactory, VendorFactory
from tests.vendors.web import make_people, make_vendor
from vendortrack.vendors.derived import vendor_refresh_derived
from vendortrack.vendors.models import VendorStatus
from vendortrack.vendors.selectors import VendorFilters, vendor_listing

pytestmark = pytest.mark.django_db
LIST = reverse("vendors:list")


def _names(response) -> list[str]:
    return [vendor.name for vendor in response.context["page"].object_list]


def test_it_requires_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_procurement_sees_only_the_vendors_it_owns(client):
    people = make_people()
    VendorFactory(name="Mine", owner=people.owner)
    VendorFactory(name="Theirs", owner=people.stranger)
    client.force_login(people.owner)

    response = client.get(LIST)

    assert _names(response) == ["Mine"]
    assert "Theirs" not in response.content.decode()
    assert response.context["counts"].total == 1


def test_auditor_sees_every_vendor_and_no_add_button(client):
    people = make_people()
    VendorFactory(name="Mine", owner=people.owner)
    VendorFactory(name="Theirs", owner=people.stranger)
    client.force_login(people.auditor)

    response = client.get(LIST)

    assert _names(response) == ["Mine", "Theirs"]
    assert reverse("vendors:create") not in response.content.decode()


def test_a_user_without_a_role_sees_nothing(client):
    people = make_people()
    VendorFactory(name="Mine", owner=people.owner)
    client.force_login(people.no_role)

    assert _names(client.get(LIST)) == []


def test_search_matches_vendor_service_and_subprocessor_names_once_each(client):
    people = make_people()
    by_name = VendorFactory(name="Whisperly", owner=people.owner)
    by_service = VendorFactory(name="Beta", owner=people.owner)
    AIServiceFactory(vendor=by_service, name="Whisper transcription")
    AIServiceFactory(vendor=by_service, name="Whisper diarisation")
    by_subprocessor = VendorFactory(name="Gamma", owner=people.owner)
    SubProcessorFactory(vendor=by_subprocessor, name="Whisper Hosting")
    VendorFactory(name="Delta", owner=people.owner)
    client.force_login(people.owner)

    response = client.get(LIST, {"q": "whisper"})

    assert _names(response) == [by_service.name, by_subprocessor.name, by_name.name]


def test_filters_narrow_by_status_blockers_and_stale_evidence(client):
    people = make_people()
    blocked = make_vendor(owner=people.owner, name="Blocked Co")
    VendorFactory(name="Rejected Co", owner=people.owner, status=VendorStatus.REJECTED)
    client.force_login(people.owner)

    assert _names(client.get(LIST, {"blockers": "on"})) == [blocked.name]
    assert _names(client.get(LIST, {"status": "rejected"})) == ["Rejected Co"]
    assert _names(client.get(LIST, {"risk_tier": blocked.risk_tier})) == [blocked.name]
    assert _names(client.get(LIST, {"stale": "on"})) == []


def test_sorting_by_risk_puts_the_highest_tier_first_and_can_reverse(client):
    people = make_people()
    low = VendorFactory(name="Aardvark", owner=people.owner)
    vendor_refresh_derived(low)
    critical = make_vendor(owner=people.owner, name="Zulu")
    client.force_login(people.owner)

    assert _names(client.get(LIST, {"sort": "risk"})) == [critical.name, low.name]
    assert _names(client.get(LIST, {"sort": "risk", "dir": "desc"})) == [low.name, critical.name]


def test_an_unknown_filter_value_is_ignored_rather_than_an_error(client):
    people = make_people()
    VendorFactory(name="Mine", owner=people.owner)
    client.force_login(people.owner)

    response = client.get(LIST, {"status": "nonsense", "sort": "drop table", "page": "x"})

    assert response.status_code == 200
    assert _names(response) == ["Mine"]


def test_pages_hold_25_vendors(client):
    people = make_people()
    VendorFactory.create_batch(27, owner=people.owner)
    client.force_login(people.owner)

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(_names(first)) == 25
    assert len(_names(second)) == 2
    assert "Showing 26–27 of 27 vendors" in second.content.decode()


def test_htmx_requests_get_only_the_results_partial(client):
    people = make_people()
    VendorFactory(name="Mine", owner=people.owner)
    client.force_login(people.owner)

    partial = client.get(LIST, {"q": "Mine"}, HTTP_HX_REQUEST="true")
    full = client.get(LIST, {"q": "Mine"})

    assert "<html" not in partial.content.decode()
    assert "Mine" in partial.content.decode()
    assert "<html" in full.content.decode()


def test_the_match_count_and_headline_counts_come_from_one_listing():
    people = make_people()
    matching = VendorFactory(name="Kestrel Speech", owner=people.owner)
    AIServiceFactory(vendor=matching, name="Kestrel transcription")
    AIServiceFactory(vendor=matching, name="Kestrel summaries")
    VendorFactory(name="Other Labs", owner=people.owner)

    listing = vendor_listing(user=people.owner, filters=VendorFilters(q="kestrel"))

    assert listing.matching == 1  # matched by its name and two services, counted once
    assert list(listing.vendors) == [matching]
    assert listing.counts.total == 2


def test_the_blocker_and_stale_counts_are_coloured_only_when_not_zero(client):
    people = make_people()
    VendorFactory(name="Blocked", owner=people.owner, has_blockers=True)
    client.force_login(people.owner)

    page = client.get(LIST).content.decode()

    assert '<div class="label">With blockers</div><div class="value u-text-no">1</div>' in page
    assert '<div class="label">Stale evidence</div><div class="value">0</div>' in page
