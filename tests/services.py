"""Access to the real services (PostgreSQL, Redis, a Celery worker) for the tests that need them.

Outside CI a missing service skips the test with the reason; with CI set it fails the test, so a green CI run
always means the real services were exercised.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when a real service the test needs is not there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI needs this service: {reason}")
    pytest.skip(reason)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require(False, f"Redis is not reachable at {url}: {exc}")
    return url


def postgres_test_database_url() -> str:
    """The URL of the database this test runs in, for a worker process to share it."""
    require(connection.vendor == "postgresql", "the real worker shares the test database, which needs PostgreSQL")
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    auth = f"{user}:{params['PASSWORD']}" if params.get("PASSWORD") else user
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{params['NAME']}"


@contextmanager
def celery_worker(*, beat: bool = False, extra_env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """Run a real Celery worker (optionally with embedded beat) on Redis against the test database."""
    from vendortrack.celery import app

    broker = redis_url()
    # A queue of its own: a message left on the shared broker by another run (acks_late redelivers unfinished
    # ones) must never reach this worker and this database; beat inside the worker sends to it too.
    queue = f"vendortrack-test-{uuid.uuid4().hex[:12]}"
    analysis_queue = f"{queue}-analysis"
    env = {
        **os.environ,
        "DATABASE_URL": postgres_test_database_url(),
        "REDIS_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_ANALYSIS_QUEUE": analysis_queue,
        **(extra_env or {}),
    }
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "vendortrack",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        "-Q",
        f"{queue},{analysis_queue}",
    ]
    if beat:
        argv += ["--beat", "--schedule", str(ROOT / ".pytest_cache" / "celerybeat-schedule")]
    (ROOT / ".pytest_cache").mkdir(exist_ok=True)  # absent on a fresh clone until pytest's cache writes it
    log = open(ROOT / ".pytest_cache" / "celery-worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    previous = (
        app.conf.task_always_eager,
        app.conf.broker_url,
        app.conf.result_backend,
        app.conf.task_default_queue,
        app.conf.analysis_queue,
    )
    app.conf.update(
        task_always_eager=False,
        broker_url=broker,
        result_backend=broker,
        task_default_queue=queue,
        analysis_queue=analysis_queue,
    )
    try:
        _wait_until_ready(app, worker)
        yield worker
    finally:
        app.conf.update(
            task_always_eager=previous[0],
            broker_url=previous[1],
            result_backend=previous[2],
            task_default_queue=previous[3],
            analysis_queue=previous[4],
        )
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


def _wait_until_ready(app, worker: subprocess.Popen, timeout: float = 180.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            log = (ROOT / ".pytest_cache" / "celery-worker.log").read_text()[-3000:]
            pytest.fail(f"the Celery worker exited with {worker.returncode}:\n{log}")
        if app.control.ping(timeout=1.0):
            return
    pytest.fail(f"the Celery worker did not answer a ping within {timeout:.0f} s")
