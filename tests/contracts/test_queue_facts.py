"""The queue facts stored on each finding stay equal to what they mirror, whatever is written and by which path."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from contracts.access import agreement_grant
from contracts.conflicts import NOT_IN_FORCE, find_conflicts
from contracts.models import Agreement, AgreementStatus, AgreementType, ClauseFinding, DocumentVersion
from contracts.services import agreement_update
from contracts.tasks import analyse_document_version
from contracts.versions import version_rerun, version_upload
from tests.contracts.documents import TRAINING_ALLOWED, TRAINING_FORBIDDEN, upload_args
from tests.contracts.factories import AgreementFactory
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("contracts:queue")


def _truth() -> dict[int, tuple]:
    """Every finding's facts as computed from the rows they mirror (nothing stored is read)."""
    findings = list(ClauseFinding.objects.select_related("version__agreement__vendor"))
    current = [f for f in findings if f.version.is_current]
    by_vendor: dict[int, list] = {}
    for finding in current:
        if finding.version.agreement.status not in NOT_IN_FORCE:
            by_vendor.setdefault(finding.version.agreement.vendor_id, []).append(finding)
    sides = {s.pk for group in by_vendor.values() for c in find_conflicts(group) for s in (c.present, c.contrary)}
    return {
        f.pk: (f.version.is_current, f.pk in sides, f.version.agreement.vendor.name, f.version.agreement.title)
        for f in findings
    }


def _assert_true_to_the_rows() -> None:
    fields = ("pk", "is_current", "in_conflict", "vendor_name", "agreement_title")
    stored = {pk: tuple(facts) for pk, *facts in ClauseFinding.objects.values_list(*fields)}
    assert stored == _truth()


def _analysed(agreement: Agreement, user, text: str) -> DocumentVersion:  # noqa: ANN001
    version = version_upload(agreement=agreement, user=user, **upload_args(text.encode()))
    analyse_document_version(version.pk)
    return version


@pytest.fixture
def portfolio(legal):  # noqa: ANN001, ANN201
    """One vendor whose BAA forbids training on PHI and whose terms allow it: a conflict, found by the engine."""
    vendor = VendorFactory(name="Nimbus AI")
    baa = AgreementFactory(vendor=vendor, title="Nimbus BAA")
    terms = AgreementFactory(vendor=vendor, title="Nimbus terms", agreement_type=AgreementType.TOS)
    _analysed(baa, legal, TRAINING_FORBIDDEN)
    _analysed(terms, legal, TRAINING_ALLOWED)
    return baa, terms


def _in_conflict(agreement: Agreement) -> set[str]:
    findings = ClauseFinding.objects.filter(version__agreement=agreement, is_current=True, in_conflict=True)
    return set(findings.values_list("provision_id", flat=True))


def _conflict_rows(client, user) -> list:  # noqa: ANN001
    client.force_login(user)
    response = client.get(QUEUE, {"conflicts": "1", "undecided": "0"})
    assert response.status_code == 200
    return [row.finding for row in response.context["q"].rows]


def test_the_analysis_stores_every_fact_and_the_conflict_it_finds(client, legal, portfolio):
    baa, terms = portfolio
    _assert_true_to_the_rows()
    assert "no_training_on_phi" in _in_conflict(baa) & _in_conflict(terms)
    listed = _conflict_rows(client, legal)
    assert [(f.version.agreement, f.provision_id) for f in listed] == [(terms, "no_training_on_phi")]
    assert listed[0].has_conflict


def test_a_new_version_that_settles_the_conflict_clears_both_sides(client, legal, portfolio):
    baa, terms = portfolio
    _analysed(terms, legal, TRAINING_FORBIDDEN.replace("1. Use", "1. Data use"))
    _assert_true_to_the_rows()
    assert _in_conflict(baa) == _in_conflict(terms) == set()
    assert _conflict_rows(client, legal) == []


def test_a_rerun_hands_the_findings_back_to_the_version_before(legal, portfolio, monkeypatch):
    _baa, terms = portfolio
    second = _analysed(terms, legal, TRAINING_FORBIDDEN)
    monkeypatch.setattr("contracts.versions._enqueue_analysis", lambda version_id: None)
    version_rerun(version=second, user=legal)
    _assert_true_to_the_rows()
    assert "no_training_on_phi" in _in_conflict(terms)  # version 1, current again, contradicts the BAA


def test_an_agreement_no_longer_in_force_leaves_the_conflict(client, legal, portfolio):
    baa, terms = portfolio
    agreement_update(actor=legal, agreement=terms, fields={"status": AgreementStatus.TERMINATED})
    _assert_true_to_the_rows()
    assert _in_conflict(baa) == set()
    assert _conflict_rows(client, legal) == []


def test_renaming_a_vendor_or_an_agreement_reorders_the_queue(client, legal, portfolio):
    baa, terms = portfolio
    other = AgreementFactory(vendor=VendorFactory(name="Acme Speech"), title="Acme BAA")
    _analysed(other, legal, TRAINING_ALLOWED)
    client.force_login(legal)

    def vendors_in_order() -> list[str]:
        rows = client.get(QUEUE, {"provision": "no_training_on_phi"}).context["q"].rows
        return [row.finding.vendor_name for row in rows]

    assert vendors_in_order() == ["Acme Speech", "Nimbus AI"]
    vendor = terms.vendor
    vendor.name = "Aardvark AI"
    vendor.save()
    baa.title = "Aardvark BAA"
    baa.save()
    _assert_true_to_the_rows()
    assert vendors_in_order() == ["Aardvark AI", "Acme Speech"]


def test_moving_or_deleting_an_agreement_clears_the_conflict_it_left(legal, portfolio):
    baa, terms = portfolio
    terms.vendor = VendorFactory()
    terms.save()
    _assert_true_to_the_rows()
    assert _in_conflict(baa) == set()

    terms.vendor = baa.vendor
    terms.save()
    assert "no_training_on_phi" in _in_conflict(baa)
    terms.delete()
    _assert_true_to_the_rows()
    assert _in_conflict(baa) == set()


def test_deleting_the_current_version_makes_the_one_before_current(legal, portfolio):
    _baa, terms = portfolio
    second = _analysed(terms, legal, TRAINING_FORBIDDEN)
    assert _in_conflict(terms) == set()
    second.delete()
    _assert_true_to_the_rows()
    assert "no_training_on_phi" in _in_conflict(terms)


def test_someone_who_cannot_see_the_other_side_sees_no_conflict(client, no_role, portfolio):
    _baa, terms = portfolio
    agreement_grant(terms, user=no_role, can_change=False)
    client.force_login(no_role)
    rows = client.get(QUEUE, {"undecided": "0"}).context["q"].rows
    assert rows and not any(row.finding.has_conflict for row in rows)
    assert _conflict_rows(client, no_role) == []


def test_the_data_migration_fills_the_facts_of_existing_findings(legal, portfolio):
    ClauseFinding.objects.update(is_current=False, in_conflict=False, vendor_name="", agreement_title="")
    migration = importlib.import_module("contracts.migrations.0005_fill_finding_queue_facts")
    migration.fill(apps, None)
    _assert_true_to_the_rows()
    assert ClauseFinding.objects.filter(in_conflict=True).count() == 2
