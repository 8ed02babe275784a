"""Peer-review writes: planning, the team, focus areas, findings and the lifecycle.

Every function is keyword-only, validates with ``full_clean`` and saves in a transaction.
Access (who may call which) is decided by the views through ``schools.access``; the rules
here are the trust's, and hold whoever asks.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schools import access, audit
from schools.documents import request_snapshot
from schools.models import AuditEvent
from schools.reminders import absolute_link, notify
from symphony.services import model_update

from .. import offer as offers
from ..models import (
    Action,
    Area,
    Audience,
    FocusArea,
    PeerReview,
    ReportRecipient,
    ReviewReport,
    ReviewTeamMember,
    Status,
)
from .core_plans import core_plan_for

# Up to moderation the team and the DoP may still shape the review; after, it is fixed.
EDITABLE = (Status.PLANNED, Status.PRIORITIES_AGREED, Status.IN_PROGRESS, Status.DRAFT_REPORT)
# Findings are recorded during and after the visit, until the draft goes to moderation.
RECORDING = (Status.IN_PROGRESS, Status.DRAFT_REPORT)


def _locked(review_id: int) -> PeerReview:
    # Race: the DoP moderates or publishes while a reviewer saves findings, or two people
    # press the same button at once; the row lock makes one wait for the other, and the
    # status is re-read under the lock before anything changes.
    return (
        PeerReview.objects.select_for_update(of=("self",))
        .select_related("school", "academic_year")
        .get(pk=review_id)
    )


def _refuse_unless(review: PeerReview, statuses, what: str):
    if review.status not in statuses:
        raise ValidationError(
            f"{what} is not possible now: the review is {review.get_status_display().lower()}."
        )


def _review_year(review: PeerReview) -> int:
    if review.planned_on:
        return review.planned_on.year
    return review.academic_year.start_year + 1  # most reviews fall in spring or summer


@transaction.atomic
def plan_review(
    *,
    school,
    academic_year,
    by,
    planned_on=None,
    kind: str = "",
    kind_reason: str = "",
    scale: str | None = None,
    school_priorities: str = "",
) -> PeerReview:
    """Plan the school's one peer review of the year. The type comes from the school's
    category (School Improvement Strategy 2024-25: light-touch or full, dependent upon
    category) unless the DoP chooses another and says why."""
    offer = offers.offer_for(school)
    proposed = offer.peer_review_kind if offer else ""
    review = PeerReview(
        school=school,
        academic_year=academic_year,
        planned_on=planned_on,
        kind=kind or proposed,
        proposed_kind=proposed,
        kind_reason=kind_reason,
        school_priorities=school_priorities,
        created_by=by,
    )
    if scale:
        review.scale = scale
    if not review.kind:
        raise ValidationError(
            {"kind": f"{school} has no category yet, so no type is proposed: choose one."}
        )
    review.year = _review_year(review)
    review.full_clean()
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        # Race: two people planned the same school's review at once; the constraint held.
        raise ValidationError(
            f"{school} already has its peer review for {academic_year.name}."
        ) from None
    return review


@transaction.atomic
def update_plan(*, review: PeerReview, data: dict) -> PeerReview:
    """Date, type (with its reason), scale and the school's agreed priorities."""
    review = _locked(review.pk)
    _refuse_unless(review, EDITABLE, "Changing the plan")
    judged = review.focus_areas.exclude(judgement=None).exists() or review.proposed_outcome
    if data.get("scale", review.scale) != review.scale and judged:
        raise ValidationError(
            {"scale": "Judgements are already recorded on this scale; it cannot change."}
        )
    return model_update(
        instance=review, data=data, prepare=lambda r: setattr(r, "year", _review_year(r))
    )


@transaction.atomic
def add_team_member(*, review: PeerReview, user, is_lead: bool = False) -> ReviewTeamMember:
    review = _locked(review.pk)
    _refuse_unless(review, EDITABLE, "Changing the team")
    member = ReviewTeamMember(review=review, user=user, is_lead=is_lead)
    member.full_clean()  # refuses a reviewer linked to the reviewed school
    member.save()
    return member


@transaction.atomic
def remove_team_member(*, member: ReviewTeamMember) -> None:
    review = _locked(member.review_id)
    _refuse_unless(review, EDITABLE, "Changing the team")
    member.delete()


@transaction.atomic
def add_focus_area(*, review: PeerReview, area: str, title: str = "") -> FocusArea:
    review = _locked(review.pk)
    _refuse_unless(review, EDITABLE, "Changing the focus areas")
    focus = FocusArea(review=review, area=area, title=title)
    focus.full_clean()
    focus.save()
    return focus


@transaction.atomic
def remove_focus_area(*, focus_area: FocusArea) -> None:
    review = _locked(focus_area.review_id)
    _refuse_unless(review, EDITABLE, "Changing the focus areas")
    focus_area.delete()


