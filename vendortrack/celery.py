"""The Celery application: a Redis broker in production, tasks run in-process without one."""

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendortrack.settings")

app = Celery("vendortrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Tasks that go to the analysis queue (CELERY_ANALYSIS_QUEUE); every other task goes to the default queue.
ANALYSIS_TASKS = frozenset({"contracts.tasks.analyse_document_version"})


def route_task(name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **rest: Any) -> dict[str, str] | None:
    """Celery's router (CELERY_TASK_ROUTES): an agreement analysis goes to the analysis queue.

    The queue's name is read when each task is sent, so a process that changes it (a test with a worker of its
    own) sends there.
    """
    if name in ANALYSIS_TASKS:
        return {"queue": app.conf.analysis_queue}
    return None
