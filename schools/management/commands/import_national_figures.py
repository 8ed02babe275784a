from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from schools.data import benchmarks


class Command(BaseCommand):
    help = (
        "Import national figures from a CSV (measure, academic_year, value, unit, status, "
        "coverage, source_name, source): the shipped file if none is given. Rows are added or "
        "updated by measure, year and status; a bad row saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="The CSV; the shipped figures if omitted.")

    def handle(self, *args, file=None, **options):
        path = Path(file) if file else benchmarks.SHIPPED
        try:
            count = benchmarks.import_benchmarks(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{count} national figures imported from {path.name}.")
