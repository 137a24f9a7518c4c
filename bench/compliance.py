"""Bench the review schedule and reminders on a large portfolio, and the dashboard beside a trivial page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vendortrack .venv/bin/python bench/compliance.py \
        [--vendors 5000] [--small 1000] [--requests 60] [--database vendortrack_bench_compliance] [--reuse]

It loads the vendor-page bench's portfolio (bench/vendor_pages.py: same database rules, same loader), adds executed
agreements to one vendor in three and three compliance users, then:
1. syncs the schedule and sends the reminders for the first --small vendors, from an empty schedule: seconds and
   queries;
2. the same for every vendor, from an empty schedule again: the query count must be the same as in step 1;
3. a second sync of every vendor (the daily steady state: nothing changes);
4. refreshes the schedule tables' planner statistics (VACUUM ANALYZE, as autovacuum would), then times the dashboard
   (as compliance, who sees every vendor) beside the trivial signed-in page, round by round.
With --pages-only (and --reuse on a database a full run has filled) it skips steps 1 to 3 and times the pages on
the schedule already there: the quick loop while working on a page.
Goals: step 2 under GOAL_SECONDS, queries equal in steps 1 and 2, dashboard median and p95 within GOAL_RATIO of the
baseline. Exit status 1 when a goal is missed. E-mail goes to the in-memory backend.
"""

from __future__ import annotations

import datetime
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.vendor_pages import (  # noqa: E402 - the path above makes the package importable when run as a script
    BASELINE,
    GOAL_RATIO,
    bench_urlconf,
    ensure_portfolio,
    parse_args,
    prepare_database,
    report_lines,
    start_django,
    time_served_and_afresh,
)

GOAL_SECONDS = 10.0
DEFAULT_DATABASE = "vendortrack_bench_compliance"
COMPLIANCE_USERS = ("bench-compliance-1", "bench-compliance-2", "bench-compliance-3")


@dataclass(frozen=True)
class RunFigures:
    label: str
    vendors: int
    events: int
    reminders: int
    emails: int
    seconds: float
    queries: int


def _compliance_people() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name="Compliance")
    for username in COMPLIANCE_USERS:
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.groups.add(group)


def add_agreements(*, seed: int) -> int:
    """An executed agreement for one vendor in three, expiring within two years, half of them auto-renewing."""
    from django.utils import timezone

    from contracts.models import Agreement
    from vendortrack.vendors.models import Vendor

    if Agreement.objects.exists():
        return Agreement.objects.count()
    rng = random.Random(seed)
    today = timezone.localdate()
    rows = [
        Agreement(
            vendor_id=pk,
            agreement_type="baa",
            title=f"BAA {pk}",
            status="executed",
            effective_date=today - datetime.timedelta(days=400),
            expiry_date=today + datetime.timedelta(days=rng.randint(-60, 700)),
            auto_renews=rng.random() < 0.5,
            notice_period_days=rng.choice([None, 30, 60, 90]),
        )
        for pk in Vendor.objects.order_by("pk").values_list("pk", flat=True)
        if rng.random() < 1 / 3
    ]
    Agreement.objects.bulk_create(rows)
    return len(rows)


def _reset_schedule() -> None:
    from vendortrack.compliance.models import Notification, ReminderDelivery, ReminderRun, ReviewEvent

    for model in (Notification, ReminderDelivery, ReminderRun, ReviewEvent):
        model.objects.all().delete()


def run_schedule(label: str, *, vendor_count: int, reset: bool = True) -> RunFigures:
    """Sync the schedule of the first `vendor_count` vendors and send the reminders; time and count the queries."""
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vendortrack.compliance.models import ReviewEvent
    from vendortrack.compliance.reminders import reminders_send
    from vendortrack.compliance.services import schedule_sync
    from vendortrack.vendors.models import Vendor

    if reset:
        _reset_schedule()
    mail.outbox = []
    last = Vendor.objects.order_by("pk").values_list("pk", flat=True)[vendor_count - 1]
    vendors = Vendor.objects.filter(pk__lte=last)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        schedule_sync(vendors=vendors)
        sent = reminders_send(claim_token=f"bench-{label}-{time.time()}")
    seconds = time.perf_counter() - started
    return RunFigures(
        label=label,
        vendors=vendors.count(),
        events=ReviewEvent.objects.count(),
        reminders=sent.sent,
        emails=len(mail.outbox),
        seconds=seconds,
        queries=len(captured),
    )


