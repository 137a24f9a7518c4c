"""Load test: gunicorn in production mode on PostgreSQL, the 5,000-vendor data set, locust users of three roles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vendortrack .venv/bin/python bench/load_test.py \
        [--reuse] [--users 20] [--duration 60] [--warmup 10] [--workers 2] [--threads 4] [--conn-max-age 60] \
        [--saturation-users 4] [--saturation-duration 30] [--no-saturation | --saturation-only] [--prepare-only]

One command does it all:
1. The data set, in a PostgreSQL database of its own (--database, default vendortrack_bench_load; the rules of
   bench/vendor_pages.py: its name must contain "bench", it is dropped and created afresh unless --reuse finds the
   data set complete). It is written by the other benches' loaders: 5,000 vendor profiles (bench/vendor_pages.py),
   executed BAAs for one vendor in three (bench/compliance.py), 2,000 agreements in legal review with their findings
   (bench/review_queue.py), the review schedule of every vendor, and open quarterly reviews. The three people who
   sign in get a random password for the run: bench-procurement (assigned one vendor in ten), bench-legal and
   bench-compliance.
2. gunicorn on a free port of 127.0.0.1 in production mode: VENDORTRACK_PRODUCTION=true (DEBUG off), static files
   collected into a temporary STATIC_ROOT and served by WhiteNoise, a SECRET_KEY and ALLOWED_HOSTS for the run.
   Two production settings are changed because this is plain HTTP on loopback, not behind an HTTPS proxy:
   SECURE_SSL_REDIRECT=false, and the locust users send the session cookie although it is marked Secure (see
   bench/locustfile.py). MFA_ENFORCED=false: the load users sign in with a password only.
3. locust, headless, in a second process (bench/locustfile.py): --users people, each signing in through the real
   form and then reading pages with a think time of 1 to 3 s between them. Signing in hashes the password on
   purpose, so the page statistics start once everyone has signed in and --warmup seconds have passed, and the run
   ends --duration seconds later; the sign-in rows count from the start. Then, unless --no-saturation, a shorter
   run of --saturation-users people with no think time at all shows the throughput at which the machine
   saturates (labelled as such; the goal applies to the first run only).
4. A table per run: requests, throughput, p50, p95 and failures per page, the total, and the goal check: zero
   errors and every page's p95 <= 300 ms. Exit status 0 whether or not the goal is met; 1 when the run itself
   broke (gunicorn did not start, locust wrote no statistics). gunicorn and locust are stopped on the way out,
   also on Ctrl-C or SIGTERM.

Module-level imports are the standard library only: bench/locustfile.py imports PAGES and the constants from here
without Django, and the data-set functions import Django inside, as in the other benches.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.vendor_pages import SEARCH_FRAGMENT, prepare_database, start_django  # noqa: E402

DEFAULT_DATABASE = "vendortrack_bench_load"
GOAL_P95_MS = 300.0
THINK_SECONDS = (1.0, 3.0)  # a person reads a page before opening the next
KEEP_ALIVE_SECONDS = 5  # gunicorn's, longer than the think time (see gunicorn())
SIGN_IN_ALLOWANCE = 120  # seconds the sign-ins may take before locust's own time limit ends a run
TARGETS_SAMPLED = 50
USERS = {"procurement": "bench-procurement", "legal": "bench-legal", "compliance": "bench-compliance"}
SIGN_IN_FORM = "sign-in form"
SIGN_IN = "sign in (POST)"
TOTAL = "total, page views"

# The pages each role reads, label -> path. The placeholders are filled from one of the role's targets (see
# sample_targets) for each request; every label is one row of the table.
PAGES: dict[str, dict[str, str]] = {
    "procurement": {
        "vendor list, first page": "/vendors/",
        "vendor list, high risk + blockers": "/vendors/?risk_tier=high&blockers=on",
        "vendor list, search": "/vendors/?q={search}",
        "vendor page": "/vendors/{vendor}/",
        "vendor audit trail": "/vendors/{vendor}/audit/",
    },
    "legal": {
        "agreement list": "/agreements/",
        "review queue": "/agreements/review/",
        "finding page": "/agreements/{agreement}/findings/{finding}/",
        "agreement page": "/agreements/{agreement}/",
    },
    "compliance": {
        "dashboard": "/",
        "calendar, this month": "/compliance/calendar/",
        "deadlines, next 30 days": "/compliance/deadlines/?within=30",
        "quarterly review": "/compliance/reviews/{review}/",
    },
}
LOGIN_PATH = "/accounts/login/"


# ---- The data set -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataSet:
    vendors: int
    executed_agreements: int
    agreements_in_review: int
    findings: int
    review_events: int
    reviews: int


def load_data_set(*, vendors: int, agreements: int, reviews: int, seed: int) -> DataSet:
    """Vendors, executed BAAs, agreements in review with findings, the schedule and open quarterly reviews."""
    from bench.compliance import add_agreements
    from bench.review_queue import fill_agreements
    from bench.vendor_pages import load_portfolio
    from vendortrack.compliance.models import ReviewEvent
    from vendortrack.compliance.services import review_open, schedule_sync
    from vendortrack.vendors.models import Vendor

    load_portfolio(vendors=vendors, seed=seed)
    # add_agreements writes nothing once any agreement exists, so the executed BAAs come before those in review.
    executed = add_agreements(seed=seed)
    findings = fill_agreements(count=agreements, seed=seed)
    compliance = _compliance_user()
    schedule_sync()
    sampled = random.Random(seed).sample(list(Vendor.objects.order_by("pk")), min(reviews, vendors))
    opened = [review_open(actor=compliance, vendor=vendor) for vendor in sampled]
    return DataSet(
        vendors=vendors,
        executed_agreements=executed,
        agreements_in_review=agreements,
        findings=findings,
        review_events=ReviewEvent.objects.count(),
        reviews=len(opened),
    )


def _compliance_user() -> object:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from vendortrack.accounts.roles import Role

    user, _ = get_user_model().objects.get_or_create(
        username=USERS["compliance"], defaults={"email": f"{USERS['compliance']}@example.org"}
    )
    user.groups.add(Group.objects.get_or_create(name=Role.COMPLIANCE)[0])
    return user


def data_set_complete(*, vendors: int) -> bool:
    from contracts.models import ClauseFinding
    from vendortrack.compliance.models import QuarterlyReview
    from vendortrack.vendors.models import Vendor

    return (
        Vendor.objects.count() == vendors
        and ClauseFinding.objects.exists()
        and QuarterlyReview.objects.exists()
        and all(_users().filter(username=name).exists() for name in USERS.values())
    )


def _users() -> object:
    from django.contrib.auth import get_user_model

    return get_user_model().objects


def set_passwords(password: str) -> None:
    """The run's password for the three people who sign in (the loaders leave them without a usable one)."""
    for name in USERS.values():
        user = _users().get(username=name)
        user.set_password(password)
        user.save(update_fields=["password"])


