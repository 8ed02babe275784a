"""Writes. Keyword-only, validated with ``full_clean`` and saved in a transaction."""

from django.db import transaction

from .models import OfstedInspection, School


@transaction.atomic
def update_school(*, school: School, data: dict) -> School:
    for field, value in data.items():
        setattr(school, field, value)
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def record_inspection(*, school: School, data: dict) -> OfstedInspection:
    inspection = OfstedInspection(school=school, **data)
    inspection.full_clean()
    inspection.save()
    return inspection
