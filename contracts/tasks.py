"""Celery adapters for contracts: analysing a document version, and rendering an agreement's legal memo.

The analysis task takes an id and calls contracts.analysis.

Late acknowledgement (with the project's reject-on-worker-lost) means a worker killed mid-way leaves the message to
be delivered again, and the service is idempotent, so the second run simply finishes the job. Database and file
system errors are retried with exponential back-off; an unreadable document is not an error here (the service
records it as state failed). Any other failure — or retries running out — ends the version in state failed with
a message telling the user to re-run it, rather than leaving the page polling forever.

An analysis has a time limit (CONTRACTS_ANALYSIS_TIME_LIMIT seconds, five minutes unless set; the largest document
the engine accepts takes well under one). Past it the worker raises SoftTimeLimitExceeded inside the task, which
ends the version failed with a message that says so; the hard limit, thirty seconds later, kills a process that
does not stop. Celery enforces time limits in its prefork pool, the production default.
"""

from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init
from django.conf import settings
from django.db import OperationalError

from clause_library.nlp import warm_up
from contracts.analysis import UNEXPECTED_FAILURE, version_analyse, version_mark_failed
from contracts.memo import memo_render

MAX_RETRIES = 5
TRANSIENT = (OperationalError, OSError)
ANALYSIS_TIME_LIMIT = getattr(settings, "CONTRACTS_ANALYSIS_TIME_LIMIT", 300)


def _time_limit_reason(seconds: int) -> str:
    return (
        f"The analysis took longer than {seconds // 60 or 1} minute{'s' if seconds >= 120 else ''} and was stopped. "
        "Check that the file is the agreement itself (not a scan or a bundle of documents) and use "
        "“Re-run analysis”; if it stops again, contact your VendorTrack administrator."
    )


@worker_init.connect
def _build_the_engine_before_the_first_task(**_: Any) -> None:
    # Building spaCy and its word list takes seconds; done in the worker's main process, before any pool process
    # forks, it is paid once per worker instead of by the first document each process analyses.
    warm_up()


class AnalysisTask(Task):
    """Marks the version failed when the worker gives up on a transient error after the last retry."""

    def on_failure(self, exc: BaseException, task_id: str, args: tuple, kwargs: dict, einfo: Any) -> None:
        version_id = kwargs.get("version_id", args[0] if args else None)
        if version_id is not None:
            version_mark_failed(version_id=version_id, code="engine_error", reason=UNEXPECTED_FAILURE)


@shared_task(
    base=AnalysisTask,
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=ANALYSIS_TIME_LIMIT,
    time_limit=ANALYSIS_TIME_LIMIT + 30,
)
def analyse_document_version(version_id: int) -> str | None:
    """Run the clause engine on one version; returns its final state (None if the version was deleted)."""
    try:
        return version_analyse(version_id=version_id)
    except TRANSIENT:
        raise
    except SoftTimeLimitExceeded:
        version_mark_failed(version_id=version_id, code="time_limit", reason=_time_limit_reason(ANALYSIS_TIME_LIMIT))
        raise
    except Exception:
        # Not worth a retry (a bug, or a document that breaks the engine): say so now and keep the traceback.
        version_mark_failed(version_id=version_id, code="engine_error", reason=UNEXPECTED_FAILURE)
        raise


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=2, max_retries=3)
def render_agreement_memo(agreement_id: int) -> str | None:
    """Render the legal memo PDF of one agreement into storage (see contracts.memo.memo_render)."""
    return memo_render(agreement_id=agreement_id)