def sample_targets(*, seed: int) -> dict[str, list[dict[str, str]]]:
    """For each role, the objects its pages are filled with: vendors it may see, flagged findings, open reviews."""
    from contracts.models import ClauseFinding
    from vendortrack.compliance.models import QuarterlyReview
    from vendortrack.vendors.permissions import vendors_visible_to

    rng = random.Random(seed)
    visible = list(vendors_visible_to(_users().get(username=USERS["procurement"])).values_list("public_id", flat=True))
    flagged = list(
        ClauseFinding.objects.exclude(status="present")
        .order_by("pk")
        .values_list("version__agreement__public_id", "pk")[: TARGETS_SAMPLED * 20]
    )
    reviews = list(QuarterlyReview.objects.filter(status="draft").values_list("public_id", flat=True))
    return {
        "procurement": [
            {"vendor": str(pid), "search": SEARCH_FRAGMENT}
            for pid in rng.sample(visible, min(TARGETS_SAMPLED, len(visible)))
        ],
        "legal": [
            {"agreement": str(pid), "finding": str(pk)}
            for pid, pk in rng.sample(flagged, min(TARGETS_SAMPLED, len(flagged)))
        ],
        "compliance": [{"review": str(pid)} for pid in reviews[:TARGETS_SAMPLED]],
    }


def role_paths(role: str, target: dict[str, str]) -> dict[str, str]:
    """Label -> the path a user of `role` requests, with the placeholders filled from `target`."""
    return {label: template.format(**target) for label, template in PAGES[role].items()}


