"""Reads, scoped by ``schools.access``: trust-level bodies for those who see all; a school's
LGB for those linked to the school."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schools import access
from schools.access import Perm
from schools.calendar import academic_start_year
from schools.models import AcademicYear

from . import cadence, rules
from .models import Appointment, Body, Interest, Meeting, Skill, SkillRating


def bodies(*, user) -> QuerySet[Body]:
    """Every body to those who see the trust's governance; the LGBs of their own schools to
    a headteacher or governor."""
    return access.scoped(user, Body.objects.select_related("school"), perm=Perm.VIEW_GOVERNANCE)


def get_body(*, user, pk) -> Body:
    try:
        return bodies(user=user).get(pk=pk)
    except (Body.DoesNotExist, ValueError, TypeError):
        raise Http404("No such body.") from None


def this_year(today=None) -> AcademicYear | None:
    today = today or timezone.localdate()
    return AcademicYear.objects.filter(start_year=academic_start_year(today)).first()


def cadence_checks(bodies, *, today=None) -> dict[int, cadence.Check]:
    """Each body's cadence over the current and last academic year, by body id: the
    trust's terms (two queries) and the dates of the bodies' meetings (one), however many
    bodies there are."""
    from schools.calendar import Calendar

    today = today or timezone.localdate()
    bodies = list(bodies)
    calendar = Calendar.load()
    terms = calendar.terms
    held: dict[int, list] = {b.pk: [] for b in bodies}
    if terms and any(b.cadence for b in bodies):
        since = datetime.date(academic_start_year(today) - 1, 1, 1)
        for body_id, held_on in Meeting.objects.filter(
            body__in=[b.pk for b in bodies if b.cadence], held_on__gte=since, held_on__lte=today
        ).values_list("body_id", "held_on"):
            held[body_id].append(held_on)
    return {
        b.pk: cadence.check(b, held[b.pk], terms=terms, half_terms=calendar.half_terms, today=today)
        for b in bodies
    }


def overview(*, user, today=None) -> list[dict]:
    """Each visible body with its size, vacancies (or how far over its maximum), terms
    ending, training gaps and whether it meets on its cadence."""
    today = today or timezone.localdate()
    order = {kind: i for i, kind in enumerate(Body.Kind.values)}
    visible = sorted(bodies(user=user), key=lambda b: (order[b.kind], b.name))
    checks = cadence_checks(visible, today=today)
    current = (
        Appointment.objects.filter(body__in=visible, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("person")
        .prefetch_related("person__training")
    )
    by_body: dict[int, list[Appointment]] = {}
    for appointment in current:
        by_body.setdefault(appointment.body_id, []).append(appointment)
    rows = []
    for body in visible:
        people = by_body.get(body.pk, [])
        rows.append(
            {
                "body": body,
                "size": len(people),
                "vacancies": rules.vacancies(body, len(people)),
                "over": rules.over_maximum(body, len(people)),
                "cadence": checks[body.pk],
                "ending": sum(1 for a in people if rules.term_ending(a, today)),
                "training": sum(
                    1
                    for a in people
                    if rules.safeguarding_status(list(a.person.training.all()), today).state
                    != "in date"
                ),
                "chair": next((a.person for a in people if a.role == Appointment.Role.CHAIR), None),
            }
        )
    return rows


def body_detail(*, body: Body, today=None) -> dict:
    today = today or timezone.localdate()
    appointments = list(
        body.appointments.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("person")
        .prefetch_related("person__training")
    )
    people = [
        {
            "appointment": a,
            "term_ending": rules.term_ending(a, today),
            "safeguarding": rules.safeguarding_status(list(a.person.training.all()), today),
        }
        for a in appointments
    ]
    year = this_year(today)
    skills = list(Skill.objects.all())
    ratings = {}
    if year:
        for r in SkillRating.objects.filter(
            academic_year=year, person__in=[a.person for a in appointments]
        ):
            ratings[(r.person_id, r.skill_id)] = r.level
    levels: dict[int, list[int]] = {}
    for (_person, skill), level in ratings.items():
        levels.setdefault(skill, []).append(level)
    matrix = [
        {
            "person": a.person,
            "cells": [ratings.get((a.person_id, s.pk)) for s in skills],
            "done": any((a.person_id, s.pk) in ratings for s in skills),
        }
        for a in appointments
    ]
    return {
        "people": people,
        "vacancies": rules.vacancies(body, len(appointments)),
        "over": rules.over_maximum(body, len(appointments)),
        "skills": skills,
        "matrix": matrix,
        "gaps": rules.skill_gaps(levels, skills),
        "year": year,
        "threshold": settings.SYMPHONY_SKILL_GAP_BELOW,
    }


def interests(*, user, today=None) -> QuerySet[Interest]:
    """Current interests of the people on the bodies the user may see."""
    today = today or timezone.localdate()
    people = Appointment.objects.filter(body__in=bodies(user=user)).values("person")
    return (
        Interest.objects.filter(person__in=people)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("person")
        .prefetch_related("person__appointments__body")
    )


REGISTER_COLUMNS = ("Name", "Bodies", "Interest", "Organisation", "Kind", "Declared")


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register of interests, as the page, its PDF and its CSV all show it."""

    name: str
    bodies: str
    nature: str
    organisation: str
    kind: str
    declared_on: datetime.date

    def cells(self) -> tuple:
        return (self.name, self.bodies, self.nature, self.organisation, self.kind, self.declared_on)


