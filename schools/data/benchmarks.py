"""National benchmarks: imported from CSV (the shipped England figures, or the central
team's own file), kept with source and status, the revised figure standing over the
provisional one while both are kept."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import NationalBenchmark

SHIPPED = Path(__file__).with_name("national_benchmarks.csv")
HEADER = ["measure", "academic_year", "value_percent", "status", "coverage", "source"]


@transaction.atomic
def import_benchmarks(text: str) -> int:
    """Create or update one row per (measure, year, status). Any bad row: nothing saved."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if [h.strip() for h in (reader.fieldnames or [])] != HEADER:
        raise ValidationError(f"The columns must be: {', '.join(HEADER)}.")
    rows, errors = [], []
    for number, row in enumerate(reader, start=2):
        try:
            value = Decimal(row["value_percent"].strip())
        except (InvalidOperation, AttributeError):
            errors.append(f"Row {number}: '{row['value_percent']}' is not a number.")
            continue
        benchmark = NationalBenchmark(
            measure=row["measure"].strip(),
            academic_year=row["academic_year"].strip(),
            value=value,
            status=row["status"].strip(),
            coverage=row["coverage"].strip(),
            source=row["source"].strip(),
        )
        try:
            benchmark.full_clean(validate_unique=False, validate_constraints=False)
            if not 0 <= value <= 100:
                raise ValidationError({"value_percent": "A percentage is 0 to 100."})
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
            defaults={"value": b.value, "coverage": b.coverage, "source": b.source},
        )
    return len(rows)


def import_shipped() -> int:
    return import_benchmarks(SHIPPED.read_text(encoding="utf-8"))


def current_national() -> dict[tuple[str, str], NationalBenchmark]:
    """{(measure, year): the figure in force}: revised over provisional. One query."""
    found: dict[tuple[str, str], NationalBenchmark] = {}
    for b in NationalBenchmark.objects.all():
        key = (b.measure, b.academic_year)
        if key not in found or b.status == NationalBenchmark.Status.REVISED:
            found[key] = b
    return found
