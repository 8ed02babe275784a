"""The measurements: pages through the Django test client, PDFs, the termly upload, the
reminder scan and a login burst. Each returns plain numbers; ``run`` prints them."""

from __future__ import annotations

import hashlib
import io
import statistics
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, connections
from django.test import Client
from django.urls import reverse

WARM_UP = 3


@dataclass
class Timing:
    median: float  # seconds
    p95: float
    queries: int

    def ratio(self, bare: Timing) -> float:
        return self.median / bare.median


class QueryCount:
    n = 0


@contextmanager
def counting_queries():
    """Count the SQL statements run (without logging them, so any number, at no cost)."""
    counter = QueryCount()

    def count(execute, sql, params, many, context):
        counter.n += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def pages(trust, *, requests: int) -> dict[str, Timing]:
    """Median and p95 per page, the pages interleaved request by request so that whatever
    else the machine is doing slows them all alike, and the SQL queries of one request."""
    from schools.data.selectors import current_collection

    school = _busiest_school(trust)
    urls = {
        "bare view": reverse("bench_bare"),
        "dashboard": reverse("home"),
        "school page": reverse("schools:detail", kwargs={"pk": school.pk}),
        "categorisation due list": reverse("categorisation:overview"),
        "KPI report page": reverse("portal:kpi_report") + f"?collection={current_collection().pk}",
    }
    client = Client()
    _sign_in(client, trust.dop)
    queries = {}
    for name, url in urls.items():
        for _ in range(WARM_UP):
            _get(client, url)
        with counting_queries() as counted:
            _get(client, url)
        queries[name] = counted.n
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(requests):
        for name, url in urls.items():
            started = time.perf_counter()
            _get(client, url)
            samples[name].append(time.perf_counter() - started)
    return {
        name: Timing(statistics.median(s), p95(s), queries[name]) for name, s in samples.items()
    }


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise AssertionError(f"{url} answered {response.status_code}")
    return response


def _busiest_school(trust):
    """The generator's first school: in category 4 and Schools Causing Concern at every
    size, so its page shows the most, and the same things whatever the trust's size."""
    return trust.schools[0]


# --- PDFs ---------------------------------------------------------------------------------


@dataclass
class Render:
    seconds: float  # median of the timed renders
    all_seconds: list[float]
    peak_mb: float  # tracemalloc's peak during one more render
    pages: int


def pdfs(trust, *, renders: int = 3) -> dict[str, Render]:
    from pypdf import PdfReader

    from reviews.models import PeerReview
    from reviews.reports import review_report_pdf
    from schools.data.selectors import current_collection
    from symphony.pdf import render_template_to_pdf
    from symphony.portal import report

    review = (
        PeerReview.objects.filter(school__in=trust.schools, status=PeerReview.Status.PUBLISHED)
        .order_by("-year", "pk")
        .first()
    )
    collection = current_collection()

    def kpi_pdf():
        context = report.kpi_report(collection=collection)
        return render_template_to_pdf("portal/kpi_report_pdf.html", context)

    out = {}
    for name, render, times in (
        ("review PDF", lambda: review_report_pdf(review), renders),
        ("KPI report PDF", kpi_pdf, max(1, renders - 1)),  # seconds each at 500 schools
    ):
        render()  # warm: fonts, templates, WeasyPrint's own caches
        seconds = []
        for _ in range(times):
            started = time.perf_counter()
            body = render()
            seconds.append(time.perf_counter() - started)
        tracemalloc.start()
        render()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        pages = len(PdfReader(io.BytesIO(body)).pages)
        out[name] = Render(statistics.median(seconds), seconds, peak / 2**20, pages)
    return out


# --- The termly upload ----------------------------------------------------------------------


@dataclass
class Upload:
    schools: int
    median: float
    slowest: float
    total: float
    rows: int


