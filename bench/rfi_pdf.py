"""Bench the RFI PDF: a vendor with 60 questions, timed beside a one-page WeasyPrint document rendered in the same run.

    .venv/bin/python bench/rfi_pdf.py [--questions 60] [--runs 5]

The RFI and its questions are built in memory (no database): the PDF is rendered from objects, exactly as the
Celery task renders them after reading the RFI, so what is timed is the template and WeasyPrint. The baseline is a
one-page HTML document with a heading and a paragraph, rendered by the same WeasyPrint in the same process, so the
ratio says how much the RFI adds to WeasyPrint's fixed cost on this machine. One warm-up render of each comes first
(fonts and WeasyPrint's own caches load once per worker process). Exit status 1 when the median RFI render takes
longer than the goal (2 s).
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 2.0
BASELINE_HTML = "<!doctype html><title>One page</title><h1>One page</h1><p>A single paragraph of text.</p>"


def _setup_django() -> None:
    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendortrack.settings")
    import django

    django.setup()
    # WeasyPrint logs every layout step at INFO; the bench prints its own lines only.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)


def build_rfi(question_count: int):  # noqa: ANN201 - model objects, imported after setup
    """An unsaved RFI for a vendor with `question_count` questions spread over every section."""
    from clause_library.catalogue import RFI_SECTIONS, load_catalogue
    from vendortrack.rfis.models import Rfi, RfiQuestion
    from vendortrack.vendors.models import Vendor

    vendor = Vendor(name="Northwind Clinical AI")
    rfi = Rfi(
        vendor=vendor,
        number=7,
        title="Northwind Clinical AI: request for information",
        status="sent",
        recipient_name="Dana Reyes",
        recipient_email="dana@northwind.example",
        sent_on=datetime.date(2025, 6, 1),
        due_on=datetime.date(2025, 6, 30),
    )
    provisions = list(load_catalogue())
    sections = list(RFI_SECTIONS)
    questions = []
    for index in range(question_count):
        provision = provisions[index % len(provisions)]
        questions.append(
            RfiQuestion(
                rfi=rfi,
                number=index + 1,
                section=sections[index % len(sections)],
                text=provision.rfi.question,
                # The same shape as the context of a provision gap (gaps.provision_gaps).
                context=f"{provision.title}: missing in Business Associate Agreement. Cites "
                + "; ".join(provision.citations)
                + ".",
                answer_format=provision.rfi.answer_format,
            )
        )
    questions.sort(key=lambda question: (sections.index(question.section), question.number))
    for number, question in enumerate(questions, start=1):
        question.number = number
    return rfi, questions


def _median_seconds(render, runs: int) -> tuple[float, float]:  # noqa: ANN001
    """Median wall-clock and CPU seconds of `runs` renders after one warm-up; CPU time shows a busy machine."""
    render()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        render()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    _setup_django()
    from pypdf import PdfReader
    from weasyprint import HTML

    from vendortrack.rfis.documents import render_pdf

    rfi, questions = build_rfi(args.questions)
    pdf = render_pdf(rfi, questions)
    pages = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
    baseline, baseline_cpu = _median_seconds(lambda: HTML(string=BASELINE_HTML).write_pdf(), args.runs)
    rfi_time, rfi_cpu = _median_seconds(lambda: render_pdf(rfi, questions), args.runs)
    rfi_label = f"RFI PDF, {args.questions} questions, {pages} pages"
    print(f"{'one-page WeasyPrint document':<36} {baseline * 1000:7.0f} ms  (CPU {baseline_cpu * 1000:.0f} ms)")
    print(f"{rfi_label:<36} {rfi_time * 1000:7.0f} ms  (CPU {rfi_cpu * 1000:.0f} ms)  ratio {rfi_time / baseline:.1f}")
    # Wall-clock time on a shared machine includes waiting for a core; the load average says how busy it was.
    print(f"load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    verdict = "meets" if rfi_time <= GOAL_SECONDS else "MISSES"
    print(f"goal: at most {GOAL_SECONDS:.1f} s for the RFI PDF — {verdict} it ({len(pdf) / 1024:.0f} KB)")
    return 0 if rfi_time <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
