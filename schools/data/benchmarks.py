"""National benchmarks: imported from CSV (the shipped England figures, or the central
team's own file), kept with their year, status, unit, coverage and source; the strongest
status for a year stands over the others while all are kept (final or revised over
provisional; an estimate is the weakest).

Every national comparison in the portal goes through ``comparison()``: it returns the
figure with its year, status, coverage, unit and source and the words to show beside it,
and applies the age rule (``SYMPHONY_NATIONAL_MAX_AGE_YEARS``): a figure for the year
compared, or up to that many years older ("the latest published"), is compared with; an
older one is shown but not judged against ("No national figure for 2025/26 yet; latest
2022/23")."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import NationalBenchmark
from .measures import BY_KEY

SHIPPED = Path(__file__).with_name("national_benchmarks.csv")
HEADER = [
    "measure",
    "academic_year",
    "value",
    "unit",
    "status",
    "coverage",
    "source_name",
    "source",
]
# The first shipped file's columns (percentages, no unit or short source): still read.
OLD_HEADER = ["measure", "academic_year", "value_percent", "status", "coverage", "source"]
Status = NationalBenchmark.Status
STRENGTH = {Status.FINAL: 4, Status.REVISED: 3, Status.PROVISIONAL: 2, Status.ESTIMATE: 1}


@transaction.atomic
def import_benchmarks(text: str) -> int:
    """Create or update one row per (measure, year, status). Any bad row: nothing saved."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if header not in (HEADER, OLD_HEADER):
        raise ValidationError(f"The columns must be: {', '.join(HEADER)}.")
    old = header == OLD_HEADER
    value_column = "value_percent" if old else "value"
    rows, errors = [], []
    for number, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        try:
            value = Decimal(row[value_column])
        except (InvalidOperation, KeyError):
            errors.append(f"Row {number}: '{row.get(value_column, '')}' is not a number.")
            continue
        benchmark = NationalBenchmark(
            measure=row["measure"],
            academic_year=row["academic_year"],
            value=value,
            unit="%" if old else row["unit"],
            status=row["status"],
            coverage=row["coverage"],
            source_name="" if old else row["source_name"],
            source=row["source"],
        )
        try:
            benchmark.full_clean(validate_unique=False, validate_constraints=False)
            if not _year_shape(benchmark.academic_year):
                raise ValidationError(
                    {"academic_year": f"'{benchmark.academic_year}' is not a year like 2024/25."}
                )
            if not 0 <= value <= 100:
                raise ValidationError({value_column: "A national figure is 0 to 100."})
        except ValidationError as exc:
            errors += [f"Row {number}: {m}" for m in exc.messages]
            continue
        rows.append(benchmark)
    if errors:
        raise ValidationError(errors)
    for b in rows:
        NationalBenchmark.objects.update_or_create(
            measure=b.measure,
            academic_year=b.academic_year,
            status=b.status,
            defaults={
                "value": b.value,
                "unit": b.unit,
                "coverage": b.coverage,
                "source_name": b.source_name,
                "source": b.source,
            },
        )
    return len(rows)


def _year_shape(text: str) -> bool:
    """2024/25: a start year and the next one's last two digits (no part-year labels)."""
    start, slash, end = text.partition("/")
    return (
        slash == "/"
        and len(start) == 4
        and start.isdigit()
        and end == f"{(int(start) + 1) % 100:02d}"
    )


def import_shipped() -> int:
    return import_benchmarks(SHIPPED.read_text(encoding="utf-8"))


def current_national() -> dict[tuple[str, str], NationalBenchmark]:
    """{(measure, year): the figure in force}: the strongest status for the year (final,
    then revised, then provisional, then estimate). One query."""
    found: dict[tuple[str, str], NationalBenchmark] = {}
    for b in NationalBenchmark.objects.all():
        key = (b.measure, b.academic_year)
        if key not in found or STRENGTH.get(b.status, 0) > STRENGTH.get(found[key].status, 0):
            found[key] = b
    return found