def uploads(trust) -> Upload:
    """Each school's termly XLSX (the pre-filled template, as a headteacher sends it back)
    read, validated and saved through ``schools.data`` as the upload view does it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from schools.data import services, upload
    from schools.data.measures import RowKey
    from schools.data.selectors import current_collection
    from schools.models import Submission

    collection = current_collection()
    # The benchmark's own scratch rows: every school's figures back to draft, so each may
    # upload (submitted figures refuse changes, rightly).
    Submission.objects.filter(collection=collection, school__in=trust.schools).update(
        state=Submission.State.DRAFT
    )
    files = []
    for school in trust.schools:
        submission = services.submission_for(collection=collection, school=school)
        existing = {
            RowKey(f.measure, f.year_group, f.subject, f.group): (f.pupils, f.value)
            for f in submission.figures.all()
        }
        body = upload.template_xlsx(phase=school.phase, season=collection.season, existing=existing)
        files.append((school, submission, body))
    seconds, rows = [], 0
    for school, submission, body in files:
        head = trust.heads[school.pk]
        started = time.perf_counter()
        uploaded = SimpleUploadedFile(
            "figures.xlsx",
            body,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        raw = upload.read_upload(uploaded)
        figures = upload.validate(raw, phase=school.phase, season=collection.season)
        services.save_figures(submission=submission, figures=figures, by=head)
        seconds.append(time.perf_counter() - started)
        rows = len(figures)
    return Upload(len(files), statistics.median(seconds), max(seconds), sum(seconds), rows)


# --- The reminder scan ------------------------------------------------------------------------


@dataclass
class Scan:
    name: str
    seconds: float
    queries: int
    queued: int


def reminder_scans() -> tuple[Scan, list[Scan]]:
    """The daily beat's scans (categorisation with SCC and risk meetings, data collection,
    governance, risk registers): first as on a morning when everything due is new, then
    again task by task, as on most mornings, when it has all been queued already."""
    from categorisation.tasks import queue_reminders
    from finance.tasks import queue_risk_reminders
    from governance.tasks import queue_governance_reminders
    from schools.data.reminders import queue_collection_reminders

    tasks = (
        ("categorisation.send_reminders (re-assessments, SCC, meetings)", queue_reminders),
        ("schools.send_collection_reminders", queue_collection_reminders),
        ("governance.send_reminders", queue_governance_reminders),
        ("finance.send_reminders", queue_risk_reminders),
    )
    first = _scan("first scan: everything due is new", lambda: sum(job() for _, job in tasks))
    return first, [_scan(name, job) for name, job in tasks]


def _scan(name, job) -> Scan:
    with counting_queries() as counted:
        started = time.perf_counter()
        result = job()
        seconds = time.perf_counter() - started
    return Scan(name, seconds, counted.n, result)


# --- A Monday-morning login burst ------------------------------------------------------------


@dataclass
class Burst:
    logins: int
    ok: int
    hasher: str
    iterations: int
    check_cpu: float  # CPU seconds of one check_password
    wall: float  # the whole burst
    cpu: float  # process CPU seconds for the whole burst
    median: float  # one login's response time within the burst
    p95: float
    slowest: float
    # (iterations, CPU seconds of one PBKDF2-SHA256 hash): what other settings would cost.
    alternatives: list[tuple[int, float]]


# PBKDF2-SHA256 iteration counts to compare, from OWASP's recommended minimum (600,000)
# to this Django's default (1,500,000).
ITERATIONS = (600_000, 720_000, 1_000_000, 1_500_000)


def login_burst(*, logins: int = 50) -> Burst:
    """``logins`` people signing in at once (a thread each, as a threaded server would),
    with the production hasher, through the real login view."""
    from django.contrib.auth.hashers import check_password, get_hasher, make_password

    from schools.models import Role, User

    password = "monday-morning-burst"  # noqa: S105 - synthetic accounts
    hasher = get_hasher()
    encoded = make_password(password)
    User.objects.bulk_create(
        [
            User(
                email=f"burst{i:03d}@bench.example.org",
                full_name=f"Burst {i}",
                role=Role.HEADTEACHER,
                password=encoded,
            )
            for i in range(logins)
        ],
        ignore_conflicts=True,
    )
    alternatives = []
    for iterations in ITERATIONS:
        started = time.process_time()
        hashlib.pbkdf2_hmac("sha256", password.encode(), b"saltsaltsaltsalt", iterations)
        alternatives.append((iterations, time.process_time() - started))
    cpu = []
    for _ in range(3):
        started = time.process_time()
        check_password(password, encoded)
        cpu.append(time.process_time() - started)
    url = reverse("login")

    def one(i):
        client = Client()
        started = time.perf_counter()
        response = client.post(
            url, {"username": f"burst{i:03d}@bench.example.org", "password": password}
        )
        elapsed = time.perf_counter() - started
        connections.close_all()
        return elapsed, response.status_code == 302

    wall_started, cpu_started = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=logins) as pool:
        results = list(pool.map(one, range(logins)))
    wall, burst_cpu = time.perf_counter() - wall_started, time.process_time() - cpu_started
    times = [t for t, _ in results]
    return Burst(
        logins=logins,
        ok=sum(1 for _, ok in results if ok),
        hasher=hasher.algorithm,
        iterations=getattr(hasher, "iterations", 0),
        check_cpu=statistics.median(cpu),
        wall=wall,
        cpu=burst_cpu,
        median=statistics.median(times),
        p95=p95(times),
        slowest=max(times),
        alternatives=alternatives,
    )


def _sign_in(client, user):
    """The DoP signed in with the second step done (schools.mfa), as after their code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
