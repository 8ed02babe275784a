"""The benchmark run: build each size, measure, print the tables and the targets.

Targets (ratios on the 2-core development machine): the dashboard at the largest
size at most 10x the bare view and at most 1.5x its own ratio at the smallest; query
counts that do not grow with schools; a review PDF under 1 s; the upload under 2 s; the
reminder scan at 10,000 schools under 2 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from django.core.management import call_command
from django.db import connection

from . import measure
from .database import analyze, empty_tables
from .generator import build_trust

PAGES = ("dashboard", "school page", "categorisation due list", "KPI report page")
DASHBOARD_VS_BARE, DASHBOARD_GROWTH = 10.0, 1.5
REVIEW_PDF_SECONDS, UPLOAD_SECONDS, SCAN_SECONDS = 1.0, 2.0, 2.0
SCAN_PARTS = frozenset({"data", "categories", "scc", "governance", "risks"})


def parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes",
        default="15,100,500",
        help="trust sizes in schools, comma-separated (default 15,100,500)",
    )
    parser.add_argument("--years", type=int, default=6, help="academic years of history")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument(
        "--reminder-schools", type=int, default=10_000, help="0 skips the reminder scan"
    )
    parser.add_argument("--logins", type=int, default=50, help="0 skips the login burst")
    args = parser.parse_args(argv)
    args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if not args.sizes or min(args.sizes) < 2:
        parser.error("--sizes needs at least one size of 2 schools or more")
    return args


def say(text: str = "") -> None:
    print(text, flush=True)


def table(header: list[str], rows: list[list]) -> None:
    say("| " + " | ".join(header) + " |")
    say("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        say("| " + " | ".join(str(c) for c in row) + " |")
    say()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def run(argv) -> int:
    args = parse(argv)
    started = time.perf_counter()
    say(f"Benchmark database: {connection.settings_dict['NAME']} (PostgreSQL)")
    say(f"Machine: {os.cpu_count()} CPU(s), Python {platform.python_version()}")
    call_command("migrate", verbosity=0)
    results, builds, pdfs, upload = {}, {}, {}, None
    for size in args.sizes:
        empty_tables()
        t = time.perf_counter()
        trust = build_trust(schools=size, years=args.years)
        analyze()
        builds[size] = (time.perf_counter() - t, sum(trust.counts.values()))
        say(f"Built {size} schools: {builds[size][1]:,} rows in {builds[size][0]:.0f} s")
        results[size] = measure.pages(trust, requests=args.requests)
        pdfs[size] = measure.pdfs(trust)
        if upload is None:  # the smallest trust: the 15-school upload
            upload = measure.uploads(trust)
    scan = breakdown = None
    if args.reminder_schools:
        empty_tables()
        t = time.perf_counter()
        build_trust(schools=args.reminder_schools, years=2, figures=False, parts=SCAN_PARTS)
        analyze()
        say(
            f"Built {args.reminder_schools:,} schools for the reminder scan in "
            f"{time.perf_counter() - t:.0f} s"
        )
        scan, breakdown = measure.reminder_scans()
    burst = measure.login_burst(logins=args.logins) if args.logins else None
    say()
    verdicts = report(args, results, pdfs, upload, scan, breakdown, burst)
    say(f"Whole run: {time.perf_counter() - started:.0f} s")
    return 0 if all(ok for _, ok, _ in verdicts) else 1


def report(args, results, pdfs, upload, scan, breakdown, burst) -> list:
    sizes = args.sizes
    small = sizes[0]
    say(f"## Pages: median / p95 ms per request, {args.requests} requests each, as the DoP")
    rows = []
    for size in sizes:
        bare = results[size]["bare view"]
        rows.append([size, "bare view", ms(bare.median), ms(bare.p95), "1.0", bare.queries])
        for page in PAGES:
            t = results[size][page]
            rows.append([size, page, ms(t.median), ms(t.p95), f"{t.ratio(bare):.1f}", t.queries])
    table(["schools", "page", "median ms", "p95 ms", "× bare", "queries"], rows)

    say(f"## How the ratio to the bare view grows from {small} schools")
    rows = []
    for page in PAGES:
        base = results[small][page].ratio(results[small]["bare view"])
        growth = [f"{results[s][page].ratio(results[s]['bare view']) / base:.2f}" for s in sizes]
        rows.append([page, *growth])
    table(["page", *[f"{s} schools" for s in sizes]], rows)

    say("## PDFs: median of 3 renders; peak Python memory of one more (tracemalloc)")
    rows = [
        [size, name, f"{r.seconds:.2f}", f"{r.peak_mb:.0f}", r.pages]
        for size in sizes
        for name, r in pdfs[size].items()
    ]
    table(["schools", "PDF", "seconds", "peak MB", "pages"], rows)

    say(f"## Termly XLSX upload, read + validated + saved ({upload.rows} rows a school)")
    table(
        ["schools", "median s", "slowest s", "all schools, s"],
        [[upload.schools, f"{upload.median:.2f}", f"{upload.slowest:.2f}", f"{upload.total:.1f}"]],
    )

    if scan:
        say(f"## Reminder scan at {args.reminder_schools:,} schools")
        repeat = measure.Scan(
            "repeat scan: all queued already",
            sum(s.seconds for s in breakdown),
            sum(s.queries for s in breakdown),
            sum(s.queued for s in breakdown),
        )
        table(
            ["run", "seconds", "queries", "new reminders"],
            [[s.name, f"{s.seconds:.2f}", s.queries, s.queued] for s in (scan, repeat, *breakdown)],
        )
    if burst:
        say(f"## Monday-morning login burst: {burst.logins} logins at once, one thread each")
        table(
            [
                "hasher",
                "CPU s per check",
                "burst wall s",
                "burst CPU s",
                "login median s",
                "p95 s",
                "slowest s",
                "succeeded",
            ],
            [
                [
                    f"{burst.hasher} ({burst.iterations:,} iterations)",
                    f"{burst.check_cpu:.2f}",
                    f"{burst.wall:.1f}",
                    f"{burst.cpu:.1f}",
                    f"{burst.median:.1f}",
                    f"{burst.p95:.1f}",
                    f"{burst.slowest:.1f}",
                    f"{burst.ok}/{burst.logins}",
                ]
            ],
        )

        cores = os.cpu_count() or 1
        say(f"What the hasher's iterations cost (one hash, and a burst of {burst.logins}):")
        table(
            [
                "PBKDF2-SHA256 iterations",
                "CPU s per login",
                f"{burst.logins} logins, s of CPU",
                f"last login waits at least, s ({cores} cores)",
            ],
            [
                [
                    f"{n:,}",
                    f"{cpu:.2f}",
                    f"{cpu * burst.logins:.0f}",
                    f"{cpu * burst.logins / cores:.0f}",
                ]
                for n, cpu in burst.alternatives
            ],
        )

    verdicts = targets(args, results, pdfs, upload, scan, breakdown)
    say("## Targets")
    table(
        ["target", "measured", "result"],
        [[name, figure, "PASS" if ok else "FAIL"] for name, ok, figure in verdicts],
    )
    return verdicts


def targets(args, results, pdfs, upload, scan, breakdown) -> list[tuple[str, bool, str]]:
    small, large = args.sizes[0], args.sizes[-1]
    dash = {s: results[s]["dashboard"].ratio(results[s]["bare view"]) for s in args.sizes}
    out = [
        (
            f"dashboard at {large} schools ≤ {DASHBOARD_VS_BARE:g}× the bare view",
            dash[large] <= DASHBOARD_VS_BARE,
            f"{dash[large]:.1f}×",
        ),
        (
            f"dashboard at {large} schools ≤ {DASHBOARD_GROWTH:g}× its ratio at {small}",
            dash[large] <= DASHBOARD_GROWTH * dash[small],
            f"{dash[large] / dash[small]:.2f}×",
        ),
    ]
    for page in ("bare view", *PAGES):
        counts = [results[s][page].queries for s in args.sizes]
        out.append(
            (
                f"{page}: same queries at every size",
                len(set(counts)) == 1,
                " / ".join(map(str, counts)),
            )
        )
    # The review PDF does not depend on the trust's size: the median of all its renders.
    review = statistics.median(t for s in args.sizes for t in pdfs[s]["review PDF"].all_seconds)
    out.append(
        (
            f"review PDF < {REVIEW_PDF_SECONDS:g} s (median of every render)",
            review < REVIEW_PDF_SECONDS,
            f"{review:.2f} s",
        )
    )
    out.append(
        (
            f"termly upload < {UPLOAD_SECONDS:g} s (slowest of {upload.schools})",
            upload.slowest < UPLOAD_SECONDS,
            f"{upload.slowest:.2f} s",
        )
    )
    if scan:
        repeat = (sum(s.seconds for s in breakdown), sum(s.queries for s in breakdown))
        for name, (seconds, queries) in (
            ("first", (scan.seconds, scan.queries)),
            ("repeat", repeat),
        ):
            out.append(
                (
                    f"reminder scan ({name}) at {args.reminder_schools:,} schools "
                    f"< {SCAN_SECONDS:g} s",
                    seconds < SCAN_SECONDS,
                    f"{seconds:.2f} s, {queries:,} queries",
                )
            )
    return out