def year_name(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def national_key(measure: str) -> str:
    """The national figure's name for a termly measure or a rate KPI ('' where none)."""
    if measure in BY_KEY:
        return BY_KEY[measure].national_key
    from .. import kpis  # the registry reads the measures; imported here to avoid a cycle

    kpi = next((k for k in kpis.rates() if k.key == measure), None)
    return kpi.key if kpi and kpi.national else ""


def max_age() -> int:
    return settings.SYMPHONY_NATIONAL_MAX_AGE_YEARS


def _number(value: Decimal, *, percent: bool) -> str:
    """A national figure as read: a percentage to 1 decimal place; a rate per 100 pupils, or
    any figure under 1 (exclusions), to 2; no trailing zeros."""
    text = f"{value:.1f}" if percent and abs(value) >= 1 else f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


@dataclass(frozen=True)
class National:
    """A national figure as a comparison uses it: the latest published for the year of the
    data or before (``figure``; None when there is none), and whether it may be compared
    with under the age rule."""

    figure: NationalBenchmark | None
    data_year: str  # the academic year of the figures compared, e.g. 2025/26
    age: int = 0  # how many years older than the data the figure is
    limit: int = 1  # the most years older it may be and still be compared with
    attended: bool = False  # shown as attendance: 100% less the national absence

    @property
    def usable(self) -> bool:
        return self.figure is not None and self.age <= self.limit

    @property
    def older(self) -> bool:
        return self.usable and self.age > 0

    @property
    def estimate(self) -> bool:
        return self.figure is not None and self.figure.status == Status.ESTIMATE

    @property
    def published(self) -> Decimal | None:
        """The figure's value (as attendance where asked), whether or not it is compared."""
        if self.figure is None:
            return None
        return Decimal(100) - self.figure.value if self.attended else self.figure.value

    @property
    def value(self) -> Decimal | None:
        """The value compared with: None when there is no figure young enough."""
        return self.published if self.usable else None

    @property
    def year(self) -> str:
        return self.figure.academic_year if self.figure else ""

    @property
    def status(self) -> str:
        return self.figure.get_status_display().lower() if self.figure else ""

    @property
    def coverage(self) -> str:
        return self.figure.coverage if self.figure else ""

    @property
    def unit(self) -> str:
        if self.figure is None:
            return ""
        if self.attended:
            return "% of possible sessions attended (100% less national overall absence)"
        return self.figure.unit

    @property
    def unit_words(self) -> str:
        """The unit after the number: the '%' is written with the number itself."""
        return self.unit.removeprefix("%").strip()

    @property
    def source_name(self) -> str:
        return self.figure.source_name if self.figure else ""

    @property
    def source(self) -> str:
        return self.figure.source if self.figure else ""

    @property
    def value_text(self) -> str:
        shown = self.published
        if shown is None:
            return ""
        percent = self.unit.startswith("%")
        text = _number(shown, percent=percent)
        return f"{text}%" if percent else text

    @property
    def when(self) -> str:
        """Its year, in words: 'national 2024/25, the latest published'."""
        if self.figure is None:
            return ""
        return f"national {self.year}" + (", the latest published" if self.older else "")

    @property
    def provenance(self) -> str:
        """Year, status, coverage and source: what the figure is, beside it."""
        parts = [self.when, self.status, self.coverage, self.source_name]
        return "; ".join(p for p in parts if p)

    @property
    def missing(self) -> str:
        """Why there is nothing to compare with ('' when there is)."""
        if self.usable:
            return ""
        if self.figure is None:
            return "No national figure yet: the central team enters it when published"
        return f"No national figure for {self.data_year} yet; latest {self.year}"

    @property
    def words(self) -> str:
        """The national cell in words, the same on the page and in the exports."""
        if self.figure is None:
            return self.missing
        figure = f"{self.value_text} {self.unit_words}".strip()
        if not self.usable:
            return f"{self.missing} ({figure}; {self.status}; {self.coverage}): not compared"
        return f"{figure} ({self.provenance})"

    @property
    def caveat(self) -> str:
        """What a judgement against this figure must say with it."""
        if not self.usable:
            return ""
        notes = []
        if self.older:
            notes.append(f"against national {self.year}, the latest published")
        if self.estimate:
            notes.append("the national figure is an estimate")
        return f" ({'; '.join(notes)})" if notes else ""

    def as_attendance(self) -> National:
        return replace(self, attended=True)


def comparison(national, measure: str, collection, *, limit: int | None = None) -> National:
    """The national figure a figure of ``measure`` for ``collection``'s academic year is
    compared with: the year's own, else the latest before it, with its age. ``national`` is
    ``current_national()`` (read once per page)."""
    limit = max_age() if limit is None else limit
    key = national_key(measure)
    if collection is None:
        return National(None, "", limit=limit)
    start = collection.term.academic_year.start_year
    data_year = year_name(start)
    if not key:
        return National(None, data_year, limit=limit)
    candidates = [
        b
        for (m, year), b in national.items()
        if m == key and year[:4].isdigit() and int(year[:4]) <= start
    ]
    if not candidates:
        return National(None, data_year, limit=limit)
    latest = max(candidates, key=lambda b: b.academic_year)
    return National(latest, data_year, start - int(latest.academic_year[:4]), limit)
