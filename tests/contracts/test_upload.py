"""Uploading a version: bad input is refused with a clear message and nothing written; good input is queued."""

from pathlib import Path

import pytest
from django.conf import settings

from contracts.errors import AgreementError
from contracts.models import AgreementStatus, AnalysisState, DocumentVersion
from contracts.versions import version_upload
from tests.contracts.documents import TRAINING_ALLOWED, TRAINING_FORBIDDEN, fixture_bytes, upload_args
from tests.contracts.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "Unsupported file type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Word"),
    ],
)
def test_bad_bytes_are_refused_and_nothing_is_written(legal, data, message):
    agreement = AgreementFactory()
    with pytest.raises(AgreementError, match=message):
        version_upload(agreement=agreement, user=legal, **upload_args(data))
    assert not DocumentVersion.objects.exists()
    assert _stored_files() == []


def test_an_oversized_file_is_refused_before_it_is_read(legal, settings):
    settings.AGREEMENT_MAX_BYTES = 100
    with pytest.raises(AgreementError, match="limit is"):
        version_upload(agreement=AgreementFactory(), user=legal, **upload_args(b"x" * 101))
    assert not DocumentVersion.objects.exists()
    assert _stored_files() == []


def test_the_same_file_twice_is_recognised_with_its_version_number(legal, django_capture_on_commit_callbacks):
    agreement = AgreementFactory()
    data = TRAINING_FORBIDDEN.encode()
    version_upload(agreement=agreement, user=legal, **upload_args(data))
    files_before = _stored_files()
    with pytest.raises(AgreementError, match="This file is already version 1 of this agreement"):
        version_upload(agreement=agreement, user=legal, **upload_args(data, "renamed copy.txt"))
    assert agreement.versions.count() == 1
    assert _stored_files() == files_before


def test_an_upload_stores_a_queued_version_and_analyses_it_on_commit(legal, django_capture_on_commit_callbacks):
    agreement = AgreementFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = version_upload(agreement=agreement, user=legal, **upload_args(TRAINING_ALLOWED.encode(), "a.txt"))
    assert (version.number, version.analysis_state, version.media_type) == (1, AnalysisState.QUEUED, "text/plain")
    assert version.file.read() == TRAINING_ALLOWED.encode()
    assert len(callbacks) == 1
    callbacks[0]()  # the task, in-process
    version.refresh_from_db()
    assert version.analysis_state == AnalysisState.DONE
    assert version.findings.exists()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_LEGAL_REVIEW


def test_versions_are_numbered_in_upload_order(legal, django_capture_on_commit_callbacks):
    agreement = AgreementFactory()
    with django_capture_on_commit_callbacks(execute=False):
        first = version_upload(agreement=agreement, user=legal, **upload_args(TRAINING_ALLOWED.encode()))
        second = version_upload(agreement=agreement, user=legal, **upload_args(fixture_bytes("paged_dpa.pdf"), "d.pdf"))
    assert (first.number, second.number) == (1, 2)
    assert second.media_type == "application/pdf"
    assert second.original_name == "d.pdf"
    assert "d.pdf" not in second.file.name
