"""Reads for finance, scoped by ``schools.access``."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from categorisation.cadence import TERMLY, Due, due_after
from schools import access
from schools.access import ALL, Perm
from schools.calendar import Calendar

from .models import Risk, RiskRegister, RiskReview


def sees_trust(user) -> bool:
    return access.scope_of(user, Perm.VIEW_FINANCE) is ALL


def registers(*, user):
    visible = RiskRegister.objects.filter(school__in=access.schools_for(user, Perm.VIEW_FINANCE))
    if sees_trust(user):
        visible = visible | RiskRegister.objects.filter(school__isnull=True)
    return visible.select_related("school")


def get_register(*, user, pk) -> RiskRegister:
    try:
        return registers(user=user).get(pk=pk)
    except (RiskRegister.DoesNotExist, ValueError, TypeError):
        raise Http404("No such risk register.") from None


@dataclass
class RegisterRow:
    register: RiskRegister
    last_review: RiskReview | None
    due: Due
    significant: int
    open_risks: int


def register_rows(registers_, *, today=None) -> list[RegisterRow]:
    """Each register with its last review and when the next is due (each term, 003),
    overdue first. Three queries and the calendar, however many registers."""
    today = today or timezone.localdate()
    calendar = Calendar.load()
    registers_ = list(registers_)
    last: dict[int, RiskReview] = {}
    for review in RiskReview.objects.filter(register__in=registers_).order_by("reviewed_on"):
        last[review.register_id] = review
    risks: dict[int, list[Risk]] = {}
    for risk in Risk.objects.filter(register__in=registers_, closed_on__isnull=True):
        risks.setdefault(risk.register_id, []).append(risk)
    rows = []
    for register in registers_:
        review = last.get(register.pk)
        due = due_after(
            frequency=TERMLY,
            last_on=review.reviewed_on if review else None,
            today=today,
            calendar=calendar,
        )
        mine = risks.get(register.pk, [])
        rows.append(
            RegisterRow(register, review, due, sum(1 for r in mine if r.significant), len(mine))
        )
    return sorted(rows, key=lambda r: (not r.due.overdue, r.due.due_on or today, str(r.register)))


def significant_risks(school) -> list[Risk]:
    """A school's significant open risks, for the categorisation evidence (a link, not a
    copy)."""
    return [
        r
        for r in Risk.objects.filter(register__school=school, closed_on__isnull=True)
        if r.significant
    ]
