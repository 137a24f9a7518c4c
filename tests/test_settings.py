"""The settings modes: development defaults, PostgreSQL through DATABASE_URL, production checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    return subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_check_deploy_with_no_warnings():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "VENDORTRACK_PRODUCTION": "true",
            "SECRET_KEY": "x7Gq2vN9pR4sT8wY1zB5cF0hJ3kL6mP9qS2uV5xA8dE1gH4jK7nQ0rT3wZ6",
            "ALLOWED_HOSTS": "vendortrack.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = _run_manage("check", env={"VENDORTRACK_PRODUCTION": "true", "ALLOWED_HOSTS": "x.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_defaults_are_sqlite_and_in_process_celery():
    probe = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, settings.DEBUG)"
    )
    result = _run_manage("shell", "-v", "0", "-c", probe, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


def test_database_url_selects_postgresql_and_redis_url_a_real_broker():
    probe = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)"
    )
    result = _run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        probe,
        env={
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/vendortrack",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "redis://127.0.0.1:6379/0"]


PRODUCTION_ENV = {
    "VENDORTRACK_PRODUCTION": "true",
    "SECRET_KEY": "x7Gq2vN9pR4sT8wY1zB5cF0hJ3kL6mP9qS2uV5xA8dE1gH4jK7nQ0rT3wZ6",
    "ALLOWED_HOSTS": "vendortrack.example.org",
}
SECURITY_PROBE = (
    "from django.conf import settings as s; "
    "print(s.MFA_ENFORCED, s.SECURE_SSL_REDIRECT, s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), "
    "s.SESSION_IDLE_TIMEOUT, s.SESSION_COOKIE_SECURE)"
)


def test_production_enforces_mfa_and_https_by_default():
    result = _run_manage("shell", "-v", "0", "-c", SECURITY_PROBE, env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "5", "900", "1800", "True"]


def test_development_leaves_mfa_off_so_the_demo_logins_work():
    probe = "from django.conf import settings as s; print(s.MFA_ENFORCED)"
    result = _run_manage("shell", "-v", "0", "-c", probe, env={})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]


def test_security_settings_come_from_the_environment():
    # The load test runs production mode over plain http on loopback: SECURE_SSL_REDIRECT must be overridable.
    env = {
        **PRODUCTION_ENV,
        "MFA_ENFORCED": "false",
        "SECURE_SSL_REDIRECT": "false",
        "AXES_FAILURE_LIMIT": "3",
        "AXES_COOLOFF_MINUTES": "7",
        "SESSION_IDLE_TIMEOUT": "600",
    }
    result = _run_manage("shell", "-v", "0", "-c", SECURITY_PROBE, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "3", "420", "600", "True"]
