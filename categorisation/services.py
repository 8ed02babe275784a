"""Writes: risk meetings and category decisions. Keyword-only, validated, atomic."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schools import access, audit
from schools.calendar import Calendar, academic_start_year
from schools.models import AuditEvent, School
from schools.reminders import absolute_link, notify

from . import rules
from .models import Assessment, RiskMeeting
from .selectors import TRACKED

_UNSET = object()


@transaction.atomic
def hold_meeting(*, held_on: datetime.date, attendees, minutes: str = "", by) -> RiskMeeting:
    """Record a risk meeting of the Executive Group (past, today, or planned ahead)."""
    calendar = Calendar.load()
    term = calendar.term_on_or_next(held_on)
    if term is None:
        raise ValidationError(
            {
                "held_on": f"The calendar has no term on or after {held_on:%-d %B %Y}: the "
                "central team adds the year's term dates in the admin site."
            }
        )
    meeting = RiskMeeting(
        held_on=held_on,
        term=term,
        half_term=calendar.half_term_on_or_next(held_on),
        minutes=minutes,
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    _record_present(meeting, by)
    return meeting


@transaction.atomic
def update_meeting(*, meeting: RiskMeeting, attendees, minutes: str, by=None) -> RiskMeeting:
    """Minutes and who was present may be completed after the meeting; its decisions may
    not be changed here (they are superseded by new decisions)."""
    before = set(meeting.attendees.values_list("pk", flat=True))
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    meeting.attendees.set(attendees)
    if set(meeting.attendees.values_list("pk", flat=True)) != before:
        _record_present(meeting, by)
    return meeting


def _record_present(meeting: RiskMeeting, by) -> None:
    """Who was present is part of the record of a decision (who decided, at which meeting):
    each change is audited with the names."""
    names = ", ".join(p.full_name or p.email for p in meeting.attendees.order_by("full_name"))
    audit.record(
        AuditEvent.Action.MEETING_ATTENDANCE,
        user=by,
        about=meeting,
        detail=f"Present: {names or 'nobody recorded'}",
    )


def decide_category(
    *,
    school: School,
    meeting: RiskMeeting,
    evidence: dict,
    category: int,
    leadership_capacity: str,
    leadership_capacity_note: str = "",
    rationale: str = "",
    by,
    expected_current_id=_UNSET,
    today: datetime.date | None = None,
) -> Assessment:
    """Record the meeting's decision on ``school``'s category.

    ``evidence`` holds the four chosen criteria and the five notes; the Ofsted criterion is
    read from the school's inspection history. ``leadership_capacity`` is the meeting's
    judgement of the school's leadership capacity to ensure progress (School Improvement
    Strategy 2024-25, §5: the category is "directly related" to it), required on every new
    decision; its note is optional. ``expected_current_id`` is the pk of the
    decision the person saw as current (None: they saw none); if another decision was
    recorded since, nothing is saved and the error says so.
    """
    today = today or timezone.localdate()
    if meeting.held_on > today:
        raise ValidationError(
            f"This meeting is on {meeting.held_on:%-d %B %Y}: its decisions are recorded on "
            "or after the day it is held."
        )
    if not leadership_capacity:
        raise ValidationError(
            {
                "leadership_capacity": "Record the meeting's judgement of the school's "
                "leadership capacity to ensure progress."
            }
        )
    if school.status not in TRACKED:
        raise ValidationError(
            f"{school.name} is {school.get_status_display().lower()}: only member schools "
            "and schools in due diligence are categorised."
        )
    try:
        with transaction.atomic():
            # Race: two people deciding on the same school at once. Locking the school row
            # makes the second wait; it then sees the first's decision as current and is
            # refused below rather than silently superseding it.
            School.objects.select_for_update().filter(pk=school.pk).first()
            current = (
                Assessment.objects.filter(school=school, successor__isnull=True)
                .select_related("decided_by")
                .first()
            )
            current_id = current.pk if current else None
            if expected_current_id is not _UNSET and expected_current_id != current_id:
                if current is None:  # the decision they saw has gone (removed in the admin)
                    raise ValidationError("The decision you saw is no longer current: reload.")
                raise ValidationError(
                    f"While you were working, {current.decided_by} recorded a decision for "
                    f"{school.name} (category {current.category}, "
                    f"{timezone.localtime(current.decided_at):%-d %b %Y %H:%M}). Nothing was "
                    "saved: review that decision, then decide again."
                )
            if current and current.assessed_on > meeting.held_on:
                raise ValidationError(
                    f"{school.name}'s category was decided at a later meeting "
                    f"({current.assessed_on:%-d %B %Y}): a decision at this earlier meeting "
                    "would be out of order."
                )
            inspections = list(school.inspections.all())
            ofsted, inspection = rules.ofsted_evidence(inspections)
            chosen = {field: evidence.get(field) for field in rules.FIELDS if field != "ofsted"}
            suggestion = rules.suggest(ofsted=ofsted, **chosen)
            assessment = Assessment(
                school=school,
                meeting=meeting,
                assessed_on=meeting.held_on,
                kind=_kind(school, meeting, current),
                previous=current,
                ofsted=ofsted,
                ofsted_inspection=inspection,
                suggested_category=suggestion.category,
                suggestion_reason=suggestion.reason,
                category=category,
                leadership_capacity=leadership_capacity,
                leadership_capacity_note=(leadership_capacity_note or "").strip(),
                rationale=rationale.strip(),
                decided_by=by,
                **chosen,
                **{
                    f"{field}_note": (evidence.get(f"{field}_note") or "").strip()
                    for field in rules.FIELDS
                },
            )
            assessment.full_clean()
            assessment.save()
            tell_decided(assessment)
            return assessment
    except IntegrityError:
        # The database's own guard (one successor per decision) caught a race the lock
        # did not (e.g. SQLite, which has no row locks).
        raise ValidationError(
            f"Another decision for {school.name} was saved at the same moment. Nothing was "
            "saved: reload the page to see it, then decide again."
        ) from None


def tell_decided(assessment: Assessment, *, letter=None) -> None:
    """The school's head(s) and the chair of its governors are told the category decided
    (School Improvement Strategy 2024-25, §5), once per decision; and, when the trust's
    letter on it is sent (``categorisation.letters``), once more that the letter is there
    to read, with the same lines."""
    school = assessment.school
    lines = [
        f"At the risk meeting of {assessment.assessed_on:%-d %B %Y}, the Executive Group "
        f"decided {school.name}'s category: {assessment.get_category_display()}."
    ]
    if assessment.previous_id and assessment.previous.category != assessment.category:
        lines += [f"It was category {assessment.previous.category}."]
    lines += [f"Leadership capacity to ensure progress: {assessment.leadership_capacity_word}."]
    event, subject = (
        f"category:{assessment.pk}",
        f"{school.name}: category {assessment.category} decided",
    )
    if letter is not None:
        event = f"category-letter:{assessment.pk}"
        subject = f"{school.name}: the trust's letter on category {assessment.category}"
        lines += [
            f"{letter.sent_by} sent the trust's letter on the decision: the reasons by "
            "criterion, the support that follows and the next re-assessment. Open it from "
            "the school's category history."
        ]
    notify(
        event,
        [*access.heads_of(school), *access.chair_of(school)],
        subject,
        lines,
        absolute_link("categorisation:school", pk=school.pk),
        school=school,
    )


def _kind(school, meeting, current) -> str:
    """School Improvement Strategy 2024-25, §5: the first judgement at due diligence or at
    the start of each academic year; re-assessments after it."""
    if school.status == School.Status.DUE_DILIGENCE:
        return Assessment.Kind.DUE_DILIGENCE
    year = meeting.term.academic_year.start_year if meeting.term else None
    if year is None:
        year = academic_start_year(meeting.held_on)
    if current is None or academic_start_year(current.assessed_on) < year:
        return Assessment.Kind.START_OF_YEAR
    return Assessment.Kind.REASSESSMENT
