from django.core.management.base import BaseCommand

from schools.demo import DEMO_PASSWORD
from symphony.portal.demo import seed_demo_trust


class Command(BaseCommand):
    help = "Load the demo trust: 15 schools, their results and one demo account per role."

    def handle(self, *args, **options):
        counts = seed_demo_trust()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo trust ready: {counts['schools']} schools, {counts['users']} accounts "
                f"(demo password: {DEMO_PASSWORD})."
            )
        )
