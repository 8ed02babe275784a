"""Writes. Keyword-only, validated with ``full_clean`` and saved in a transaction."""

from django.db import transaction

from symphony.services import model_update

from .models import CalendarFeed, OfstedInspection, School
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
