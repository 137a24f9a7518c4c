"""Uploading a new version of an agreement and asking for its (re-)analysis; the analysis runs in a task.

The request does the cheap, certain work — check the bytes, refuse a file that is already a version, store the
file, write the version in state "queued" — in one transaction, and enqueues the analysis on commit, so a worker
never sees a version that does not exist yet and a refused upload leaves neither a row nor a file behind.
"""

from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from contracts.analysis import agreement_refresh_current_version
from contracts.errors import AgreementError
from contracts.models import Agreement, AgreementStatus, AnalysisState, DocumentVersion
from contracts.uploads import CheckedAgreementFile, check_agreement_file


def _enqueue_analysis(version_id: int) -> None:
    from contracts.tasks import analyse_document_version

    # Robust: once the version is committed, a broker that is down (or, with no broker, an analysis that breaks
    # in-process) must neither fail the upload nor undo it; the error is logged, the version stays queued (or
    # ends failed) and "Re-run analysis" queues it again.
    transaction.on_commit(lambda: analyse_document_version.delay(version_id), robust=True)


def version_upload(
    *, agreement: Agreement, user: AbstractBaseUser, file: object, original_name: str, size: int
) -> DocumentVersion:
    """Store `file` (an open binary file) as the next version of `agreement` and queue its analysis.

    Raises AgreementError — with nothing written — for an empty, oversized or unsupported file, or a file that is
    already a version of this agreement. The first upload of a draft moves the agreement into legal review.
    """
    checked = check_agreement_file(file, size=size, max_bytes=settings.AGREEMENT_MAX_BYTES)
    _refuse_duplicate(agreement, checked.sha256)
    version = None
    try:
        with transaction.atomic(), set_actor(user):
            # Locking the agreement row serialises concurrent uploads, so version numbers never collide.
            Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
            version = _create_version(agreement, user=user, checked=checked, original_name=original_name)
            if agreement.status == AgreementStatus.DRAFT:
                agreement.status = AgreementStatus.IN_LEGAL_REVIEW
                agreement.save()
            _enqueue_analysis(version.pk)
    except IntegrityError as error:
        _remove_stored_file(version)
        _refuse_duplicate(agreement, checked.sha256)
        raise AgreementError("Another upload to this agreement happened at the same moment; try again.") from error
    except BaseException:
        _remove_stored_file(version)
        raise
    return version


def _refuse_duplicate(agreement: Agreement, sha256: str) -> None:
    number = agreement.versions.filter(sha256=sha256).values_list("number", flat=True).first()
    if number is not None:
        raise AgreementError(f"This file is already version {number} of this agreement.")


def _create_version(
    agreement: Agreement, *, user: AbstractBaseUser, checked: CheckedAgreementFile, original_name: str
) -> DocumentVersion:
    number = (agreement.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        agreement=agreement,
        number=number,
        original_name=original_name[:255],
        sha256=checked.sha256,
        size=checked.size,
        media_type=checked.media_type,
        uploaded_by=user,
    )
    version.file.save("upload", ContentFile(checked.data), save=False)
    version.save()
    return version


def _remove_stored_file(version: DocumentVersion | None) -> None:
    # The row rolls back with the transaction; the file on disk does not, so it is removed by hand.
    if version is not None and version.file.name:
        version.file.storage.delete(version.file.name)


def version_rerun(*, version: DocumentVersion, user: AbstractBaseUser) -> DocumentVersion:
    """Queue the analysis of `version` again: after a failure, or when a crashed worker left it half-way.

    Safe at any time: the analysis replaces the version's findings in one transaction and keeps decisions whose
    evidence is unchanged.
    """
    with transaction.atomic(), set_actor(user):
        DocumentVersion.objects.filter(pk=version.pk).update(
            analysis_state=AnalysisState.QUEUED, failure_code="", failure_reason=""
        )
        agreement_refresh_current_version(agreement_id=version.agreement_id)
        _enqueue_analysis(version.pk)
    version.refresh_from_db()
    return version
