"""Reminders to headteachers whose termly figures are missing: one a set number of days
before the deadline (``SYMPHONY_COLLECTION_REMINDER_DAYS``) and one after it, each once
per school per collection, through the portal's one reminder mechanism."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from ..models import Collection, School
from ..reminders import absolute_link, due_message, remind, scan
from .aggregates import COUNTED

TOPIC = "data_collection"
AFTER_DEADLINE_DAYS = 14  # stop chasing a fortnight after the deadline


def queue_collection_reminders(*, today: datetime.date | None = None) -> int:
    with scan(TOPIC):
        return _queue(today=today)


def _queue(*, today: datetime.date | None) -> int:
    today = today or timezone.localdate()
    lead = datetime.timedelta(days=settings.SYMPHONY_COLLECTION_REMINDER_DAYS)
    queued = 0
    collections = Collection.objects.select_related("term__academic_year").filter(
        opens_on__lte=today,
        deadline__gte=today - datetime.timedelta(days=AFTER_DEADLINE_DAYS),
    )
    for collection in collections:
        if collection.deadline - lead <= today <= collection.deadline:
            stage = "before"
        elif today > collection.deadline:
            stage = "after"
        else:
            continue
        done = set(
            collection.submissions.filter(state__in=COUNTED).values_list("school_id", flat=True)
        )
        schools = School.objects.filter(status=School.Status.MEMBER).exclude(pk__in=done)
        for school in schools.prefetch_related("people"):
            heads = [p.email for p in school.headteachers() if p.is_active]
            url = absolute_link("schools:submission", pk=collection.pk, school_pk=school.pk)
            subject, body = due_message(
                what=f"{school.name}'s termly data for the {collection.term}",
                due_on=collection.deadline,
                overdue=stage != "before",
                details=["Enter or upload the figures on the school's page for this term."],
                link=url,
            )
            if remind(
                key=f"collection:{collection.pk}:{school.pk}:{stage}",
                topic=TOPIC,
                recipients=heads,
                subject=subject,
                body=body,
                school=school,
                due_on=collection.deadline,
            ):
                queued += 1
    return queued
