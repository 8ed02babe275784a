"""Writes for termly data: collections, submissions and their figures. Keyword-only,
validated, atomic; a submission that is not editable refuses every change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import access
from ..models import Collection, Figure, Submission
from ..reminders import absolute_link, notify
from . import upload
from .measures import RowKey, expected_rows, needs_pupils


@transaction.atomic
def open_collection(*, term, opens_on, deadline, notes: str = "", by) -> Collection:
    if Collection.objects.filter(term=term).exists():
        raise ValidationError(f"The {term} already has its collection.")
    collection = Collection(
        term=term, opens_on=opens_on, deadline=deadline, notes=notes, created_by=by
    )
    collection.full_clean()
    collection.save()
    return collection


@transaction.atomic
def record_figures(
    *, collection: Collection, school, rows: list[dict], problems=(), by
) -> Submission:
    """A school's figures from its entry form or upload (``rows`` as read, not yet
    checked, with the ``problems`` found in the file's cells): every problem is reported
    at once (``symphony.uploads.UploadRejected``) and nothing is saved, not even a draft;
    otherwise they replace the draft's figures."""
    figures = upload.validate(rows, phase=school.phase, season=collection.season, problems=problems)
    submission = submission_for(collection=collection, school=school)
    return save_figures(submission=submission, figures=figures, by=by)


def submission_for(*, collection: Collection, school) -> Submission:
    submission, _ = Submission.objects.get_or_create(collection=collection, school=school)
    return submission


@transaction.atomic
def save_figures(*, submission: Submission, figures: dict[RowKey, tuple], by) -> Submission:
    """Replace the submission's figures with ``figures`` (already validated)."""
    # Race: two people saving the same school's figures at once; the row lock makes the
    # second wait and then find the state the first left.
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.editable:
        raise ValidationError(
            f"These figures are {submission.get_state_display().lower()}: they can be changed "
            "only if the central team returns them for correction."
        )
    submission.figures.all().delete()
    Figure.objects.bulk_create(
        Figure(
            submission=submission,
            measure=key.measure,
            year_group=key.year_group,
            subject=key.subject,
            group=key.group,
            pupils=pupils,
            value=value,
        )
        for key, (pupils, value) in figures.items()
        if value is not None or pupils is not None
    )
    submission.save(update_fields=["updated_at"])
    return submission


def missing_rows(submission: Submission) -> list[RowKey]:
    have = {
        RowKey(f.measure, f.year_group, f.subject, f.group): f for f in submission.figures.all()
    }
    missing = []
    for key in expected_rows(season=submission.collection.season, phase=submission.school.phase):
        figure = have.get(key)
        if figure is None or figure.value is None or (needs_pupils(key) and figure.pupils is None):
            missing.append(key)
    return missing


@transaction.atomic
def submit(*, submission: Submission, by) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.editable:
        raise ValidationError("These figures have already been submitted.")
    missing = missing_rows(submission)
    if missing:
        shown = "; ".join(key.label() for key in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise ValidationError(
            f"{len(missing)} figure{'s are' if len(missing) != 1 else ' is'} still missing: "
            f"{shown}{more}."
        )
    submission.state = Submission.State.SUBMITTED
    submission.submitted_by, submission.submitted_at = by, timezone.now()
    submission.return_reason = ""
    submission.save()
    return submission


@transaction.atomic
def review_submission(*, submission: Submission, accept: bool, reason: str = "", by):
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != Submission.State.SUBMITTED:
        raise ValidationError("Only submitted figures can be accepted or returned.")
    if not accept and not reason.strip():
        raise ValidationError("Say what needs correcting, so the school knows what to change.")
    submission.state = Submission.State.ACCEPTED if accept else Submission.State.RETURNED
    submission.return_reason = "" if accept else reason.strip()
    submission.reviewed_by, submission.reviewed_at = by, timezone.now()
    submission.save()
    tell_reviewed(submission)
    return submission


def tell_reviewed(submission: Submission) -> None:
    """The school's head(s) are told their figures were accepted or returned (with the
    reason): once for each time they are reviewed."""
    school, term = submission.school, submission.collection.term
    accepted = submission.state == Submission.State.ACCEPTED
    what = "accepted" if accepted else "returned for correction"
    if accepted:
        lines = [f"{submission.reviewed_by} accepted {school.name}'s termly data for {term}."]
    else:
        lines = [
            f"{submission.reviewed_by} returned {school.name}'s termly data for {term} for "
            "correction.",
            f"What needs correcting: {submission.return_reason}",
        ]
    notify(
        f"submission:{submission.pk}:{submission.state}:{submission.reviewed_at:%Y%m%d%H%M%S%f}",
        access.heads_of(school),
        f"{school.name}: termly data for {term} {what}",
        lines,
        absolute_link("schools:submission", pk=submission.collection_id, school_pk=school.pk),
        school=school,
    )
