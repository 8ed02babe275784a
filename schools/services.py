"""Writes. Keyword-only, validated with ``full_clean`` and saved in a transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from symphony.services import model_update

from .models import CalendarFeed, NotifyBy, OfstedInspection, Reminder, School, User
from .models.reminders import new_feed_token


@transaction.atomic
def update_school(*, school: School, data: dict) -> School:
    return model_update(instance=school, data=data)


@transaction.atomic
def record_inspection(*, school: School, data: dict) -> OfstedInspection:
    inspection = OfstedInspection(school=school, **data)
    inspection.full_clean()
    inspection.save()
    return inspection


@transaction.atomic
def reset_calendar_feed(*, feed: CalendarFeed) -> CalendarFeed:
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def set_notify_by(*, user: User, notify_by: str) -> User:
    """Record how ``user`` is told of changes. Moving to "straight away" sends the notices
    still waiting for their digest at the next delivery rather than on Monday."""
    if notify_by not in NotifyBy.values:
        raise ValidationError("Choose straight away or a weekly digest.")
    user.notify_by = notify_by
    user.save(update_fields=["notify_by"])
    if notify_by == NotifyBy.IMMEDIATE:
        waiting = Reminder.objects.filter(
            state=Reminder.State.PENDING, digest=True, recipients=user.email
        )
        if waiting.update(digest=False):
            from .reminders import deliver_soon

            deliver_soon()
    return user
