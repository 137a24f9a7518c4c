"""Fixtures for the RFI tests: uploaded and generated files kept out of the repository, a fresh rate-limit cache."""

import datetime

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # noqa: ANN001, ANN202
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _empty_cache():  # noqa: ANN202
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _today(time_machine):  # noqa: ANN001, ANN202
    """Every RFI test runs on the afternoon of tests.rfis.world.TODAY (June 1, 2025, in New York)."""
    time_machine.move_to(datetime.datetime(2025, 6, 1, 19, 0, tzinfo=datetime.UTC), tick=False)
