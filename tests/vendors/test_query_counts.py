"""The vendor list and the vendor page run a fixed number of SQL queries whatever the size of the portfolio."""

import factory
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AIServiceFactory, SecurityEvidenceFactory, SubProcessorFactory, VendorFactory
from tests.vendors.web import make_people, make_vendor

pytestmark = pytest.mark.django_db


def _queries(client, url: str, params: dict | None = None, *, cold: bool = False) -> int:
    client.get(url, params or {})  # warm the per-process caches (content types), which no vendor count changes
    if cold:
        cache.clear()  # the cached list or page body: count what rendering it reads
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def _list_queries(client, user, count: int, params: dict | None = None) -> tuple[int, int]:
    """The queries of the list rendered afresh, then served from the cache."""
    for vendor in VendorFactory.create_batch(count, owner=user):
        AIServiceFactory.create_batch(2, vendor=vendor, name=factory.Sequence(lambda n: f"Chat service {n}"))
        SecurityEvidenceFactory(vendor=vendor)
        SubProcessorFactory(vendor=vendor)
    client.force_login(user)
    url = reverse("vendors:list")
    return _queries(client, url, params, cold=True), _queries(client, url, params)


@pytest.mark.parametrize("params", [{}, {"q": "service", "blockers": "on", "sort": "risk"}], ids=["plain", "filtered"])
def test_the_vendor_list_query_count_does_not_grow_with_vendors(client, params):
    owner = make_people().owner

    small, small_cached = _list_queries(client, owner, 3, params)
    large, large_cached = _list_queries(client, owner, 30, params)

    assert (small, small_cached) == (large, large_cached)
    # Session, user, roles with permissions, the list's stamp, headline counts, the page of vendors, their services.
    assert large <= 7
    # From the cache: the first four.
    assert large_cached <= 4


def test_the_vendor_page_query_count_does_not_grow_with_services_and_evidence(client):
    owner = make_people().owner
    small = make_vendor(owner=owner, name="Small", services=1)
    large = make_vendor(owner=owner, name="Large", services=6)
    client.force_login(owner)

    small_count = _queries(client, reverse("vendors:detail", kwargs={"public_id": small.public_id}), cold=True)
    large_count = _queries(client, reverse("vendors:detail", kwargs={"public_id": large.public_id}), cold=True)
    cached_count = _queries(client, reverse("vendors:detail", kwargs={"public_id": large.public_id}))

    assert small_count == large_count
    # Session, user, roles with permissions, the vendor with its version; then the profile and its trail.
    assert large_count <= 14
    # The body from the cache: the first four, and the names of the people it shows besides the owner.
    assert cached_count <= 5