def ensure_data_set(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from vendortrack.vendors.models import Vendor

    call_command("migrate", verbosity=0)
    if args.reuse and data_set_complete(vendors=args.vendors):
        print(f"Reusing the data set already loaded ({args.vendors} vendors).")
        return
    if Vendor.objects.exists():
        raise SystemExit(f"{args.database} holds an incomplete or different data set; run without --reuse.")
    started = time.perf_counter()
    with transaction.atomic():  # all or nothing: an interrupted load leaves no half data set to be reused
        loaded = load_data_set(vendors=args.vendors, agreements=args.agreements, reviews=args.reviews, seed=args.seed)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # planner statistics and merged GIN entries, as autovacuum would leave them
    print(f"Loaded {loaded} in {time.perf_counter() - started:.0f} s.")


# ---- gunicorn -----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(*, static_root: Path, media_root: Path, port: int) -> dict[str, str]:
    """The environment of gunicorn and collectstatic: production mode, adjusted for plain HTTP on loopback."""
    env = {
        **os.environ,
        "VENDORTRACK_PRODUCTION": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "MFA_ENFORCED": "false",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "VENDOR_VISIBILITY": "assigned",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)  # the pages read here enqueue nothing; no task may reach a shared broker
    return env


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=REPO_ROOT, env=env, check=True
    )


