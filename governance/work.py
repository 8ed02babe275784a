"""Governance on people's homes (``schools.work``).

- Whoever sits on a body: its meetings in the next four weeks; for the chair, the body's
  actions overdue or due soon (the chair is who the reminders chase for them) and the
  body when it is off its cadence (``governance.cadence``); for the
  people of the governing bodies (trustees, members, local governors), this year's skills
  audit until they have taken it (Trust Self-Evaluation 2025: a skills audit each year) and
  their own safeguarding training when it has run out or runs out within 60 days.
- A headteacher or executive head: their LGB's next meeting, and how many of its
  governors' safeguarding training has run out or soon will.
- The central team, who keep governance in the admin site (and clerk its meetings):
  safeguarding training out of date across the trust (per body), each body off its
  cadence, and the meetings in the coming week.

A fixed number of queries however many bodies, people or schools."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from schools import access
from schools.access import Perm
from schools.work import Item

from . import rules, selectors
from .models import Appointment, Body, Meeting, MeetingAction, Person, SkillRating

KIND = "Governance"
MEETINGS_AHEAD_DAYS = 28  # a body's people see its meetings four weeks ahead
ACTIONS_DUE_SOON_DAYS = 14
TRAINING_WARNING_DAYS = 60  # safeguarding training shown this long before it runs out


def items(user, today) -> list[Item]:
    found: list[Item] = []
    shown: set[int] = set()  # meetings already listed (a head may sit on their own LGB)
    off: set[int] = set()  # bodies already flagged off their cadence (a chair on the team)
    person = _person(user)
    if person is not None and access.holds(user, Perm.VIEW_GOVERNANCE):
        found += _for_the_person(user, person, today, shown, off)
    if _leads_schools(user):
        found += _for_school_leaders(user, today, shown)
    if _keeps_governance(user):
        found += _for_the_central_team(today, shown, off)
    return found


def explains(user) -> str | None:
    words = []
    if _person(user) is not None and access.holds(user, Perm.VIEW_GOVERNANCE):
        words.append("meetings of the bodies you sit on in the next four weeks")
        if access.allowed(user, Perm.TAKE_SKILLS_AUDIT):
            words.append("this year's skills audit and your safeguarding training when due")
    if _leads_schools(user):
        words.append("your LGB's next meeting and its governors' safeguarding training")
    if _keeps_governance(user):
        words.append("safeguarding training out of date across the trust")
        words.append("bodies that have not met as often as they should")
    return ", ".join(words) or None


def _person(user) -> Person | None:
    # The reverse one-to-one is cached on the user, as the access layer reads it too.
    return getattr(user, "governance_person", None) if user.is_authenticated else None


def _leads_schools(user) -> bool:
    """A headteacher or executive head: enters their own schools' figures (not the trust's)."""
    return access.holds(user, Perm.SUBMIT_DATA) and not access.allowed(user, Perm.SUBMIT_DATA)


def _keeps_governance(user) -> bool:
    """The central team keeps governance records (training among them) in the admin site."""
    return user.is_staff and user.has_perm("governance.change_training")


def _current(today) -> Q:
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def _meeting_item(meeting: Meeting, title: str) -> Item:
    papers = bool(meeting.agenda or meeting.minutes or meeting.minutes_file)
    return Item(
        title=title,
        url=reverse("governance:meeting", args=[meeting.pk]),
        when=meeting.held_on,
        detail=f"{meeting.held_on:%A %-d %B %Y}; "
        + ("the papers are ready." if papers else "papers to follow."),
        school=meeting.body.school.name if meeting.body.school else "",
        kind=KIND,
    )


def _off_cadence(bodies, today, off, *, chaired=False) -> list[Item]:
    found = []
    checks = selectors.cadence_checks(bodies, today=today)
    for body in sorted(bodies, key=lambda b: b.name):
        check = checks[body.pk]
        if not check.off or body.pk in off:
            continue
        off.add(body.pk)
        last = check.missed[-1]
        found.append(
            Item(
                title=f"The {body} has not met as often as it should",
                url=reverse("governance:body", args=[body.pk]),
                when=last.ends_on,
                detail=f"It meets {check.rule}. {check.summary()}"
                + (" You chair the body." if chaired else ""),
                school=body.school.name if body.school else "",
                kind=KIND,
                overdue=True,
            )
        )
    return found


def _for_the_person(user, person, today, shown, off) -> list[Item]:
    appointments = list(
        Appointment.objects.filter(
            _current(today), person=person, body__in=selectors.bodies(user=user)
        )
        .select_related("body__school")
        .order_by("body__kind", "body__name")
    )
    if not appointments:
        return []
    bodies = {a.body_id: a.body for a in appointments}
    found = []
    for meeting in Meeting.objects.filter(
        body__in=bodies, held_on__gte=today, held_on__lte=today + _days(MEETINGS_AHEAD_DAYS)
    ).order_by("held_on"):
        meeting.body = bodies[meeting.body_id]
        shown.add(meeting.pk)
        found.append(_meeting_item(meeting, f"Prepare for the {meeting.body} meeting"))
    chaired = [a.body_id for a in appointments if a.role == Appointment.Role.CHAIR]
    if chaired:
        found += _actions(chaired, bodies, today)
        found += _off_cadence([bodies[pk] for pk in chaired], today, off, chaired=True)
    # A current seat on a governing body is what the skills audit's access asks for
    # (``Perm.TAKE_SKILLS_AUDIT``), and what makes safeguarding training required.
    governing = [a.body for a in appointments if a.body.kind in access.GOVERNING_BODY_KINDS]
    if governing:
        found += _skills_audit(person, today)
        found += _own_training(person, governing[0], today)
    return found


def _actions(chaired, bodies, today) -> list[Item]:
    found = []
    for action in MeetingAction.objects.filter(
        meeting__body__in=chaired,
        done_on__isnull=True,
        due_on__lte=today + _days(ACTIONS_DUE_SOON_DAYS),
    ).select_related("meeting"):
        body = bodies[action.meeting.body_id]
        found.append(
            Item(
                title=action.description,
                url=reverse("governance:meeting", args=[action.meeting_id]),
                when=action.due_on,
                detail=f"Owner: {action.owner}. Agreed at the {body} meeting of "
                f"{action.meeting.held_on:%-d %B %Y}; you chair the body.",
                school=body.school.name if body.school else "",
                kind=KIND,
                overdue=action.due_on < today,
            )
        )
    return found


def _skills_audit(person, today) -> list[Item]:
    year = selectors.this_year(today)
    if year is None or SkillRating.objects.filter(person=person, academic_year=year).exists():
        return []
    return [
        Item(
            title="Take this year's skills audit",
            url=reverse("governance:skills_audit"),
            when=year.ends_on,
            detail=f"Your own rating of each skill the trust's bodies need, for {year}.",
            kind=KIND,
        )
    ]


def _own_training(person, body, today) -> list[Item]:
    status = rules.safeguarding_status(list(person.training.all()), today)
    url = reverse("governance:body", args=[body.pk])
    if status.state == "missing":
        title, detail = "Do your safeguarding training", "Required of every trustee and governor."
    elif status.state == "expired":
        title = "Renew your safeguarding training"
        detail = f"It ran out on {status.expires_on:%-d %B %Y}."
    elif status.expires_on <= today + _days(TRAINING_WARNING_DAYS):
        title = "Renew your safeguarding training"
        detail = f"It runs out on {status.expires_on:%-d %B %Y}."
    else:
        return []
    return [
        Item(
            title=title,
            url=url,
            when=status.expires_on,
            detail=detail,
            kind=KIND,
            overdue=status.state != "in date",
        )
    ]


def _for_school_leaders(user, today, shown) -> list[Item]:
    lgbs = {
        b.pk: b
        for b in selectors.bodies(user=user).filter(
            kind=Body.Kind.LGB, school__in=access.schools_for(user, Perm.SUBMIT_DATA)
        )
    }
    if not lgbs:
        return []
    found = []
    next_meeting: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(body__in=lgbs, held_on__gte=today).order_by("held_on"):
        next_meeting.setdefault(meeting.body_id, meeting)
    for body_id, meeting in next_meeting.items():
        if meeting.pk not in shown:
            meeting.body = lgbs[body_id]
            found.append(_meeting_item(meeting, f"Prepare for the {meeting.body} meeting"))
    lapsing: dict[int, list] = defaultdict(list)
    for appointment in (
        Appointment.objects.filter(_current(today), body__in=lgbs)
        .select_related("person")
        .prefetch_related("person__training")
    ):
        status = _lapsing(appointment.person, today)
        if status is not None:
            lapsing[appointment.body_id].append(status)
    for body_id, statuses in lapsing.items():
        body = lgbs[body_id]
        gone = sum(1 for s in statuses if s.state != "in date")
        soon = len(statuses) - gone
        n = len(statuses)
        parts = [f"{gone} out of date or never done"] if gone else []
        parts += [f"{soon} running out within {TRAINING_WARNING_DAYS} days"] if soon else []
        found.append(
            Item(
                title=f"Remind {n} governor{'s' if n != 1 else ''} to renew "
                "their safeguarding training",
                url=reverse("governance:body", args=[body.pk]),
                when=min((s.expires_on for s in statuses if s.expires_on), default=None),
                detail="; ".join(parts).capitalize() + ".",
                school=body.school.name,
                kind=KIND,
                overdue=bool(gone),
            )
        )
    return found


def _lapsing(person, today) -> rules.TrainingStatus | None:
    """The person's safeguarding status if it has run out, was never done, or runs out
    within the warning; None while it is comfortably in date."""
    status = rules.safeguarding_status(list(person.training.all()), today)
    if status.state != "in date" or status.expires_on <= today + _days(TRAINING_WARNING_DAYS):
        return status
    return None


def _for_the_central_team(today, shown, off) -> list[Item]:
    found = _off_cadence(list(Body.objects.select_related("school")), today, off)
    out_of_date: dict[Body, set[int]] = defaultdict(set)
    for appointment in (
        Appointment.objects.filter(_current(today), body__kind__in=access.GOVERNING_BODY_KINDS)
        .select_related("person", "body")
        .prefetch_related("person__training")
    ):
        training = list(appointment.person.training.all())
        if rules.safeguarding_status(training, today).state != "in date":
            out_of_date[appointment.body].add(appointment.person_id)
    if out_of_date:
        people = len(set().union(*out_of_date.values()))
        per_body = sorted(out_of_date.items(), key=lambda kv: kv[0].name)
        found.append(
            Item(
                title=f"Safeguarding training is out of date for {people} "
                f"{'people' if people != 1 else 'person'} on the trust's bodies",
                url=reverse("governance:overview"),
                detail="; ".join(f"{body} {len(ids)}" for body, ids in per_body) + ".",
                kind=KIND,
                overdue=True,
            )
        )
    week = today + _days(settings.SYMPHONY_GOVERNANCE_MEETING_REMINDER_DAYS)
    for meeting in (
        Meeting.objects.filter(held_on__gte=today, held_on__lte=week)
        .select_related("body__school")
        .order_by("held_on")
    ):
        if meeting.pk not in shown:
            title = f"The {meeting.body} meets on {meeting.held_on:%A %-d %B}"
            found.append(_meeting_item(meeting, title))
    return found


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
