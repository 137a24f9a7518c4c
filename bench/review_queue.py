"""Bench legal review: 2,000 agreements with findings, the review pages beside a trivial page, and upload-to-findings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vendortrack REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/review_queue.py [--agreements 2000] [--vendors 400] [--requests 40] [--pages 50] \
        [--reuse] [--no-upload]

The database is chosen as in bench/vendor_pages.py (whose loader and helpers this script reuses): a PostgreSQL
database of its own named by --database (it must contain "bench"; dropped and created afresh), or a temporary
SQLite file without DATABASE_URL. --reuse keeps a PostgreSQL bench database that holds --agreements agreements
already (migrating it first), and --no-upload leaves out the upload timing, so that a change to a page is measured
in a minute rather than after a load of several. A vendor portfolio is loaded first, then the agreements: each has
one analysed version with one finding per provision its type is checked for, statuses and decisions drawn at random,
all written with bulk_create; then the queue facts the analysis stores beside each finding are filled
(contracts.queue_facts.refresh_all_queue_facts).

Pages are timed as a Legal user, interleaved round by round with the trivial page (the cost every signed-in page
pays), and reported as median and p95 with their ratio to it (goal: <= 4). The review queue is timed when its URL
("contracts:queue") exists; `queue_pages` is the one place to add its variants (filters) as it grows.

The queue, the agreement list and the finding page are kept in the cache between writes (contracts/review_cache.py):
a URL asked again is read from it, as when legal pages back and forth. The finding page is asked at 20 findings in
turn, so about 17 of its 40 timed requests are first visits, rendered afresh, and its p95 is theirs.

Upload to findings: a 50-page PDF (rendered by bench/clause_engine.py) is uploaded through the web layer and the
clock stops when its version is analysed. With REDIS_URL a real Celery worker runs the analysis, on a queue of its
own so that no other worker on the same broker takes the job; without it the analysis runs in-process inside the
request, and the line says so.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.clause_engine import render  # noqa: E402

# The database choice, the portfolio loader, the measuring loop and the report are those of the vendor pages bench.
from bench.vendor_pages import (  # noqa: E402
    BASELINE,
    WARMUP,
    PageTiming,
    bench_urlconf,
    goal_met,
    load_portfolio,
    prepare_database,
    report_lines,
    start_django,
    time_served_and_afresh,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.contrib.auth.models import AbstractBaseUser

DEFAULT_DATABASE = "vendortrack_bench_review"
BENCH_QUEUE = "bench-review-queue"
LEGAL_USER = "bench-legal"
PAGES_SAMPLED = 20
BATCH = 5000
# Weights of finding statuses and of decisions on flagged findings, roughly what a review backlog looks like.
STATUS_WEIGHTS = {"present": 55, "weak": 20, "missing": 18, "contrary": 7}
DECISION_WEIGHTS = {"undecided": 60, "accept": 15, "negotiate": 12, "waive": 8, "false_positive": 5}


# ---- Filling the agreements ---------------------------------------------------------------------------------------


def fill_agreements(*, count: int, seed: int) -> int:
    """Write `count` agreements over the loaded vendors, each with an analysed version and its findings."""
    from django.db import transaction

    from contracts.models import Agreement, AgreementStatus, AgreementType, DocumentVersion
    from contracts.queue_facts import refresh_all_queue_facts

    rng = random.Random(seed)
    legal = _legal_user()
    vendors = list(_vendor_model().objects.values_list("pk", flat=True))
    types = list(AgreementType.values)
    with transaction.atomic():
        agreements = Agreement.objects.bulk_create(
            [
                Agreement(
                    vendor_id=rng.choice(vendors),
                    agreement_type=rng.choice(types),
                    title=f"Agreement {n:05d}",
                    status=rng.choice([AgreementStatus.IN_LEGAL_REVIEW, AgreementStatus.NEGOTIATING]),
                    owner=legal,
                )
                for n in range(count)
            ],
            batch_size=BATCH,
        )
        versions = DocumentVersion.objects.bulk_create(
            [_version(agreement, uploaded_by=legal) for agreement in agreements], batch_size=BATCH
        )
        findings = _fill_findings(versions, rng=rng, legal=legal)
        refresh_all_queue_facts()  # what the analysis stores beside each finding it writes
        return findings


def _vendor_model() -> type:
    from django.apps import apps

    return apps.get_model("vendors", "Vendor")


def _legal_user() -> AbstractBaseUser:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(username=LEGAL_USER)
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name="Legal")[0])
    return user


def _version(agreement: object, *, uploaded_by: AbstractBaseUser) -> object:
    from django.utils import timezone

    from contracts.models import AnalysisState, DocumentVersion

    text = f"{agreement.title}. Vendor shall protect PHI. " * 40
    return DocumentVersion(
        agreement=agreement,
        number=1,
        file=f"agreements/bench/{agreement.title}.txt",
        original_name=f"{agreement.title}.txt",
        sha256=f"{agreement.pk:064x}",
        size=len(text),
        media_type="text/plain",
        pages=1,
        extracted_text=text,
        analysis_state=AnalysisState.DONE,
        is_current=True,  # the only version, analysed: what contracts.analysis would mark
        analysed_at=timezone.now(),
        uploaded_by=uploaded_by,
    )


def _fill_findings(versions: list, *, rng: random.Random, legal: AbstractBaseUser) -> int:
    from contracts.models import ClauseFinding
    from contracts.provisions import catalogue_ids_for, provision_severity

    rows = []
    for version in versions:
        for provision_id in catalogue_ids_for(version.agreement.agreement_type):
            status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
            decision = "undecided" if status == "present" else _decision(rng)
            rows.append(
                ClauseFinding(
                    version=version,
                    provision_id=provision_id,
                    status=status,
                    severity=provision_severity(provision_id),
                    confidence=round(rng.uniform(0.5, 0.98), 2),
                    evidence=_evidence(version, status=status),
                    parameters={},
                    rule=f"{provision_id}.{status}.bench",
                    decision=decision,
                    decision_note="" if decision in ("undecided", "accept") else "Bench note.",
                    decided_by=None if decision == "undecided" else legal,
                )
            )
    ClauseFinding.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _decision(rng: random.Random) -> str:
    return rng.choices(list(DECISION_WEIGHTS), weights=list(DECISION_WEIGHTS.values()))[0]


def _evidence(version: object, *, status: str) -> list[dict]:
    if status == "missing":
        return []
    sentence = f"{version.agreement.title}."
    return [{"page": 1, "section": "1", "text": sentence, "start": 0, "end": len(sentence)}]


# ---- Timing pages -------------------------------------------------------------------------------------------------


def queue_pages() -> dict[str, list[str]]:
    """The review queue's URLs to time, once the queue exists (label -> URLs requested in turn): its first page, a
    filtered page, a deep page of every decision, the conflicts filter, and finding pages sampled from the queue."""
    from django.urls import NoReverseMatch, reverse

    from contracts.models import ClauseFinding

    try:
        queue = reverse("contracts:queue")
    except NoReverseMatch:
        return {}
    flagged = ClauseFinding.objects.exclude(status="present").order_by("pk")
    sampled = flagged.values_list("version__agreement__public_id", "pk")[:: max(1, flagged.count() // PAGES_SAMPLED)]
    return {
        "review queue": [queue],
        "review queue, critical undecided": [f"{queue}?severity=critical&undecided=1"],
        "review queue, all decisions, page 40": [f"{queue}?undecided=0&page=40"],
        "review queue, in conflict": [f"{queue}?conflicts=1"],
        "finding page": [
            reverse("contracts:finding", kwargs={"public_id": public_id, "finding_id": pk})
            for public_id, pk in sampled[:PAGES_SAMPLED]
        ],
    }


def review_pages(*, rng: random.Random) -> dict[str, list[str]]:
    from django.urls import reverse

    from contracts.models import Agreement

    ids = list(Agreement.objects.order_by("pk").values_list("public_id", flat=True))
    sampled = rng.sample(ids, min(PAGES_SAMPLED, len(ids)))
    return {
        BASELINE: [reverse("bench-trivial")],
        "agreement list, first page": [reverse("contracts:list")],
        "agreement page": [reverse("contracts:detail", kwargs={"public_id": pid}) for pid in sampled],
        **queue_pages(),
    }


def measure_pages(*, requests: int, seed: int) -> list[PageTiming]:
    """Time every page `requests` times as the Legal user, with the vendor bench's shared measuring loop."""
    from django.test import Client

    client = Client()
    client.force_login(_legal_user())
    return time_served_and_afresh(
        client,
        username=LEGAL_USER,
        pages=review_pages(rng=random.Random(seed)),
        afresh={"review queue, afresh": "review queue", "finding page, afresh": "finding page"},
        requests=requests,
    )


