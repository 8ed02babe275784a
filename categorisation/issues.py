"""Staffing and premises issues (``SchoolIssue``): recorded and resolved by the CEO/DoP,
each step audited. Keyword-only, validated, atomic."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schools import audit
from schools.models import AuditEvent, School

from .models import SchoolIssue
from .selectors import TRACKED


@transaction.atomic
def record_issue(
    *,
    school: School,
    kind: str,
    level: str,
    description: str,
    started_on: datetime.date,
    by,
) -> SchoolIssue:
    """Record a staffing or premises issue at ``school`` (audited on creation)."""
    if school.status not in TRACKED:
        raise ValidationError(
            f"{school.name} is {school.get_status_display().lower()}: issues are recorded for "
            "member schools and schools in due diligence."
        )
    issue = SchoolIssue(
        school=school,
        kind=kind,
        level=level,
        description=(description or "").strip(),
        started_on=started_on,
        recorded_by=by,
    )
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
def resolve_issue(
    *,
    issue: SchoolIssue,
    resolved_on: datetime.date,
    resolution: str = "",
    by,
    today: datetime.date | None = None,
) -> SchoolIssue:
    """Close an issue (a head appointed, a leader back, the building open again)."""
    today = today or timezone.localdate()
    # Race: two people resolving at once; the second sees it resolved and is refused.
    issue = SchoolIssue.objects.select_for_update().select_related("school").get(pk=issue.pk)
    if issue.resolved_on is not None:
        raise ValidationError(
            f"This issue was already resolved on {issue.resolved_on:%-d %B %Y}: nothing changed."
        )
    if resolved_on > today:
        raise ValidationError(
            {"resolved_on": "An issue is resolved on or before today, not in the future."}
        )
    issue.resolved_on = resolved_on
    issue.resolution = (resolution or "").strip()
    issue.resolved_by = by
    issue.full_clean()
    issue.save(update_fields=["resolved_on", "resolution", "resolved_by"])
    audit.record(
        AuditEvent.Action.SCHOOL_ISSUE,
        user=by,
        school=issue.school,
        detail=f"Resolved: {issue.get_kind_display()} ({issue.resolved_on:%-d %b %Y})",
    )
    return issue


def describe_recorded(issue: SchoolIssue):
    """The audit trail's line for a recorded issue."""
    return (
        issue.recorded_by,
        issue.school,
        f"Recorded: {issue.get_kind_display()}, {issue.get_level_display().lower()}",
    )
