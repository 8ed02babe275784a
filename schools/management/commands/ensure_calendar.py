from django.core.management.base import BaseCommand

from schools.calendar import ensure_current_and_next_year


class Command(BaseCommand):
    help = "Create this and next academic year with typical English term dates if missing."

    def handle(self, *args, **options):
        years = ensure_current_and_next_year()
        self.stdout.write(", ".join(year.name for year in years) + " in place.")
