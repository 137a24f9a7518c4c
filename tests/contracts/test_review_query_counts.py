"""The review queue and the finding page run the same number of SQL queries with 2 findings as with 40, and no
more than they need: rendered afresh, and kept in the cache (contracts/review_cache.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import Decision, FindingStatus
from contracts.provisions import provisions_by_id
from contracts.review_cache import review_changed
from contracts.services import finding_decide
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
STATUSES = (FindingStatus.CONTRARY, FindingStatus.MISSING, FindingStatus.WEAK, FindingStatus.PRESENT)
# Rendered: session, user, the user's vendor access, the change stamps, the counts, the page of rows, the vendors.
QUEUE_QUERIES = 7
# Kept: session, user, the user's vendor access (their scope, and the top bar's role), the change stamps.
QUEUE_CACHED_QUERIES = 4
# Rendered after a write: session, user, vendor access, the change stamps, the finding with its agreement, history,
# neighbours, and the stamp under which whether the reader may decide every agreement is kept.
FINDING_PAGE_QUERIES = 8
# The first page a reader opens reads their permissions too (two queries, as Django's model backend does).
FINDING_PAGE_FIRST_QUERIES = 10
# Kept: session, user, vendor access, the change stamps, the stamp of whether the reader may decide.
FINDING_PAGE_CACHED_QUERIES = 5


def _fill(count: int, *, legal) -> None:  # noqa: ANN001
    """`count` findings over agreements of several vendors, each with evidence, some decided, some in conflict."""
    provision_ids = list(provisions_by_id())
    made = 0
    while made < count:
        agreement = AgreementFactory(vendor=VendorFactory())
        version = DocumentVersionFactory(agreement=agreement, number=1)
        for provision_id in provision_ids[: min(10, count - made)]:
            evidence = [{"page": 1, "section": "1", "text": "Business Associate shall not use", "start": 0, "end": 32}]
            finding = ClauseFindingFactory(
                version=version, provision_id=provision_id, status=STATUSES[made % 4], evidence=evidence
            )
            if made % 3 == 0:
                finding_decide(finding=finding, user=legal, decision=Decision.WAIVE, note="Accepted risk.")
            made += 1


def _queries(client, url: str, query: dict | None, headers: dict) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}, headers=headers).status_code == 200
    return len(queries)


def _count(client, url: str, query: dict | None = None, **headers: str) -> tuple[int, int, int]:  # noqa: ANN001
    """The queries of `url` rendered for a reader's first visit, rendered again after a write, then kept."""
    client.get(url, query or {}, headers=headers)  # warm the per-process caches (content types) first
    cache.clear()
    first = _queries(client, url, query, headers)
    review_changed()  # what every write the pages show does
    return first, _queries(client, url, query, headers), _queries(client, url, query, headers)


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ({}, {}),
        ({"undecided": "0", "severity": "critical", "status": "missing"}, {}),
        ({"conflicts": "1", "provision": "breach_notification"}, {"HX-Request": "true"}),
    ],
)
def test_the_queue_runs_a_fixed_number_of_queries(client, legal, query, headers):
    client.force_login(legal)
    _fill(2, legal=legal)
    few = _count(client, reverse("contracts:queue"), query, **headers)
    assert few[0] == few[1] <= QUEUE_QUERIES
    assert few[2] <= QUEUE_CACHED_QUERIES
    _fill(38, legal=legal)
    assert _count(client, reverse("contracts:queue"), query, **headers) == few


def test_the_finding_page_runs_a_fixed_number_of_queries(client, legal):
    client.force_login(legal)
    _fill(2, legal=legal)
    finding = DocumentVersionFactory().findings.create(
        provision_id="log_deletion", status="weak", severity="high", confidence=0.5
    )
    url = reverse("contracts:finding", args=[finding.version.agreement.public_id, finding.pk])
    few = _count(client, url)
    assert few[0] <= FINDING_PAGE_FIRST_QUERIES
    assert few[1] <= FINDING_PAGE_QUERIES
    assert few[2] <= FINDING_PAGE_CACHED_QUERIES
    _fill(38, legal=legal)
    finding_decide(finding=finding, user=legal, decision=Decision.WAIVE, note="First.")
    finding_decide(finding=finding, user=legal, decision=Decision.ACCEPT, note="Second.")
    assert _count(client, url) == few