@transaction.atomic
def record_findings(*, focus_area: FocusArea, data: dict) -> FocusArea:
    """Evidence, strengths, areas for development and the judgement for one area."""
    review = _locked(focus_area.review_id)
    _refuse_unless(review, RECORDING, "Recording findings")
    focus_area = FocusArea.objects.get(pk=focus_area.pk)
    focus_area.review = review
    return model_update(instance=focus_area, data=data)


@transaction.atomic
def record_overall(*, review: PeerReview, proposed_outcome, summary_text: str) -> PeerReview:
    review = _locked(review.pk)
    _refuse_unless(review, RECORDING, "Recording the overall judgement")
    review.proposed_outcome = proposed_outcome
    review.summary_text = summary_text
    review.full_clean()
    review.save()
    return review


def _audit(review: PeerReview, by, detail: str) -> None:
    audit.record(
        AuditEvent.Action.RECORD_CHANGED, user=by, school=review.school, detail=detail, about=review
    )


@transaction.atomic
def propose_priorities(*, review: PeerReview, areas, school_priorities, by) -> PeerReview:
    """The school's leaders propose what the review looks at: areas from the trust's list
    and their own priorities (one per line, usually from the SEF and Core Plan). The
    proposal replaces the review's focus areas; the DoP agrees it (or adjusts it first)."""
    review = _locked(review.pk)
    _refuse_unless(review, (Status.PLANNED,), "Proposing the priorities")
    chosen = list(dict.fromkeys(areas))
    unknown = [a for a in chosen if a not in Area.values or a == Area.SCHOOL_PRIORITY]
    if unknown:
        raise ValidationError(f"Not one of the trust's focus areas: {', '.join(unknown)}.")
    if isinstance(school_priorities, str):
        school_priorities = school_priorities.splitlines()
    own = list(dict.fromkeys(p.strip(" -•\t") for p in school_priorities if p.strip(" -•\t")))
    too_long = [p for p in own if len(p) > 200]
    if too_long:
        raise ValidationError(
            f"Keep each priority to 200 characters; this one is longer: {too_long[0][:60]}…"
        )
    if not chosen and not own:
        raise ValidationError(
            "Propose at least one focus area from the trust's list or one priority of your own."
        )
    review.focus_areas.all().delete()  # none has findings yet: the review is only planned
    for area in chosen:
        FocusArea(review=review, area=area).save()
    for title in own:
        FocusArea(review=review, area=Area.SCHOOL_PRIORITY, title=title).save()
    review.school_priorities = "\n".join(own)
    review.priorities_proposed_by, review.priorities_proposed_at = by, timezone.now()
    review.full_clean()
    review.save()
    _audit(review, by, f"Proposed the priorities of {review}: {len(chosen) + len(own)} areas")
    return review


# --- The lifecycle ---------------------------------------------------------------------


def _check_ready(review: PeerReview, to: str):
    """The trust's conditions for each step, with a message that says what is missing."""
    areas = list(review.focus_areas.all())
    if to == Status.PRIORITIES_AGREED and review.priorities_proposed_at is None:
        raise ValidationError(
            "The school's leaders propose the priorities first (Trust Self-Evaluation 2025: "
            "priorities are agreed with them in advance): the headteacher proposes them on "
            "the review's page."
        )
    if to == Status.PRIORITIES_AGREED and not areas:
        raise ValidationError("Agree the focus areas with the school first: add at least one.")
    if to == Status.IN_PROGRESS and not review.team.exists():
        raise ValidationError("Add the review team before the review starts.")
    if to == Status.DRAFT_REPORT:
        missing = [area.label for area in areas if area.judgement is None]
        if missing:
            raise ValidationError(f"Record a judgement for every focus area: {', '.join(missing)}.")
        if review.proposed_outcome is None:
            raise ValidationError("Record the overall judgement before drafting the report.")


@transaction.atomic
def advance_review(*, review: PeerReview, to: str, by, note: str = "") -> PeerReview:
    """Move the review one step along planned -> priorities agreed -> in progress -> draft
    report -> moderated -> published. Moderation can also send a draft back to the team."""
    review = _locked(review.pk)
    current = Status(review.status)
    to = Status(to)
    if current == Status.PUBLISHED:
        raise ValidationError("The review is published; a published review is not changed.")
    if to == Status.IN_PROGRESS and current == Status.DRAFT_REPORT:
        review.moderation_note = note
    elif to == Status.PUBLISHED and current != Status.MODERATED:
        raise ValidationError(
            "A review is published only after the Director of Primaries has moderated it "
            f"(this one is at: {current.label.lower()})."
        )
    elif to == Status.MODERATED and current != Status.DRAFT_REPORT:
        raise ValidationError(
            f"Only a draft report can be moderated (this review is at: {current.label.lower()})."
        )
    else:
        order = list(Status)
        if order.index(to) != order.index(current) + 1:
            raise ValidationError(
                f"A review moves one step at a time: from {current.label.lower()} the next "
                f"step is {order[order.index(current) + 1].label.lower()}."
            )
    _check_ready(review, to)
    if to == Status.MODERATED:
        _check_moderator(review, by, note)
    now = timezone.now()
    if to == Status.PRIORITIES_AGREED:
        review.priorities_agreed_by, review.priorities_agreed_at = by, now
    if to == Status.MODERATED:
        review.moderated_by, review.moderated_at = by, now
        review.moderation_note = note.strip()
    if to == Status.IN_PROGRESS and review.reviewed_on is None:
        review.reviewed_on = review.planned_on or timezone.localdate()
    review.status = to
    if to == Status.PUBLISHED:
        _publish(review, by=by, now=now)
    review.full_clean()
    review.save()
    if to in (Status.PRIORITIES_AGREED, Status.MODERATED):
        words = {Status.PRIORITIES_AGREED: "Agreed the priorities", Status.MODERATED: "Moderated"}
        _audit(review, by, f"{words[to]}: {review}")
    if to == Status.PUBLISHED:
        tell_published(review)
    return review


