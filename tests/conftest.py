"""Settings and fixtures shared by the whole suite."""

import os

import pytest

IN_CI = bool(os.environ.get("CI"))


def pytest_configure(config: pytest.Config) -> None:
    """Fast settings for tests: MD5 hashing, locmem e-mail, Celery in-process (the worker tests opt out)."""
    from django.conf import settings

    from vendortrack.celery import app as celery_app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(config.rootpath / ".pytest_cache" / "media")
    (config.rootpath / ".pytest_cache" / "media").mkdir(parents=True, exist_ok=True)  # as a deployment mounts it
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: a test's rolled-back transaction takes its change stamps back with it
    (contracts/stamps.py), so the next test could otherwise meet a page cached under the same stamp."""
    from django.core.cache import cache

    cache.clear()
