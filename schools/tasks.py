from celery import shared_task

from .calendar import ensure_current_and_next_year
from .documents import render_snapshot  # noqa: F401 - the task every document renders in


@shared_task(name="schools.ensure_calendar")
def ensure_calendar() -> list[str]:
    """Keep next year's calendar in place (typical dates) until the trust sets its own."""
    return [year.name for year in ensure_current_and_next_year()]


@shared_task(name="schools.requeue_documents")
def requeue_documents() -> int:
    """Queue again the stored documents still waiting to be made (the task queue was down
    when they were asked for, or their task was lost)."""
    from .documents import requeue_stale

    return requeue_stale()


@shared_task(name="schools.deliver_reminders")
def deliver_reminders() -> int:
    """Send whatever reminders are still queued (e.g. after a worker restart), and the
    weekly digests the mail server refused last time, when their next attempt is due."""
    from .reminders import deliver_digests, deliver_pending

    return deliver_pending() + deliver_digests(retries_only=True)


@shared_task(name="schools.send_digests", soft_time_limit=240, time_limit=300)
def send_digests() -> int:
    """The weekly digest: each person who chose it gets their waiting notices in one
    e-mail."""
    from .reminders import deliver_digests

    return deliver_digests()


@shared_task(name="schools.send_collection_reminders", soft_time_limit=240, time_limit=300)
def send_collection_reminders() -> dict[str, int]:
    """Chase missing termly figures, then send what is queued."""
    from .data.reminders import queue_collection_reminders
    from .reminders import deliver_pending

    return {"queued": queue_collection_reminders(), "sent": deliver_pending()}


@shared_task(name="schools.send_password_reset")
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """The password reset e-mail, if an active account with a usable password has this
    address (Django's form decides, and sends). It takes the address rather than an id
    because not looking the account up in the request is the point (schools.password_reset):
    the page then takes the same time whether or not the account exists."""
    from django.contrib.auth.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


@shared_task(name="schools.apply_retention")
def apply_retention() -> dict[str, int]:
    """Remove or anonymise what is past the trust's retention schedule (nightly)."""
    from .retention import apply_retention as run

    return run()