def _check_moderator(review: PeerReview, by, note: str) -> None:
    """Moderation is a second pair of eyes on the team's draft: by someone outside the
    review team (never the lead reviewer), with a comment saying what was checked."""
    place = review.team.filter(user=by).first() if by is not None else None
    if place is not None:
        who = "The lead reviewer" if place.is_lead else "A member of the review team"
        raise ValidationError(
            f"{who} does not moderate the review: moderation is by someone outside the team."
        )
    if not note.strip():
        raise ValidationError(
            "Write the moderation comment: what you checked and what you agreed with the team."
        )


def audiences(review: PeerReview) -> dict[str, list]:
    """Whom the published review's report goes to, by ``Audience``: the school's heads, the
    trust's leaders, the trustees and the school's local governors (School Improvement
    Strategy 2024-25, peer reviews: reported to the school, its LGB and the trustees)."""
    school = review.school
    return {
        Audience.HEADS: access.heads_of(school),
        Audience.TRUST_LEADERS: access.trust_leaders(),
        Audience.TRUSTEES: access.trustees(),
        Audience.GOVERNORS: access.governors_of(school),
    }


def recipients(review: PeerReview) -> dict[str, list]:
    """The same, by the words the publish page shows."""
    return {Audience(key).label: people for key, people in audiences(review).items()}


def _distribute(review: PeerReview, *, by, now) -> list[ReportRecipient]:
    """A row for each person the report goes to (each once, under the first audience that
    names them): who, as what, when, and by which publication."""
    rows, seen = [], set()
    for audience, people in audiences(review).items():
        for user in people:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            rows.append(
                ReportRecipient(
                    review=review,
                    user=user,
                    audience=audience,
                    sent_at=now,
                    sent_by=by,
                    report=getattr(review, "new_report", None),
                )
            )
    # The unique constraint: a second publication of the same review records nobody twice.
    return ReportRecipient.objects.bulk_create(rows, ignore_conflicts=True)


def proposed_actions(review: PeerReview) -> list[tuple[str, str]]:
    """The Core Plan actions publication will propose: (focus area, action) for each area
    for development, in order."""
    return [
        (area.label, point[:300])
        for area in review.focus_areas.all()
        for point in area.development_points
    ]


def tell_published(review: PeerReview) -> None:
    """A published review's report goes to the school, its LGB, the trustees and the trust's
    leaders (School Improvement Strategy 2024-25, peer reviews): the people its distribution
    recorded are told, once (the notice's key is the review's)."""
    school = review.school
    outcome = ""
    if review.published_outcome is not None:
        outcome = f" The overall judgement: {review.outcome_label}."
    notify(
        f"review-published:{review.pk}",
        [row.user for row in review.sent_to.select_related("user")],
        f"{school.name}: peer review {review.period} published",
        [f"{school.name}'s peer review for {review.period} has been published.{outcome}"],
        absolute_link("reviews:detail", pk=review.pk),
        school=school,
    )


def _publish(review: PeerReview, *, by, now):
    """Publication fixes the outcome, turns the areas for development into proposed Core
    Plan actions (the school's head accepts each, naming its owner and deadline), and
    queues the PDF report."""
    review.published_by, review.published_at = by, now
    if review.scale == PeerReview.Scale.LEGACY:
        review.overall_outcome = review.proposed_outcome
    else:
        review.overall_report_card = review.proposed_outcome
    plan = core_plan_for(school=review.school, academic_year=review.academic_year)
    for label, point in proposed_actions(review):
        action = Action(
            core_plan=plan,
            source=Action.Source.PEER_REVIEW,
            source_review=review,
            source_detail=label,
            title=point,
            rag=Action.Rag.AMBER,
            proposed=True,
        )
        action.full_clean()
        action.save()
    review.new_report = request_report(review=review)
    _distribute(review, by=by, now=now)


def request_report(*, review: PeerReview) -> ReviewReport:
    """Queue a new rendering of the review's PDF once the transaction commits (the one
    document path, ``schools.documents``); ``report.enqueued.failed`` tells the view when
    the task queue was down."""
    return request_snapshot(ReviewReport(review=review))
