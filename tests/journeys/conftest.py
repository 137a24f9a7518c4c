"""Browser journeys: Debian's Chromium driven by Playwright against the live server, with screenshots and axe-core.

Each journey signs in as one role and does that person's work through the pages. Without Chromium or axe-core the
journeys skip with the reason (fail when CI is set); `bin/install-test-tools` installs both. In CI the background
work (analysis, documents) goes through a real Celery worker on Redis against the test database; locally it runs
in-process as in the rest of the suite.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.journeys.browser import AXE_SOURCE, CHROMIUM, CHROMIUM_ARGS, Journey, url_or_none
from tests.services import IN_CI, celery_worker, require

ROOT = Path(__file__).resolve().parents[2]


def artifacts_dir() -> Path:
    """Where screenshots and accessibility results go: $ARTIFACTS_DIR (set by .ci/run), else ./artifacts."""
    return Path(os.environ.get("ARTIFACTS_DIR") or ROOT / "artifacts")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (fail in CI) before any fixture is set up, the test database included, when a tool is missing."""
    require(CHROMIUM.exists(), f"Chromium is not installed at {CHROMIUM}: run bin/install-test-tools")
    require(AXE_SOURCE.exists(), f"axe-core is not installed ({AXE_SOURCE} is missing): run bin/install-test-tools")


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker) -> Iterator[object]:  # noqa: ANN001
    """One Chromium for the journeys, started after the test database exists and closed after the last journey."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while it runs; the tests' own ORM calls (and the
    # database flush between journeys) stay synchronous, so Django's guard against async contexts stands aside
    # for exactly that long.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def background_work(django_db_setup) -> Iterator[None]:  # noqa: ANN001
    """A real Celery worker in CI, one for all the journeys (it takes a while to start); tasks in-process
    otherwise, as in the rest of the suite."""
    if not IN_CI:
        yield
        return
    # The worker logs into .pytest_cache, which a fresh clone does not have until a test writes a file there.
    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    with celery_worker(extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)}):
        yield


@pytest.fixture
def journey(request: pytest.FixtureRequest, browser, live_server) -> Iterator[Journey]:  # noqa: ANN001
    """A fresh browser context on the live server; screenshots under <artifacts>/screenshots/<journey>/."""
    name = request.node.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    shots = artifacts_dir() / "screenshots" / name
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    context = browser.new_context(
        base_url=live_server.url,
        accept_downloads=True,
        permissions=["clipboard-read", "clipboard-write"],
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    try:
        yield Journey(
            name=name,
            page=context.new_page(),
            screenshots=shots,
            accessibility=artifacts_dir() / "accessibility",
        )
    finally:
        context.close()


@pytest.fixture
def second_factor(settings) -> bool:  # noqa: ANN001
    """Turn the one-time password step on for this journey when the deployment has it; say whether it is on."""
    if url_or_none("mfa_verify") is None:
        return False
    settings.MFA_ENFORCED = True
    return True
