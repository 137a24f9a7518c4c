"""The load test keeps working: its three user classes exist, every page it requests answers its role, and its goal
check reads locust's statistics right. No load is run here."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from bench.load_test import (
    PAGES,
    USERS,
    PageStats,
    goal_met,
    load_data_set,
    read_stats,
    role_paths,
    sample_targets,
    server_cpu_seconds,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_locustfile_has_one_user_class_per_role():
    listed = subprocess.run(  # noqa: S603 - our own interpreter and locustfile
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout

    assert {"ProcurementUser", "LegalUser", "ComplianceUser"} <= set(listed.split())


@pytest.mark.django_db
def test_every_page_of_every_role_answers_that_role_on_a_small_data_set(client, settings):
    settings.VENDOR_VISIBILITY = "assigned"
    settings.MFA_ENFORCED = False  # the load users sign in with a password only, as in the load run
    loaded = load_data_set(vendors=20, agreements=8, reviews=3, seed=7)
    targets = sample_targets(seed=7)

    assert loaded.reviews == 3
    for role, pages in PAGES.items():
        assert targets[role], f"no {role} objects sampled"
        client.force_login(get_user_model().objects.get(username=USERS[role]))
        for label, path in role_paths(role, targets[role][0]).items():
            response = client.get(path)
            assert response.status_code == 200, f"{role} {label} {path}: {response.status_code}"
        assert set(role_paths(role, targets[role][0])) == set(pages)


def test_role_paths_fill_every_placeholder():
    target = {"vendor": "v-id", "search": "kestrel", "agreement": "a-id", "finding": "7", "review": "r-id"}

    paths = [path for role in PAGES for path in role_paths(role, target).values()]

    assert not [path for path in paths if "{" in path or "}" in path]
    assert "/agreements/a-id/findings/7/" in paths


def test_the_server_cpu_counts_the_cpu_its_children_have_used():
    burn = (
        "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"
        "print(1, flush=True)\ntime.sleep(30)"
    )
    child = subprocess.Popen([sys.executable, "-c", burn], stdout=subprocess.PIPE, text=True)  # noqa: S603
    try:
        child.stdout.readline()  # it has burnt its CPU and now sleeps

        assert server_cpu_seconds(os.getpid()) >= 0.25
        assert server_cpu_seconds(child.pid) == 0  # it has no children
    finally:
        child.kill()
        child.wait()


def _stats(tmp_path: Path, rows: list[tuple[str, int, int, str]]) -> list[PageStats]:
    """A locust stats CSV with the columns the report reads: (name, requests, failures, p95)."""
    path = tmp_path / "run_stats.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Type", "Name", "Request Count", "Failure Count", "Requests/s", "50%", "95%"])
        writer.writerows(["GET", name, count, failures, 1.5, 40, p95] for name, count, failures, p95 in rows)
    return read_stats(path)


def _every_page(p95: str) -> list[tuple[str, int, int, str]]:
    return [(label, 10, 0, p95) for pages in PAGES.values() for label in pages]


def test_the_goal_is_met_with_no_errors_and_every_page_fast_enough(tmp_path):
    stats = _stats(tmp_path, [*_every_page("300"), ("Aggregated", 130, 0, "300")])

    assert goal_met(stats)[0]


def test_the_goal_is_missed_by_one_slow_page_and_names_it(tmp_path):
    rows = [*_every_page("120"), ("Aggregated", 130, 0, "200")]
    rows[0] = (rows[0][0], 10, 0, "310")

    met, why = goal_met(_stats(tmp_path, rows))

    assert not met
    assert rows[0][0] in why


def test_the_goal_is_missed_by_a_single_error_even_at_sign_in(tmp_path):
    rows = [*_every_page("120"), ("sign in (POST)", 20, 1, "900"), ("Aggregated", 150, 1, "200")]

    met, why = goal_met(_stats(tmp_path, rows))

    assert not met
    assert why.startswith("1 errors")


def test_the_goal_is_missed_when_a_page_was_never_requested(tmp_path):
    rows = [*_every_page("120")[1:], ("Aggregated", 120, 0, "120")]

    met, why = goal_met(_stats(tmp_path, rows))

    assert not met
    assert "never requested" in why
