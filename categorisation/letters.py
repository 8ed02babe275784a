"""The letter to the school after a category decision (School Improvement Strategy 2024-25,
§5; the category's meaning and support from the Business Plan 2018-19, "School
Categorisation", and the Strategy's core offer).

Sent from the risk meeting's page, one button for the meeting's decisions: each current
decision of the meeting whose letter is not yet sent gets one ``CategoryLetter`` (a stored
snapshot rendered by the one document task), the send is audited, and the school's head(s)
and the chair of its governors are told through the one notice mechanism. Pressing again
sends none twice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schools import access, audit
from schools.calendar import Calendar
from schools.documents import request_snapshot
from schools.models import AuditEvent
from symphony.pdf import render_template_to_pdf

from .cadence import next_due
from .models import Assessment, CategoryLetter, RiskMeeting
from .offer import support_offer
from .services import tell_decided


@dataclass(frozen=True)
class Reason:
    criterion: str
    evidence: str
    note: str


def letter_context(assessment: Assessment, *, on: datetime.date, sent_by=None) -> dict:
    """What the letter says; the PDF reads only this (and the decision never changes)."""
    school = assessment.school
    offer = support_offer(assessment.category)
    due = next_due(
        category=assessment.category,
        last_assessed_on=assessment.assessed_on,
        today=assessment.assessed_on,
        calendar=Calendar.load(),
    )
    return {
        "assessment": assessment,
        "school": school,
        "today": on,
        "trust_name": settings.SYMPHONY_TRUST_NAME,
        "heads": access.heads_of(school),
        "chairs": access.chair_of(school),
        "offer": offer,
        "reasons": [Reason(c, value, note) for c, value, note in assessment.evidence()],
        "previous_category": assessment.previous_category,
        "next_due": due,
        "sent_by": sent_by,
    }


def letter_pdf(assessment: Assessment, *, on: datetime.date, sent_by=None) -> bytes:
    context = letter_context(assessment, on=on, sent_by=sent_by)
    return render_template_to_pdf("categorisation/letter.html", context)


def letters_to_send(meeting: RiskMeeting):
    """The meeting's decisions that are still current (a decision superseded since is not
    written about) and have no letter yet."""
    return meeting.assessments.filter(successor__isnull=True, letter__isnull=True)


def send_letters(*, meeting: RiskMeeting, by) -> list[CategoryLetter]:
    """Send the letter of each of the meeting's current decisions not yet sent; returns
    the letters sent now (none when every one was sent already)."""
    if not meeting.assessments.exists():
        raise ValidationError("No decisions are recorded at this meeting yet: nothing to send.")
    try:
        with transaction.atomic():
            # Race: two people pressing "Send letters" at once. Locking the meeting row
            # makes the second wait, then find the letters sent; the one-to-one row is
            # the database's own guard where there are no row locks (SQLite).
            RiskMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
            sent = []
            for assessment in letters_to_send(meeting).select_related("school", "previous"):
                letter = request_snapshot(CategoryLetter(assessment=assessment, sent_by=by))
                audit.record(
                    AuditEvent.Action.CATEGORY_LETTER,
                    user=by,
                    school=assessment.school,
                    about=letter,
                    detail=f"Letter on category {assessment.category} decided "
                    f"{assessment.assessed_on:%-d %b %Y} sent to the head(s) and chair",
                )
                tell_decided(assessment, letter=letter)
                sent.append(letter)
            return sent
    except IntegrityError:
        raise ValidationError(
            "Someone sent this meeting's letters at the same moment: reload the page to see them."
        ) from None


def readable_letters(user, queryset=None):
    """The letters ``user`` may read (schools.access: READ_CATEGORY_LETTER)."""
    queryset = queryset if queryset is not None else CategoryLetter.objects.all()
    return access.scoped(
        user, queryset, school_field="assessment__school", perm=access.Perm.READ_CATEGORY_LETTER
    )
