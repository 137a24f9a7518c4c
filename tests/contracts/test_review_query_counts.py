"""The review queue and the finding page run the same number of SQL queries with 2 findings as with 40, and no
more than they need."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import Decision, FindingStatus
from contracts.provisions import provisions_by_id
from contracts.services import finding_decide
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
STATUSES = (FindingStatus.CONTRARY, FindingStatus.MISSING, FindingStatus.WEAK, FindingStatus.PRESENT)
QUEUE_QUERIES = 6
FINDING_PAGE_QUERIES = 7


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


def _count(client, url: str, query: dict | None = None, **headers: str) -> int:  # noqa: ANN001
    client.get(url, query or {}, headers=headers)  # warm the per-process caches (content types) first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}, headers=headers).status_code == 200
    return len(queries)


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
    # Session, user, the user's vendor access, the counts, the page of rows, the vendor choices.
    assert few <= QUEUE_QUERIES
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
    # Session, user, the finding with its agreement, vendor access, change permission, history, neighbours.
    assert few <= FINDING_PAGE_QUERIES
    _fill(38, legal=legal)
    finding_decide(finding=finding, user=legal, decision=Decision.WAIVE, note="First.")
    finding_decide(finding=finding, user=legal, decision=Decision.ACCEPT, note="Second.")
    assert _count(client, url) == few
