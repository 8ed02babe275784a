"""Queue every reminder scan of the beat schedule now, for the worker: ``make run`` does at
start-up, so what is due is sent then, not only at the scans' morning times."""

from django.conf import settings
from django.core.management.base import BaseCommand


def reminder_tasks() -> list[str]:
    """The scheduled tasks that queue or send reminders (each app's ``send_reminders``,
    the termly data's chase, the delivery run), in the schedule's order; not the weekly
    digest, which waits for its Monday."""
    names = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    return [name for name in dict.fromkeys(names) if name.endswith("reminders")]


class Command(BaseCommand):
    help = "Queue the reminder scans and the delivery run now (make run calls it at start-up)."

    def handle(self, *args, **options):
        from symphony.celery import app

        names = reminder_tasks()
        for name in names:
            app.send_task(name)
        self.stdout.write(f"Queued {len(names)} reminder task(s): {', '.join(names)}.")