def register_of_interests(*, user, today=None) -> list[RegisterRow]:
    """The register's one builder: the page, the PDF for publication and the CSV."""
    return [
        RegisterRow(
            name=i.person.full_name,
            bodies="; ".join(sorted({a.body.name for a in i.person.appointments.all()})),
            nature=i.nature,
            organisation=i.organisation,
            kind=i.get_kind_display(),
            declared_on=i.declared_on,
        )
        for i in interests(user=user, today=today)
    ]


def meetings_of(body: Body, *, since=None):
    from django.db.models import Count
    from django.db.models import Q as Q_

    qs = body.meetings.annotate(present=Count("attendance", filter=Q_(attendance__present=True)))
    if since:
        qs = qs.filter(held_on__gte=since)
    return [(m, rules.quorate(m.present, body)) for m in qs.prefetch_related("trust_leaders")]


def lgb_visits(*, user, today=None, year=None) -> list[dict]:
    """For each LGB the user may see: whether the CEO or DoP attended a meeting this
    academic year (Trust Self-Evaluation 2025: "CEO and DoP attend an LGB meeting per school
    at least once a year")."""
    from schools.models import Role

    from .models import Meeting

    today = today or timezone.localdate()
    year = year or this_year(today)
    lgbs = list(bodies(user=user).filter(kind=Body.Kind.LGB).order_by("name"))
    visited: dict[int, list] = {}
    if year:
        for meeting in (
            Meeting.objects.filter(
                body__in=lgbs,
                held_on__gte=year.starts_on,
                held_on__lte=year.ends_on,
                trust_leaders__role__in=[Role.CEO, Role.DOP],
            )
            .distinct()
            .order_by("held_on")
        ):
            visited.setdefault(meeting.body_id, []).append(meeting)
    return [{"body": b, "meetings": visited.get(b.pk, [])} for b in lgbs]


def overdue_actions(*, user, today=None):
    from .models import MeetingAction

    today = today or timezone.localdate()
    return (
        MeetingAction.objects.filter(
            meeting__body__in=bodies(user=user), done_on__isnull=True, due_on__lt=today
        )
        .select_related("meeting__body")
        .order_by("due_on")
    )


def chair_accounts(school, today=None) -> list:
    """The portal accounts of whoever chairs ``school``'s LGB today (provided to
    ``schools.access.chair_of``: the chair is told of its category and SCC moves)."""
    from schools.models import User

    today = today or timezone.localdate()
    # One filter(): the same appointment must be the LGB's chair and current.
    return list(
        User.objects.filter(
            Q(governance_person__appointments__ends_on__isnull=True)
            | Q(governance_person__appointments__ends_on__gte=today),
            governance_person__appointments__body__school=school,
            governance_person__appointments__body__kind=Body.Kind.LGB,
            governance_person__appointments__role=Appointment.Role.CHAIR,
            governance_person__appointments__starts_on__lte=today,
        ).distinct()
    )


@dataclass(frozen=True)
class BoardsSummary:
    """Every board's state on one day, across the trust (the trustees' termly pack): the
    seats vacant, the people whose safeguarding training is out of date or missing, and
    the skills no one on a board rates good or better in that academic year's audit."""

    on: datetime.date
    bodies: int
    vacancies: int
    vacant_on: tuple[str, ...]  # the bodies with a seat to fill
    training_out_of_date: int  # people (each counted once, whatever they sit on)
    skills_gaps: int  # (body, skill) pairs
    gaps_on: tuple[str, ...]  # the bodies with a gap
    audited: bool  # whether any skills audit was recorded for that year


def boards_summary(*, on: datetime.date) -> BoardsSummary:
    """The trust's boards as they stood on ``on`` (appointments and training up to that
    day, that academic year's skills audit): what the roof's KPI pack reads, for this term
    and the last. Five queries, however many boards."""
    visible = list(Body.objects.exclude(kind=Body.Kind.WORKING_GROUP).order_by("kind", "name"))
    current = (
        Appointment.objects.filter(body__in=visible, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .prefetch_related("person__training")
    )
    by_body: dict[int, list[Appointment]] = {}
    for appointment in current:
        by_body.setdefault(appointment.body_id, []).append(appointment)
    out_of_date = set()
    for people in by_body.values():
        for a in people:
            done = [t for t in a.person.training.all() if t.completed_on <= on]
            if rules.safeguarding_status(done, on).state != "in date":
                out_of_date.add(a.person_id)
    skills = list(Skill.objects.all())
    people_of = {pk: {a.person_id for a in people} for pk, people in by_body.items()}
    ratings = SkillRating.objects.filter(
        academic_year__start_year=academic_start_year(on),
        person__in={p for people in people_of.values() for p in people},
    ).values_list("person_id", "skill_id", "level")
    by_person: dict[int, list[tuple[int, int]]] = {}
    for person, skill, level in ratings:
        by_person.setdefault(person, []).append((skill, level))
    gaps, gaps_on, vacancies, vacant_on = 0, [], 0, []
    for body in visible:
        seats = rules.vacancies(body, len(by_body.get(body.pk, [])))
        vacancies += seats
        if seats:
            vacant_on.append(body.name)
        if body.kind == Body.Kind.MEMBERS:
            continue  # members are not skills-audited
        levels_by_skill: dict[int, list[int]] = {}
        for person in people_of.get(body.pk, ()):
            for skill, level in by_person.get(person, []):
                levels_by_skill.setdefault(skill, []).append(level)
        missing = rules.skill_gaps(levels_by_skill, skills)
        gaps += len(missing)
        if missing:
            gaps_on.append(body.name)
    return BoardsSummary(
        on=on,
        bodies=len(visible),
        vacancies=vacancies,
        vacant_on=tuple(vacant_on),
        training_out_of_date=len(out_of_date),
        skills_gaps=gaps,
        gaps_on=tuple(gaps_on),
        audited=bool(by_person),
    )