# ---- Upload to findings -------------------------------------------------------------------------------------------


@contextmanager
def bench_worker(media_root: Path) -> Iterator[bool]:
    """A real Celery worker on its own queue when REDIS_URL is set (yields True); otherwise nothing (False)."""
    from vendortrack.celery import app

    if not os.environ.get("REDIS_URL"):
        yield False
        return
    app.conf.task_default_queue = BENCH_QUEUE
    env = {**os.environ, "MEDIA_ROOT": str(media_root)}
    argv = [sys.executable, "-m", "celery", "-A", "vendortrack", "worker", "--pool=solo", "-Q", BENCH_QUEUE]
    worker = subprocess.Popen(argv, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("The Celery worker did not start; check REDIS_URL.")
        yield True
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def upload_to_findings(*, pages: int, folder: Path) -> tuple[list[float], int, bool]:
    """Seconds from the upload request to an analysed version of a `pages`-page PDF, for a fresh worker and then a
    warm one (the first analysis in a process builds the language pipeline), the findings, and the mode."""
    from django.conf import settings

    pdf = render(pages, folder)
    settings.MEDIA_ROOT = str(folder / "media")
    with bench_worker(folder / "media") as real_worker:
        runs = [_timed_upload(pdf, title=f"Bench upload {n}") for n in range(2)]
    return [elapsed for elapsed, _ in runs], runs[-1][1], real_worker


def _timed_upload(pdf: Path, *, title: str) -> tuple[float, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from contracts.models import Agreement, AnalysisState

    agreement = Agreement.objects.create(vendor=_vendor_model().objects.first(), agreement_type="baa", title=title)
    client = Client()
    client.force_login(_legal_user())
    upload = SimpleUploadedFile(pdf.name, pdf.read_bytes(), content_type="application/pdf")
    started = time.perf_counter()
    client.post(reverse("contracts:upload", kwargs={"public_id": agreement.public_id}), {"file": upload})
    version = agreement.versions.get()
    while version.is_in_progress:
        time.sleep(0.02)
        version.refresh_from_db()
    elapsed = time.perf_counter() - started
    if version.analysis_state != AnalysisState.DONE:
        raise SystemExit(f"The analysis failed: {version.failure_reason}")
    return elapsed, version.findings.count()


# ---- The command --------------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=2000, help="agreements to fill (default 2000)")
    parser.add_argument("--vendors", type=int, default=400, help="vendors they belong to (default 400)")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page (default 40)")
    parser.add_argument("--pages", type=int, default=50, help="pages of the uploaded PDF (default 50)")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL bench database name")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--reuse", action="store_true", help="keep a bench database that holds --agreements agreements")
    parser.add_argument("--no-upload", action="store_true", help="time the pages only, not upload to findings")
    return parser.parse_args(argv)


def ensure_agreements(args: argparse.Namespace) -> None:
    """Migrate, then load vendors and agreements unless --reuse finds --agreements of them loaded already."""
    from django.core.management import call_command
    from django.db import connection

    from contracts.models import Agreement

    call_command("migrate", verbosity=0)
    existing = Agreement.objects.count()
    if args.reuse and existing >= args.agreements:
        print(f"Reusing the {existing} agreements already loaded.")
        return
    if existing:
        raise SystemExit(f"The bench database already holds {existing} agreements; run without --reuse.")
    started = time.perf_counter()
    load_portfolio(vendors=args.vendors, seed=args.seed)
    findings = fill_agreements(count=args.agreements, seed=args.seed)
    with connection.cursor() as cursor:
        # Fresh tables have no planner statistics and no visibility map yet (the queue's counts are an index-only
        # scan); a live database has both from autovacuum. VACUUM runs outside a transaction, as here.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"Loaded {args.vendors} vendors, {args.agreements} agreements and {findings} findings "
        f"in {time.perf_counter() - started:.1f} s."
    )


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    where, temporary = prepare_database(args)
    print(f"Bench database: {where}.")
    folder = Path(tempfile.mkdtemp(prefix="vendortrack-review-bench-"))
    try:
        start_django()
        # WeasyPrint narrates every page it lays out at INFO; the bench prints its own summary.
        for noisy in ("weasyprint", "fontTools"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        from django.test.utils import override_settings

        ensure_agreements(args)
        upload = None
        with override_settings(ROOT_URLCONF=bench_urlconf(), DEBUG=False):
            timings = measure_pages(requests=args.requests, seed=args.seed)
            if not args.no_upload:
                upload = upload_to_findings(pages=args.pages, folder=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    print(f"\n{args.requests} timed requests per page after {WARMUP} warm-up rounds; ratios to the baseline page.")
    print("\n".join(report_lines(timings)))
    if not queue_pages():
        print("The review queue (contracts:queue) does not exist yet: not timed.")
    if upload is not None:
        elapsed, count, real_worker = upload
        mode = "a real Celery worker on Redis" if real_worker else "in-process Celery (no REDIS_URL)"
        print(
            f"\nUpload to findings, {args.pages}-page PDF through {mode}: {elapsed[0]:.2f} s on a fresh worker, "
            f"{elapsed[1]:.2f} s on a warm one ({count} findings)."
        )
    met = goal_met(timings)
    print(f"Goal, every ratio <= 4: {'met' if met else 'MISSED'}.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
