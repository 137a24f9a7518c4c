"""The stored current version: the latest analysed version of each agreement, and only it, whatever happens."""

import pytest

from contracts import analysis
from contracts.models import DocumentVersion
from contracts.tasks import analyse_document_version
from contracts.versions import version_rerun, version_upload
from tests.contracts.documents import TRAINING_ALLOWED, TRAINING_FORBIDDEN, upload_args
from tests.contracts.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _current(agreement) -> list[int]:  # noqa: ANN001
    return list(DocumentVersion.objects.filter(agreement=agreement, is_current=True).values_list("number", flat=True))


def _analysed(agreement, user, text: str) -> DocumentVersion:  # noqa: ANN001
    version = version_upload(agreement=agreement, user=user, **upload_args(text.encode()))
    analyse_document_version(version.pk)
    return version


def test_a_new_version_becomes_current_once_analysed_and_not_before(legal):
    agreement = AgreementFactory()
    _analysed(agreement, legal, TRAINING_FORBIDDEN)
    second = version_upload(agreement=agreement, user=legal, **upload_args(TRAINING_ALLOWED.encode()))
    assert _current(agreement) == [1]
    analyse_document_version(second.pk)
    assert _current(agreement) == [2]


def test_a_rerun_hands_current_back_to_the_version_before_until_it_is_analysed_again(legal, monkeypatch):
    agreement = AgreementFactory()
    _analysed(agreement, legal, TRAINING_FORBIDDEN)
    second = _analysed(agreement, legal, TRAINING_ALLOWED)
    monkeypatch.setattr("contracts.versions._enqueue_analysis", lambda version_id: None)
    version_rerun(version=second, user=legal)
    assert _current(agreement) == [1]
    analyse_document_version(second.pk)
    assert _current(agreement) == [2]


def test_a_rerun_of_the_only_version_leaves_no_current_version_until_it_is_done(legal, monkeypatch):
    agreement = AgreementFactory()
    only = _analysed(agreement, legal, TRAINING_FORBIDDEN)
    monkeypatch.setattr("contracts.versions._enqueue_analysis", lambda version_id: None)
    version_rerun(version=only, user=legal)
    assert _current(agreement) == []
    analyse_document_version(only.pk)
    assert _current(agreement) == [1]


def test_a_failed_reanalysis_of_the_latest_version_leaves_the_earlier_one_current(legal):
    agreement = AgreementFactory()
    _analysed(agreement, legal, TRAINING_FORBIDDEN)
    second = _analysed(agreement, legal, TRAINING_ALLOWED)
    analysis.version_mark_failed(version_id=second.pk, code="unreadable", reason="Unreadable.")
    assert _current(agreement) == [1]


def test_current_versions_of_two_agreements_do_not_touch_each_other(legal):
    first, other = AgreementFactory(), AgreementFactory()
    _analysed(first, legal, TRAINING_FORBIDDEN)
    _analysed(other, legal, TRAINING_FORBIDDEN)
    _analysed(first, legal, TRAINING_ALLOWED)
    assert (_current(first), _current(other)) == ([2], [1])
