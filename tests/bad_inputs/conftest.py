"""The hostile files, the people who upload them, and a record of everything an upload could write."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from contracts.models import Agreement, ClauseFinding, DocumentVersion
from tests.bad_inputs.corpus import CORPUS, load_build
from tests.contracts.factories import AgreementFactory
from tests.factories import UserFactory, VendorFactory
from vendortrack.accounts.roles import Role
from vendortrack.rfis import services as rfi_services
from vendortrack.rfis.models import Rfi, RfiAttachment, RfiQuestion
from vendortrack.rfis.response_link import link_create
from vendortrack.vendors.models import SecurityEvidence


@pytest.fixture(scope="session")
def large_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The corpus files over a megabyte, built once per run into a temporary directory."""
    build = load_build()
    folder = tmp_path_factory.mktemp("bad_inputs_large")
    return {path.name: path for path in build.build(build.LARGE, folder)}


@pytest.fixture(scope="session")
def corpus_file(large_files: dict[str, Path]) -> Callable[[str], Path]:
    return lambda name: large_files.get(name) or CORPUS / name


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):  # noqa: ANN001, ANN202
    """Uploads go to a media directory of this test alone, so that "no file was written" can be checked."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.RFI_LINK_RATE_LIMIT = 10_000
    cache.clear()
    yield
    cache.clear()


@dataclass(frozen=True)
class Written:
    """Everything an upload can leave behind: rows of each kind and the files in the media directory."""

    versions: int
    findings: int
    agreements_in_review: int
    evidence: int
    attachments: int
    answers: int
    audit_entries: int
    files: frozenset[str]


def written() -> Written:
    root = Path(settings.MEDIA_ROOT)
    files = frozenset(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    return Written(
        versions=DocumentVersion.objects.count(),
        findings=ClauseFinding.objects.count(),
        agreements_in_review=Agreement.objects.exclude(status="draft").count(),
        evidence=SecurityEvidence.objects.count(),
        attachments=RfiAttachment.objects.count(),
        answers=RfiQuestion.objects.exclude(answer="").count(),
        audit_entries=LogEntry.objects.count(),
        files=files,
    )


@pytest.fixture
def legal_client(db) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(UserFactory(username="legal", roles=[Role.LEGAL]))
    return client


@pytest.fixture
def agreement(db) -> Agreement:  # noqa: ANN001
    return AgreementFactory(vendor=VendorFactory(name="Harbour Speech"))


@pytest.fixture
def owner(db):  # noqa: ANN001, ANN201
    return UserFactory(username="buyer", roles=[Role.PROCUREMENT])


@pytest.fixture
def owner_client(owner) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def vendor(owner):  # noqa: ANN001, ANN201
    return VendorFactory(name="Harbour Speech", owner=owner)


@pytest.fixture
def rfi(owner) -> Rfi:  # noqa: ANN001
    # A vendor with nothing on file: its RFI holds the baseline questions, all a vendor's link needs.
    sent = rfi_services.rfi_create(actor=owner, vendor=VendorFactory(name="Acme Scribe", owner=owner))
    due = timezone.localdate() + datetime.timedelta(days=30)
    return rfi_services.rfi_send(
        actor=owner, rfi=sent, recipient_name="Dana", recipient_email="dana@example.org", due_on=due
    )


@pytest.fixture
def token(owner, rfi) -> str:  # noqa: ANN001
    return link_create(actor=owner, rfi=rfi)[1]
