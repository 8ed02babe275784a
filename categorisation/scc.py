"""Schools Causing Concern: the level table (School Improvement Strategy 2024-25, §6) as
rules, and the services that enter,
monitor, escalate, step down and close a case. Every write appends an ``SccMove``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schools import access, audit
from schools.calendar import Calendar, Due, due_after
from schools.documents import request_snapshot
from schools.models import AcademicYear, School
from schools.reminders import absolute_link, notify
from symphony.pdf import render_template_to_pdf
from symphony.services import model_update

from .models import SccCase, SccInvolvement, SccLetter, SccMove, SccStep

Key = SccStep.Key
# Strategy §6: what monitoring that shows insufficient progress demands at each level before
# the move is complete. At level 4 the school stays at 4 and relevant action is recorded.
REQUIRED_STEPS: dict[int, tuple[str, ...]] = {
    1: (Key.CAUSES_DISCUSSED, Key.PLAN_AMENDED),
    2: (Key.CONCERNS_WITH_HEAD, Key.SHARED_WITH_CHAIR, Key.PLAN_AMENDED),
    3: (Key.LETTER_TO_LGB, Key.PLAN_AMENDED, Key.HEAD_GOVERNOR_ACTION, Key.PERFORMANCE_MANAGEMENT),
    4: (Key.RELEVANT_ACTION,),
}


@dataclass(frozen=True)
class CaseState:
    case: SccCase
    level: int
    since: datetime.date  # the day the school reached this level
    last: SccMove
    due: Due

    @property
    def days_at_level(self) -> int:
        return (timezone.localdate() - self.since).days


def state_of(case: SccCase, moves: list[SccMove], *, today, calendar) -> CaseState:
    """The level, how long at it, and when monitoring is next due, from the timeline."""
    last = moves[-1]
    level = last.to_level or 0
    since = last.held_on
    for move in reversed(moves):
        if move.to_level != level:
            break
        since = move.held_on
    due = due_after(
        frequency=settings.SYMPHONY_SCC_MONITORING,
        last_on=last.held_on,
        today=today,
        calendar=calendar,
    )
    return CaseState(case, level, since, last, due)


def open_cases(*, user, today=None, calendar=None) -> list[CaseState]:
    """Every open case the user may see, overdue monitoring first. Two queries + calendar
    (none for it when the caller has loaded the calendar already)."""
    cases = access.scoped(user, SccCase.objects.filter(closed_on__isnull=True))
    return _states(cases, today, calendar)


def every_open_case(*, today=None) -> list[CaseState]:
    """Every open case, for the reminder scan (no person is reading)."""
    return _states(SccCase.objects.filter(closed_on__isnull=True), today)


def _states(cases, today, calendar=None) -> list[CaseState]:
    today = today or timezone.localdate()
    calendar = calendar or Calendar.load()
    cases = list(cases.select_related("school"))
    moves: dict[int, list[SccMove]] = {}
    for move in SccMove.objects.filter(case__in=cases).order_by("held_on", "pk"):
        moves.setdefault(move.case_id, []).append(move)
    states = [
        state_of(c, moves[c.pk], today=today, calendar=calendar) for c in cases if c.pk in moves
    ]
    return sorted(
        states, key=lambda s: (not s.due.overdue, s.due.due_on or today, s.case.school.name)
    )


def levels_by_school(schools) -> dict[int, int]:
    """{school pk: SCC level} for schools with an open case. One query."""
    latest: dict[int, int] = {}
    for school_id, level in (
        SccMove.objects.filter(case__school__in=schools, case__closed_on__isnull=True)
        .order_by("held_on", "pk")
        .values_list("case__school_id", "to_level")
    ):
        latest[school_id] = level
    return {k: v for k, v in latest.items() if v}


def triggers_for(school, category: int | None) -> list[str]:
    """Why SCC entry is offered for a school now (it is always the trust's decision)."""
    from .rules import ofsted_evidence

    found = []
    if category == 4:
        found.append(SccCase.Trigger.CATEGORY_4)
    evidence, _ = ofsted_evidence(list(school.inspections.all()))
    found += {
        "inadequate": [SccCase.Trigger.OFSTED_INADEQUATE],
        "ri_twice": [SccCase.Trigger.SECOND_RI],
        "rc_concern": [SccCase.Trigger.REPORT_CARD],
    }.get(evidence, [])
    return found


# --- Writes -----------------------------------------------------------------------------


@transaction.atomic
def enter_scc(*, school: School, trigger: str, reason: str, by, opened_on=None, plan=None):
    """The trust decides the school causes concern: a case at level 1 with its reasons."""
    if not reason.strip():
        raise ValidationError({"reason": "Record why the school causes concern."})
    if SccCase.objects.filter(school=school, closed_on__isnull=True).exists():
        raise ValidationError(f"{school.name} is already in Schools Causing Concern.")
    opened_on = opened_on or timezone.localdate()
    case = SccCase(
        school=school,
        trigger=trigger,
        reason=reason.strip(),
        opened_on=opened_on,
        opened_by=by,
        **(plan or {}),
    )
    case.full_clean()
    try:
        case.save()
    except IntegrityError:  # race: someone opened a case a moment ago
        raise ValidationError(f"{school.name} is already in Schools Causing Concern.") from None
    move = SccMove.objects.create(
        case=case, kind=SccMove.Kind.ENTER, to_level=1, held_on=opened_on, notes=reason, by=by
    )
    tell_moved(move)
    return case


@transaction.atomic
def update_plan(*, case: SccCase, data: dict) -> SccCase:
    return model_update(
        instance=case,
        data=data,
        fields=("agreed_headteacher", "core_offer_support", "due_diligence_findings"),
    )


def record_involvement(*, case: SccCase, data: dict, by) -> SccInvolvement:
    """Record a body outside the trust involved with the school (a Regional Director, a RISE
    team with its tier, the local authority, or another named body)."""
    if case.closed_on:
        raise ValidationError("This case is closed.")
    body = data.get("body", "")
    errors = {}
    if body == SccInvolvement.Body.RISE and not data.get("tier"):
        errors["tier"] = "Choose the RISE team's tier: universal, targeted or intervention."
    if body != SccInvolvement.Body.RISE and data.get("tier"):
        errors["tier"] = "Only a RISE team has a tier; leave it empty for this body."
    if body == SccInvolvement.Body.OTHER and not (data.get("body_name") or "").strip():
        errors["body_name"] = "Name the body."
    started, ended = data.get("started_on"), data.get("ended_on")
    if started and started < case.opened_on:
        errors["started_on"] = (
            f"The case opened on {case.opened_on:%-d %B %Y}; record involvement from then."
        )
    if started and ended and ended < started:
        errors["ended_on"] = "The involvement cannot end before it starts."
    if errors:
        raise ValidationError(errors)
    involvement = SccInvolvement(
        case=case,
        body=body,
        body_name=(data.get("body_name") or "").strip(),
        tier=data.get("tier") or "",
        started_on=started,
        ended_on=ended,
        notes=(data.get("notes") or "").strip(),
        recorded_by=by,
    )
    involvement.full_clean()
    involvement.save()
    return involvement


def end_involvement(*, involvement: SccInvolvement, ended_on, by) -> SccInvolvement:
    """The day a body's involvement ended; recorded once, on the audit trail."""
    if involvement.ended_on:
        raise ValidationError(
            f"This involvement already ended on {involvement.ended_on:%-d %B %Y}."
        )
    if ended_on is None or ended_on < involvement.started_on:
        raise ValidationError(
            f"Give the day it ended, on or after {involvement.started_on:%-d %B %Y}."
        )
    involvement.ended_on = ended_on
    involvement.save(update_fields=["ended_on"])
    audit.record(
        audit.Action.SCC_INVOLVEMENT,
        user=by,
        school=involvement.case.school,
        about=involvement,
        detail=f"{involvement.get_body_display()}: involvement ended {ended_on:%-d %b %Y}",
    )
    return involvement


def record_monitoring(
    *, case: SccCase, outcome: str, held_on, notes: str, steps: dict, by, expected_last_id=None
) -> SccMove:
    """A monitoring review. Insufficient progress moves the school up a level (at 4 it
    stays) and needs every step the level demands; responding well changes nothing."""
    if outcome not in SccMove.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the monitoring review."})
    return _append(
        case=case,
        kind=SccMove.Kind.MONITORING,
        outcome=outcome,
        held_on=held_on,
        notes=notes,
        steps=steps,
        by=by,
        expected_last_id=expected_last_id,
    )


def step_down(*, case: SccCase, held_on, notes: str, by, expected_last_id=None) -> SccMove:
    if not notes.strip():
        raise ValidationError({"notes": "Record the sustained improvement that justifies it."})
    return _append(
        case=case,
        kind=SccMove.Kind.STEP_DOWN,
        held_on=held_on,
        notes=notes,
        steps={},
        by=by,
        expected_last_id=expected_last_id,
    )


def exit_scc(*, case: SccCase, held_on, notes: str, by, expected_last_id=None) -> SccMove:
    if not notes.strip():
        raise ValidationError({"notes": "Record the decision and the reason for leaving SCC."})
    return _append(
        case=case,
        kind=SccMove.Kind.EXIT,
        held_on=held_on,
        notes=notes,
        steps={},
        by=by,
        expected_last_id=expected_last_id,
    )


def _append(*, case, kind, held_on, notes, steps, by, expected_last_id, outcome=""):
    today = timezone.localdate()
    if held_on > today:
        raise ValidationError({"held_on": "The date cannot be in the future."})
    records: list[SccStep] = []
    try:
        with transaction.atomic():
            # Race: two people moving the same school at once. The row lock makes the
            # second wait and then see the first's move; the one-to-one ``previous`` is
            # the database's own guard where there are no row locks.
            case = SccCase.objects.select_for_update().get(pk=case.pk)
            if case.closed_on:
                raise ValidationError("This case is closed.")
            last = case.moves.order_by("-held_on", "-pk").first()
            if expected_last_id is not None and last.pk != expected_last_id:
                raise ValidationError(
                    f"While you were working, {last.by} recorded "
                    f"'{last.get_kind_display().lower()}' for {case.school.name}. Nothing was "
                    "saved: look at the timeline, then record again."
                )
            if held_on < last.held_on:
                raise ValidationError(
                    {
                        "held_on": f"The last entry is dated {last.held_on:%-d %B %Y}; this one "
                        "cannot be earlier."
                    }
                )
            level = last.to_level
            to_level = level
            required: tuple[str, ...] = ()
            if kind == SccMove.Kind.MONITORING and outcome == SccMove.Outcome.INSUFFICIENT:
                required = REQUIRED_STEPS[level]
                to_level = min(level + 1, 4)
            elif kind == SccMove.Kind.STEP_DOWN:
                if level <= 1:
                    raise ValidationError("The school is at level 1: it can leave SCC instead.")
                to_level = level - 1
            elif kind == SccMove.Kind.EXIT:
                to_level = None
            missing = [Key(k).label for k in required if not _complete(steps.get(k))]
            if missing:
                if to_level != level:
                    what = f"Moving {case.school.name} to level {to_level} needs"
                else:
                    what = "At level 4, insufficient progress needs"
                raise ValidationError(
                    f"{what} these steps, each with who, when and evidence: "
                    f"{'; '.join(missing)}. Nothing was saved."
                )
            move = SccMove(
                case=case,
                previous=last,
                kind=kind,
                outcome=outcome,
                from_level=level,
                to_level=to_level,
                held_on=held_on,
                notes=notes.strip(),
                by=by,
            )
            move.full_clean()
            move.save()
            records += [
                SccStep(
                    move=move,
                    key=key,
                    who=steps[key]["who"].strip(),
                    done_on=steps[key]["done_on"],
                    evidence=steps[key]["evidence"].strip(),
                    document=steps[key].get("document") or "",
                )
                for key in required
            ]
            # Every step, its document's content included (SccStep.document's validator),
            # is checked before any file is stored, so a refusal leaves none behind.
            for record in records:
                record.full_clean()
            for record in records:
                record.save()
            if kind == SccMove.Kind.EXIT:
                case.closed_on = held_on
                case.save(update_fields=["closed_on"])
            tell_moved(move)
            return move
    except IntegrityError:
        _remove_documents(records)
        raise ValidationError(
            f"Another entry for {case.school.name} was saved at the same moment. Nothing was "
            "saved: reload the page to see it."
        ) from None
    except BaseException:
        _remove_documents(records)
        raise


def tell_moved(move: SccMove) -> None:
    """A school entering SCC, changing level or leaving it: its head(s) and the chair of
    its governors are told (School Improvement Strategy 2024-25, §6), once per move. A
    monitoring review that leaves the level as it was tells nobody."""
    if move.kind != SccMove.Kind.ENTER and move.from_level == move.to_level:
        return
    school = move.case.school
    if move.kind == SccMove.Kind.ENTER:
        subject = f"{school.name}: entered Schools Causing Concern at level 1"
        line = f"{school.name} entered Schools Causing Concern at level 1."
    elif move.to_level is None:
        subject = f"{school.name}: left Schools Causing Concern"
        line = f"{school.name} left Schools Causing Concern (it was at level {move.from_level})."
    else:
        subject = f"{school.name}: SCC level {move.from_level} to {move.to_level}"
        line = (
            f"{school.name} moved from level {move.from_level} to level {move.to_level} of "
            "Schools Causing Concern."
        )
    notify(
        f"scc-move:{move.pk}",
        [*access.heads_of(school), *access.chair_of(school)],
        subject,
        [line, f"Recorded by {move.by}, {move.held_on:%-d %B %Y}."],
        absolute_link("categorisation:scc_case", pk=move.case_id),
        school=school,
    )


def _complete(step) -> bool:
    return bool(
        step
        and step.get("who", "").strip()
        and step.get("done_on")
        and step.get("evidence", "").strip()
    )


def _remove_documents(records: list[SccStep]) -> None:
    """The files stored for steps the database then refused: storage is not rolled back
    with the transaction, so they go by hand."""
    for record in records:
        if record.document and record.document._committed:
            record.document.storage.delete(record.document.name)


@transaction.atomic
def add_plan_action(*, case: SccCase, data: dict, by):
    """An action of the Individual School Action Plan: a Core Plan action (same shape,
    notes, RAG and impact) in this year's plan, marked with its case."""
    from reviews.models import Action
    from reviews.services import core_plans

    year = AcademicYear.objects.filter(
        starts_on__lte=timezone.localdate(), ends_on__gte=timezone.localdate()
    ).first()
    if year is None:
        raise ValidationError("This academic year is not in the calendar yet.")
    plan = core_plans.core_plan_for(school=case.school, academic_year=year)
    return core_plans.add_action(
        core_plan=plan,
        data={
            **data,
            "source": Action.Source.SCC,
            "scc_case": case,
            "source_detail": "Individual School Action Plan",
        },
    )


# The letter to the LGB (Strategy §6: at level 3 the trust writes to the Local Governing
# Body with its concerns and the actions it expects).
LETTER_FROM_LEVEL = 3


def letter_context(case: SccCase, *, on: datetime.date) -> dict:
    moves = list(case.moves.order_by("held_on", "pk"))
    return {
        "case": case,
        "moves": moves,
        "today": on,
        "concerns": [m for m in moves if m.outcome == SccMove.Outcome.INSUFFICIENT],
        "actions": list(case.actions.order_by("deadline", "pk")),
        "trust_name": settings.SYMPHONY_TRUST_NAME,
    }


def letter_pdf(case: SccCase, *, on: datetime.date, draft: bool = False) -> bytes:
    """The letter as of ``on``, through the one PDF path; a draft says so on its face."""
    context = letter_context(case, on=on) | {"draft": draft}
    return render_template_to_pdf("categorisation/scc/letter.html", context)


@transaction.atomic
def issue_letter(*, case: SccCase, by) -> SccLetter:
    """Issue the letter to the LGB: a snapshot dated today, rendered in the background and
    kept as it was sent. Refused below level 3 and for a closed case."""
    case = SccCase.objects.select_for_update().select_related("school").get(pk=case.pk)
    if case.closed_on is not None:
        raise ValidationError(f"{case.school.name} has left Schools Causing Concern.")
    level = levels_by_school([case.school]).get(case.school_id) or 0
    if level < LETTER_FROM_LEVEL:
        raise ValidationError(
            f"The letter to the Local Governing Body is sent at level {LETTER_FROM_LEVEL} "
            f"(School Improvement Strategy 2024-25, §6); {case.school.name} is at level "
            f"{level}."
        )
    return request_snapshot(SccLetter(case=case, level=level, issued_by=by))
