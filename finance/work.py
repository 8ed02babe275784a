"""Finance on people's homes (``schools.work``). For whoever runs the trust's finance (the
CFO and the Finance & Operations Lead): the month's figures to import, the financial KPIs
off target, the risk registers overdue for their termly review, the year's SCA not yet
allocated and the central contracts ending soon. For a headteacher: their school's risk
register review due or overdue (Business Plan 2018-19: each register is reviewed each
term). The review rule is the reminder scan's (``selectors.reviews_due``)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from schools import access
from schools import kpis as registry
from schools.access import Perm
from schools.calendar import academic_start_year
from schools.models import AcademicYear, School
from schools.work import Item

from . import kpis, selectors
from .models import Contract, RiskRegister

KIND = "Finance"
RISKS = "Risk register"


def items(user, today) -> list[Item]:
    found = []
    if access.allowed(user, Perm.EDIT_FINANCE):
        year = AcademicYear.objects.filter(start_year=academic_start_year(today)).first()
        found += _monthly_import(today)
        found += _registers_for_finance(today)
        found += _contracts_ending(today)
        if year is not None:
            found += _kpis_off_target(year)
            found += _sca_unallocated(year)
    elif access.holds(user, Perm.REVIEW_RISKS) and not access.allowed(user, Perm.REVIEW_RISKS):
        found += _registers_for_schools(user, today)
    return found


def explains(user) -> str | None:
    if access.allowed(user, Perm.EDIT_FINANCE):
        return (
            "the monthly figures to import, financial KPIs off target, risk registers "
            "overdue for review, SCA not yet allocated and contracts ending soon"
        )
    if access.holds(user, Perm.REVIEW_RISKS) and not access.allowed(user, Perm.REVIEW_RISKS):
        return "your school's risk register review when it is due"
    return None


def _monthly_import(today) -> list[Item]:
    due = selectors.monthly_import_due(today)
    if due is None:
        return []
    latest = (
        f"the latest imported is {selectors.month_start(due.start_year, due.latest):%B %Y}"
        if due.latest
        else "none imported for the year yet"
    )
    return [
        Item(
            title=f"Import the {due.month_start:%B %Y} figures from the finance system",
            url=reverse("finance:import"),
            when=due.due_on,
            detail=f"Due by {due.due_on:%-d %B}; {latest}.",
            kind=KIND,
            overdue=due.due_on < today,
        )
    ]


def _kpis_off_target(year) -> list[Item]:
    """One item per financial KPI off target this year: across the trust (not met, or
    close), or not met at any school. Five queries."""
    schools = list(School.objects.filter(status=School.Status.MEMBER).order_by("name"))
    rows, total = kpis.kpis_for(schools, year)
    target = kpis.targets(year)
    found = []
    for kpi in registry.where(registry.FINANCE):
        trust_rag = kpi.rag(getattr(total, kpi.key), target)
        red = [
            r.label
            for r in rows
            if r.school is not None and kpi.rag(getattr(r, kpi.key), target) == "red"
        ]
        if trust_rag not in ("amber", "red") and not red:
            continue
        parts = []
        if trust_rag in ("amber", "red"):
            parts.append(
                "Not met across the trust"
                if trust_rag == "red"
                else "Close to target across the trust"
            )
        if red:
            parts.append(f"{'not met' if parts else 'Not met'} at {', '.join(red)}")
        wanted = kpi.target_text(target)
        detail = "; ".join(parts) + (
            f" (target: {wanted[0].lower()}{wanted[1:]})" if wanted else ""
        )
        found.append(
            Item(
                title=f"Look into {kpi.heading[0].lower()}{kpi.heading[1:]}: off target",
                url=reverse("finance:overview"),
                detail=f"{detail}.",
                kind=KIND,
            )
        )
    return found


def _registers_for_finance(today) -> list[Item]:
    """The trust's own register (theirs to review), and one line for the schools' registers
    overdue (their heads are told each); three queries and the calendar."""
    rows = selectors.reviews_due(RiskRegister.objects.select_related("school"), today=today)
    found = []
    late = [r for r in rows if r.register.school_id and r.due.overdue]
    for row in rows:
        if row.register.school_id is None:
            found.append(_review_item(row, today, school="The trust"))
    if late:
        names = sorted(r.register.school.name for r in late)
        n = len(late)
        found.append(
            Item(
                title=f"{n} school risk register{'s are' if n != 1 else ' is'} overdue for review",
                url=reverse("finance:registers"),
                when=min(r.due.due_on for r in late),
                detail=f"{', '.join(names)}: each register is reviewed every term.",
                kind=RISKS,
                overdue=True,
            )
        )
    return found


def _registers_for_schools(user, today) -> list[Item]:
    registers = RiskRegister.objects.filter(
        school__in=access.schools_for(user, Perm.REVIEW_RISKS)
    ).select_related("school")
    return [
        _review_item(row, today, school=row.register.school.name)
        for row in selectors.reviews_due(registers, today=today)
    ]


def _review_item(row, today, *, school) -> Item:
    last = row.last_review
    since = f"last reviewed {last.reviewed_on:%-d %B %Y}" if last else "not reviewed yet"
    return Item(
        title="Review the risk register",
        url=reverse("finance:register", args=[row.register.pk]),
        when=row.due.due_on,
        detail=f"Due by {row.due.due_on:%-d %B %Y} ({row.due.period_label}); {since}.",
        school=school,
        kind=RISKS,
        overdue=row.due.overdue,
    )


def _sca_unallocated(year) -> list[Item]:
    position = selectors.sca_position(year)
    if position.funding is None or position.unallocated <= 0:
        return []
    return [
        Item(
            title=f"Allocate the rest of the {year.name} SCA",
            url=reverse("finance:estates"),
            detail=(
                f"£{position.unallocated:,.0f} of £{position.received:,.0f} not yet allocated "
                "to estates projects."
            ),
            kind=KIND,
        )
    ]


def _contracts_ending(today) -> list[Item]:
    ending = Contract.objects.filter(
        ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=selectors.CONTRACT_NOTICE_DAYS),
    ).order_by("ends_on", "title")
    return [
        Item(
            title=f"Renew or retender {contract.title.lower()}",
            url=reverse("finance:procurement"),
            when=contract.ends_on,
            detail=f"{contract.supplier}'s contract ends on {contract.ends_on:%-d %B %Y}.",
            kind=KIND,
        )
        for contract in ending
    ]