def settle_schedule_tables() -> None:
    """What autovacuum does to a live schedule: planner statistics and visibility maps for the rows just written.

    The runs above write some 40,000 rows into tables that were empty when the database last had statistics; a
    live database's schedule changes a little each day and autovacuum keeps up with it. Timing the pages on stale
    statistics would measure plans production never runs (a nested loop over "24 rows" that are 24,000).
    """
    from django.db import connection

    from vendortrack.compliance.models import Notification, ReminderDelivery, ReviewEvent

    with connection.cursor() as cursor:
        for model in (ReviewEvent, ReminderDelivery, Notification):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"VACUUM ANALYZE {table}" if connection.vendor == "postgresql" else f"ANALYZE {table}")


def time_dashboard(*, requests: int) -> list:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(get_user_model().objects.get(username=COMPLIANCE_USERS[0]))
    pages = {
        BASELINE: [reverse("bench-trivial")],
        "dashboard": [reverse("home")],
        "deadlines, next 30 days": [reverse("compliance:deadlines") + "?within=30"],
        "calendar, this month": [reverse("compliance:calendar")],
    }
    return time_served_and_afresh(
        client, username=COMPLIANCE_USERS[0], pages=pages, afresh={"dashboard, afresh": "dashboard"}, requests=requests
    )


def _print_runs(runs: list[RunFigures]) -> None:
    print(f"\n{'run':<34} {'vendors':>7} {'events':>7} {'reminders':>9} {'e-mails':>7} {'seconds':>8} {'queries':>7}")
    for run in runs:
        print(
            f"{run.label:<34} {run.vendors:>7} {run.events:>7} {run.reminders:>9} {run.emails:>7} "
            f"{run.seconds:>8.2f} {run.queries:>7}"
        )


def main(argv: list[str]) -> int:
    small = 1000
    if "--small" in argv:
        index = argv.index("--small")
        small = int(argv[index + 1])
        argv = argv[:index] + argv[index + 2 :]
    pages_only = "--pages-only" in argv
    argv = [arg for arg in argv if arg != "--pages-only"]
    if "--database" not in argv:
        argv = [*argv, "--database", DEFAULT_DATABASE]
    args = parse_args(argv)
    where, temporary = prepare_database(args)
    print(f"Bench database: {where}.")
    try:
        start_django()
        from django.test.utils import override_settings

        ensure_portfolio(args)
        _compliance_people()
        print(f"Executed agreements: {add_agreements(seed=args.seed)}.")
        runs = []
        if not pages_only:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                runs = [
                    run_schedule(f"schedule + reminders, {small} vendors", vendor_count=small),
                    run_schedule(f"schedule + reminders, {args.vendors} vendors", vendor_count=args.vendors),
                    run_schedule("daily re-run, nothing changed", vendor_count=args.vendors, reset=False),
                ]
            settle_schedule_tables()
        with override_settings(ROOT_URLCONF=bench_urlconf()):
            timings = time_dashboard(requests=args.requests)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    if runs:
        _print_runs(runs)
    print(f"\n{args.requests} timed requests per page; ratios to the baseline page, as compliance (every vendor).")
    print("\n".join(report_lines(timings)))
    return 0 if _goals_met(runs, timings) else 1


def _goals_met(runs: list[RunFigures], timings: list) -> bool:
    baseline = next(t for t in timings if t.page == BASELINE)
    board = next(t for t in timings if t.page == "dashboard")
    goals = {}
    if runs:
        goals[f"schedule + reminders for {runs[1].vendors} vendors <= {GOAL_SECONDS:g} s"] = (
            runs[1].seconds <= GOAL_SECONDS
        )
        goals["query count the same for the small and the full portfolio"] = runs[0].queries == runs[1].queries
    goals[f"dashboard median and p95 <= {GOAL_RATIO:g} x baseline"] = (
        board.median_ms <= GOAL_RATIO * baseline.median_ms and board.p95_ms <= GOAL_RATIO * baseline.p95_ms
    )
    print()
    for goal, met in goals.items():
        print(f"Goal, {goal}: {'met' if met else 'MISSED'}.")
    return all(goals.values())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
