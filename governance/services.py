"""Writes for governance. Keyword-only, validated, atomic. The bodies, people, meetings
and their records are maintained by the central team in the admin site; what people do in
the portal themselves is written here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Person, Skill, SkillRating


@transaction.atomic
def record_skills_audit(*, person: Person, academic_year, ratings: dict[int, int]) -> int:
    """A person's own annual self-assessment: one rating (1-4) for every skill in the
    trust's list, replacing the year's earlier answers. Returns how many were saved."""
    skills = list(Skill.objects.all())
    missing = [s.name for s in skills if s.pk not in ratings]
    if missing:
        raise ValidationError(f"Rate yourself on every skill: {', '.join(missing)}.")
    levels = set(SkillRating.Level.values)
    if any(ratings[s.pk] not in levels for s in skills):
        raise ValidationError("Each rating is one of the audit's four levels.")
    for skill in skills:
        SkillRating.objects.update_or_create(
            person=person,
            academic_year=academic_year,
            skill=skill,
            defaults={"level": ratings[skill.pk]},
        )
    return len(skills)
