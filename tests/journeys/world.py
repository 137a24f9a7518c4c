"""The portfolio the journeys meet: people of every role and vendors with agreements, findings, RFIs and reviews.

Built through the same services the pages call, so what the browser shows is what a real portfolio would.
"""

import time
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from contracts.models import Agreement, AnalysisState, DocumentVersion
from contracts.versions import version_upload
from tests.contracts.documents import fixture_bytes, upload_args
from tests.factories import UserFactory
from tests.vendors.web import make_vendor
from vendortrack.accounts.roles import Role
from vendortrack.compliance.models import QuarterlyReview
from vendortrack.compliance.services import review_open, review_sign_off
from vendortrack.rfis.models import Rfi
from vendortrack.rfis.services import rfi_create
from vendortrack.vendors.models import Vendor


@dataclass(frozen=True)
class Portfolio:
    vendor: Vendor
    agreement: Agreement
    rfi: Rfi
    review: QuarterlyReview


def person(username: str, role: Role) -> AbstractBaseUser:
    return UserFactory(username=username, roles=[role])


def wait_until_analysed(version: DocumentVersion, timeout: float = 90.0) -> DocumentVersion:
    """The analysis runs in-process locally and in the real worker in CI: wait for it either way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        version.refresh_from_db()
        if version.analysis_state in (AnalysisState.DONE, AnalysisState.FAILED):
            assert version.analysis_state == AnalysisState.DONE, version.failure_reason
            return version
        time.sleep(0.2)
    raise AssertionError(f"version {version.number} was not analysed within {timeout:.0f} s")


def analysed_baa(*, vendor: Vendor, legal: AbstractBaseUser, fixture: str = "hipaa_minimum_baa.txt") -> Agreement:
    agreement = Agreement.objects.create(vendor=vendor, agreement_type="baa", title=f"{vendor.name} BAA")
    version = version_upload(agreement=agreement, user=legal, **upload_args(fixture_bytes(fixture), fixture))
    wait_until_analysed(version)
    return agreement


def portfolio(*, owner: AbstractBaseUser, legal: AbstractBaseUser, compliance: AbstractBaseUser) -> Portfolio:
    """A vendor with a full profile, an analysed BAA with flagged findings, a draft RFI and a signed-off review."""
    vendor = make_vendor(owner=owner, name="Acme Speech")
    agreement = analysed_baa(vendor=vendor, legal=legal)
    rfi = rfi_create(actor=owner, vendor=vendor, title="Security and data handling")
    review = review_open(actor=compliance, vendor=vendor)
    review_sign_off(actor=compliance, review=review, outcome="satisfactory")
    return Portfolio(vendor=vendor, agreement=agreement, rfi=rfi, review=review)
