"""Agreement analyses wait in a queue of their own on the real broker; every other task in the default queue."""

import json
import uuid

import pytest
import redis

from contracts.tasks import analyse_document_version
from tests.services import redis_url
from vendortrack.celery import app
from vendortrack.compliance.tasks import compliance_daily


def _queued_tasks(client: redis.Redis, queue: str) -> list[str]:
    return [json.loads(message)["headers"]["task"] for message in client.lrange(queue, 0, -1)]


@pytest.mark.services
def test_an_analysis_waits_in_the_analysis_queue_and_other_tasks_in_the_default_one():
    url = redis_url()
    client = redis.Redis.from_url(url)
    default, analysis = f"vendortrack-test-{uuid.uuid4().hex[:12]}", f"vendortrack-test-{uuid.uuid4().hex[:12]}"
    previous = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue", "analysis_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=default, analysis_queue=analysis)
    try:
        # A connection of its own: the app's pool may still hold the in-process broker of the other tests.
        with app.connection_for_write(url) as connection:
            analyse_document_version.apply_async((0,), connection=connection, ignore_result=True)
            compliance_daily.apply_async(connection=connection, ignore_result=True)

        assert _queued_tasks(client, analysis) == ["contracts.tasks.analyse_document_version"]
        assert _queued_tasks(client, default) == ["vendortrack.compliance.tasks.compliance_daily"]
    finally:
        app.conf.update(previous)
        client.delete(default, analysis, f"_kombu.binding.{default}", f"_kombu.binding.{analysis}")


def test_a_worker_started_without_a_queue_list_consumes_both_queues(settings):
    assert [queue.name for queue in app.conf.task_queues] == [
        settings.CELERY_TASK_DEFAULT_QUEUE,
        settings.CELERY_ANALYSIS_QUEUE,
    ]