@contextmanager
def gunicorn(*, env: dict[str, str], port: int, workers: int, threads: int, log: Path) -> Iterator[tuple[str, int]]:
    """gunicorn serving the app on 127.0.0.1:`port` until the block ends; yields its base URL and master's pid."""
    argv = [sys.executable, "-m", "gunicorn", "vendortrack.wsgi", "--bind", f"127.0.0.1:{port}"]
    argv += ["--workers", str(workers), "--threads", str(threads), "--error-logfile", str(log)]
    # Threaded workers keep idle connections open for --keep-alive seconds (2 by default); the client reuses its
    # connection after up to 3 s of think time, and a request sent as the server closes the connection fails.
    # Longer than the think time, as a proxy's idle upstream connections must be shorter than it.
    argv += ["--keep-alive", str(KEEP_ALIVE_SECONDS)]
    # A session of its own: Ctrl-C reaches this script only, which then stops gunicorn in order.
    with log.open("ab") as output:  # the app's own log lines (Django logs to stderr) beside gunicorn's
        server = subprocess.Popen(  # noqa: S603
            argv, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_serving(server, base + LOGIN_PATH, log)
        yield base, server.pid
    finally:
        _stop(server, "gunicorn")


def _wait_until_serving(server: subprocess.Popen, url: str, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RunBroke(f"gunicorn exited with {server.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own loopback URL
                if response.status == 200:
                    return
        except OSError:  # refused while it binds, or a timeout while the first worker imports the app
            time.sleep(0.3)
    raise RunBroke(f"gunicorn did not answer {url} within {timeout:.0f} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen, name: str) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # gunicorn: graceful shutdown; locust: stops its users and writes its statistics
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop within 30 s; killing it.", file=sys.stderr)
        process.kill()
        process.wait()


def _tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def server_cpu_seconds(master_pid: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's workers, the children of `master_pid` (Linux /proc).

    Unlike response times, CPU time does not grow while a process waits for a core another program holds, so on a
    shared machine it tells what a page costs. PostgreSQL's share is not in it."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we read
        if int(fields[1]) == master_pid:  # fields: state, ppid, ... utime is the 12th, stime the 13th
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


class RunBroke(Exception):
    """The run itself failed (a process did not start or wrote no statistics): exit status 1."""


# ---- locust -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    label: str
    users: int
    seconds: int  # measured, after the sign-ins and the warm-up
    think: bool
    warmup: int


@dataclass(frozen=True)
class PageStats:
    name: str
    requests: int
    failures: int
    per_second: float
    p50_ms: float
    p95_ms: float


def run_locust(
    run: Run, *, base: str, spawn_rate: float, folder: Path, env: dict[str, str]
) -> tuple[list[PageStats], list[str]]:
    """Run locust headless in a second process; returns its per-page statistics (the total last)."""
    prefix = folder / run.label.replace(" ", "-")
    argv = [sys.executable, "-m", "locust", "-f", str(REPO_ROOT / "bench" / "locustfile.py"), "--headless"]
    # The locustfile ends the run itself, run.seconds after everyone signed in and warmed up; -t is a backstop
    # for a run in which the sign-ins never finish.
    limit = SIGN_IN_ALLOWANCE + run.warmup + run.seconds
    argv += ["-u", str(run.users), "-r", str(spawn_rate), "-t", f"{limit}s", "--host", base]
    argv += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"]
    log = folder / f"{prefix.name}.log"
    env = {
        **env,
        "LOAD_THINK": "on" if run.think else "off",
        "LOAD_WARMUP": str(run.warmup),
        "LOAD_MEASURE": str(run.seconds),
    }
    with log.open("w") as out:
        runner = subprocess.Popen(  # noqa: S603
            argv, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            runner.wait(timeout=limit + 60)
        except subprocess.TimeoutExpired:
            pass
        finally:
            _stop(runner, "locust")
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise RunBroke(f"locust wrote no statistics:\n{_tail(log)}")
    failures_file = Path(f"{prefix}_failures.csv")
    return read_stats(stats_file), read_failures(failures_file)


def read_stats(path: Path) -> list[PageStats]:
    with path.open(newline="") as handle:
        return [
            PageStats(
                name=TOTAL if row["Name"] == "Aggregated" else row["Name"],
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                per_second=float(row["Requests/s"]),
                p50_ms=float(row["50%"]) if row["50%"] != "N/A" else 0.0,
                p95_ms=float(row["95%"]) if row["95%"] != "N/A" else 0.0,
            )
            for row in csv.DictReader(handle)
        ]


def read_failures(path: Path) -> list[str]:
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [f"{row['Occurrences']} x {row['Name']}: {row['Error']}" for row in csv.DictReader(handle)]


# ---- The report ---------------------------------------------------------------------------------------------------


def role_of(name: str) -> str:
    return next((role for role, pages in PAGES.items() if name in pages), "")


def report_lines(stats: list[PageStats], *, goal: bool) -> Iterator[str]:
    """Pages by role, their total, then the sign-in rows (counted from the start, outside the total)."""
    order = [label for pages in PAGES.values() for label in pages] + [TOTAL, SIGN_IN_FORM, SIGN_IN]
    rows = sorted(stats, key=lambda row: order.index(row.name) if row.name in order else len(order))
    yield f"{'page':<36} {'role':<11} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'failures':>8}"
    for row in rows:
        over = goal and role_of(row.name) and (row.p95_ms > GOAL_P95_MS or row.failures)
        yield (
            f"{row.name:<36} {role_of(row.name):<11} {row.requests:>8} {row.per_second:>7.2f} {row.p50_ms:>7.0f} "
            f"{row.p95_ms:>7.0f} {row.failures:>8}{'  over goal' if over else ''}"
        )


def goal_met(stats: list[PageStats]) -> tuple[bool, str]:
    """Zero errors over every request (sign-in included), and p95 <= 300 ms for every page read."""
    errors = sum(row.failures for row in stats if row.name != TOTAL)
    pages = [row for row in stats if role_of(row.name)]
    slow = [row.name for row in pages if row.p95_ms > GOAL_P95_MS]
    missing = [label for role in PAGES.values() for label in role if label not in {row.name for row in pages}]
    met = errors == 0 and not slow and not missing
    why = f"{errors} errors; pages over {GOAL_P95_MS:.0f} ms at p95: {', '.join(slow) or 'none'}"
    if missing:
        why += f"; pages never requested: {', '.join(missing)}"
    return met, why


def slowest(stats: list[PageStats], count: int = 3) -> str:
    pages = sorted((row for row in stats if role_of(row.name)), key=lambda row: row.p95_ms, reverse=True)
    return ", ".join(f"{row.name} ({row.p95_ms:.0f} ms)" for row in pages[:count])


def print_run(run: Run, stats: list[PageStats], failures: list[str], *, goal: bool) -> None:
    think = f"think time {THINK_SECONDS[0]:g}-{THINK_SECONDS[1]:g} s" if run.think else "NO think time: SATURATION"
    print(f"\n== {run.label}: {run.users} users, {think}, {run.seconds} s measured after {run.warmup} s warm-up ==")
    print("\n".join(report_lines(stats, goal=goal)))
    print(f"Slowest pages at p95: {slowest(stats)}.")
    for line in failures[:10]:
        print(f"  failure: {line}")
    if goal:
        met, why = goal_met(stats)
        print(f"Goal (zero errors, every page's p95 <= {GOAL_P95_MS:.0f} ms): {'met' if met else 'MISSED'} - {why}.")
    else:
        print("Throughput at saturation; latency here is queueing, not the goal.")


def print_cpu(stats: list[PageStats], cpu_file: Path) -> None:
    if not cpu_file.exists():
        return
    cpu = json.loads(cpu_file.read_text())
    views = next((row.requests for row in stats if row.name == TOTAL), 0)
    if not views:
        return
    per_view = cpu["cpu_seconds"] / views * 1000
    print(
        f"gunicorn CPU while measured: {cpu['cpu_seconds']:.1f} s over {cpu['wall_seconds']:.0f} s "
        f"({cpu['cpu_seconds'] / cpu['wall_seconds']:.2f} cores busy), {per_view:.0f} ms per page view "
        f"(PostgreSQL's CPU not included)."
    )


# ---- The command --------------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL database of the data set")
    parser.add_argument("--reuse", action="store_true", help="keep a database that holds the complete data set")
    parser.add_argument("--vendors", type=int, default=5000)
    parser.add_argument("--agreements", type=int, default=2000, help="agreements in legal review, with findings")
    parser.add_argument("--reviews", type=int, default=40, help="open quarterly reviews")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--users", type=int, default=20, help="concurrent users of the measured run")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured, after sign-in and warm-up")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of page views before measuring")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--saturation-users", type=int, default=4, help="users of the run without think time")
    parser.add_argument("--saturation-duration", type=int, default=30)
    parser.add_argument("--no-saturation", action="store_true", help="skip the run without think time")
    parser.add_argument("--saturation-only", action="store_true", help="only the run without think time")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="seconds gunicorn keeps a database connection (default 60, as in production; 0: one per request)",
    )
    parser.add_argument("--prepare-only", action="store_true", help="load the data set, then stop")
    return parser.parse_args(argv)


def _raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # the same clean-up as Ctrl-C


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        print("The load test runs on PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    prepare_database(args)
    print(f"Data set: PostgreSQL database {args.database}.")
    start_django()
    ensure_data_set(args)
    if args.prepare_only:
        return 0
    password = secrets.token_urlsafe(18)
    set_passwords(password)
    folder = Path(tempfile.mkdtemp(prefix="vendortrack-load-"))
    try:
        return _measure(args, folder=folder, password=password)
    except RunBroke as broke:
        print(f"The run broke: {broke}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; gunicorn and locust are stopped.", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(args: argparse.Namespace, *, folder: Path, password: str) -> int:
    targets = folder / "targets.json"
    targets.write_text(json.dumps({"users": USERS, "targets": sample_targets(seed=args.seed)}))
    port = free_port()
    env = production_env(static_root=folder / "static", media_root=folder / "media", port=port)
    separator = "&" if "?" in env["DATABASE_URL"] else "?"
    env["DATABASE_URL"] += f"{separator}conn_max_age={args.conn_max_age}"
    collect_static(env)
    runs = []
    if not args.saturation_only:
        runs.append(Run("measured run", args.users, args.duration, think=True, warmup=args.warmup))
    if not args.no_saturation:
        runs.append(Run("saturation run", args.saturation_users, args.saturation_duration, think=False, warmup=5))
    locust_env = {**os.environ, "LOAD_TARGETS": str(targets), "LOAD_PASSWORD": password}
    print(
        f"gunicorn: {args.workers} workers x {args.threads} threads on 127.0.0.1:{port}, conn_max_age "
        f"{args.conn_max_age} s, production mode "
        f"(MFA_ENFORCED=false, SECURE_SSL_REDIRECT=false). Load average before: {_load_average()}."
    )
    with gunicorn(env=env, port=port, workers=args.workers, threads=args.threads, log=folder / "gunicorn.log") as (
        base,
        server_pid,
    ):
        for run in runs:
            cpu_file = folder / f"{run.label}-cpu.json"
            run_env = {**locust_env, "LOAD_SERVER_PID": str(server_pid), "LOAD_CPU_FILE": str(cpu_file)}
            stats, failures = run_locust(run, base=base, spawn_rate=args.spawn_rate, folder=folder, env=run_env)
            print_run(run, stats, failures, goal=run.think)
            print_cpu(stats, cpu_file)
            if failures:
                print(f"The end of gunicorn's log:\n{_tail(folder / 'gunicorn.log', lines=15)}")
    print(f"\nLoad average after: {_load_average()} (1, 5, 15 minutes; {os.cpu_count()} cores).")
    return 0


def _load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
