from celery import shared_task

from .calendar import ensure_current_and_next_year


@shared_task(name="schools.ensure_calendar")
def ensure_calendar() -> list[str]:
    """Keep next year's calendar in place (typical dates) until the trust sets its own."""
    return [year.name for year in ensure_current_and_next_year()]
