"""Peer reviews and Core Plans on people's homes (``schools.work``), as the School
Improvement Strategy 2024-25 (§5) asks of each person:

- a school's leaders (``UPDATE_CORE_PLAN`` on their own schools): Core Plan actions overdue or
  due by the end of this half-term, actions nobody owns, actions a published review proposed
  to accept, the school's peer review ahead of them (its priorities to propose), and a
  review just published;
- a reviewer (``RECORD_REVIEW`` through the teams they are on): the reviews ahead of them,
  what is still to record, a draft sent back at moderation;
- the school's local governors and the trustees: a review's report newly sent to them, until
  they open it or for ``SYMPHONY_PUBLISHED_REVIEW_HOME_DAYS`` after publication;
- the CEO and DoP (``MANAGE_REVIEWS``): priorities a school proposed to agree, drafts to
  moderate, moderated reviews to publish, and per school the Core Plan actions overdue or
  without an owner.

A fixed number of queries for each: one for actions, one for reviews (and the calendar, two,
for a school's leaders)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse

from schools import access
from schools.access import Perm
from schools.calendar import Calendar, academic_start_year
from schools.work import Item

from .models import (
    Action,
    Audience,
    PeerReview,
    ReportRecipient,
    ReviewTeamMember,
    Status,
    TdgDeployment,
)

CORE_PLAN = "Core Plan"
PEER_REVIEW = "Peer review"
TDG = "TDG support"
PUBLISHED_SHOWN_DAYS = 14  # a published review stays on the school's home this long, as news
NO_CALENDAR_DAYS = 42  # "this half-term" when the trust has entered no half-term dates
BEFORE_THE_VISIT = (Status.PLANNED, Status.PRIORITIES_AGREED)
# The report's readers who hold the school to account (the heads have their own item).
READERS = (Audience.GOVERNORS, Audience.TRUSTEES)


def items(user, today) -> list[Item]:
    if access.allowed(user, Perm.MANAGE_REVIEWS):
        return _for_trust_leaders(today)
    found = []
    if access.holds(user, Perm.UPDATE_CORE_PLAN):
        found += _core_plan_for_schools(user, today) + _reviews_for_schools(user, today)
    if access.holds(user, Perm.RECORD_REVIEW):
        # Reviewers are the trust's practitioners: the TDG support they are deployed to give.
        found += _for_reviewers(user, today) + _deployments(user, today)
    if _reads_reports(user):
        found += _reports_to_read(user, today)
    return found


def _deployments(user, today) -> list[Item]:
    """The TDG support the person is deployed to give, until it ends."""
    rows = TdgDeployment.objects.filter(practitioner=user, ends_on__gte=today).select_related(
        "school"
    )
    return [
        Item(
            title=f"{d.get_specialism_display()} support, {d.days_label}",
            url=reverse("reviews:my_tdg"),
            when=d.starts_on,
            detail=f"{d.starts_on:%-d %B} to {d.ends_on:%-d %B %Y}.",
            school=d.school.name,
            kind=TDG,
        )
        for d in rows
    ]


def _reads_reports(user) -> bool:
    return access.holds(user, Perm.RECEIVE_REVIEW_REPORTS)


def explains(user) -> str | None:
    if access.allowed(user, Perm.MANAGE_REVIEWS):
        return (
            "peer-review priorities to agree, reviews to moderate or publish, and schools "
            "with Core Plan actions overdue or without an owner"
        )
    words = []
    if access.holds(user, Perm.UPDATE_CORE_PLAN):
        words.append(
            "Core Plan actions due this half-term, overdue or proposed to accept, and your "
            "school's peer review and its priorities to propose"
        )
    if access.holds(user, Perm.RECORD_REVIEW):
        words.append("the peer reviews you are on and what is still to record")
    if _reads_reports(user):
        words.append("peer-review reports newly sent to you, until you open them")
    return "; ".join(words) or None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- A school's leaders ------------------------------------------------------------------


def _half_term_ends(today) -> datetime.date:
    """The last day of this half-term (in a holiday, of the one that follows)."""
    half = Calendar.load().half_term_on_or_next(today)
    return half.ends_on if half else today + datetime.timedelta(days=NO_CALENDAR_DAYS)


def _core_plan_for_schools(user, today) -> list[Item]:
    ends = _half_term_ends(today)
    actions = (
        access.scoped(
            user, Action.objects.all(), school_field="core_plan__school", perm=Perm.UPDATE_CORE_PLAN
        )
        .filter(
            closed_on__isnull=True,
            core_plan__academic_year__start_year=academic_start_year(today),
        )
        .filter(Q(deadline__lte=ends) | Q(owner=""))
        .select_related("core_plan__school")
        .order_by("deadline", "id")
    )
    found = []
    unowned: dict[int, list[Action]] = {}
    proposed: dict[int, list[Action]] = {}
    for action in actions:
        plan = action.core_plan
        if action.proposed:
            proposed.setdefault(plan.pk, []).append(action)
        elif not action.owner.strip():
            unowned.setdefault(plan.pk, []).append(action)
        if action.deadline is None or action.deadline > ends:
            continue
        late = action.deadline < today
        found.append(
            Item(
                title=action.title,
                url=reverse("reviews:action", args=[action.pk]),
                when=action.deadline,
                detail=f"Core Plan action {'overdue since' if late else 'due'} "
                f"{action.deadline:%-d %B}; RAG {action.get_rag_display().lower()}; "
                + (f"owner: {action.owner}." if action.owner.strip() else "no owner yet."),
                school=plan.school.name,
                kind=CORE_PLAN,
                overdue=late,
            )
        )
    for group in proposed.values():
        found.append(
            Item(
                title=f"Accept {_plural(len(group), 'Core Plan action')} the peer review proposed",
                url=reverse("reviews:accept_action", args=[group[0].pk]),
                when=min(a.created_at for a in group).date(),
                detail="Name an owner and a deadline for each: "
                + "; ".join(a.title for a in group[:3])
                + ("; …" if len(group) > 3 else ""),
                school=group[0].core_plan.school.name,
                kind=CORE_PLAN,
            )
        )
    for plan_pk, group in unowned.items():
        found.append(
            Item(
                title=f"Name an owner for {_plural(len(group), 'Core Plan action')}",
                url=reverse("reviews:core_plan", args=[plan_pk]),
                detail="Without an owner: "
                + "; ".join(a.title for a in group[:3])
                + ("; …" if len(group) > 3 else ""),
                school=group[0].core_plan.school.name,
                kind=CORE_PLAN,
            )
        )
    return found


def _reviews_for_schools(user, today) -> list[Item]:
    """The school's own review: ahead of the visit, and as news once it is published. Its
    judgements never show before publication; only its date and agreed priorities do."""
    since = today - datetime.timedelta(days=PUBLISHED_SHOWN_DAYS)
    reviews = access.scoped(
        user,
        PeerReview.objects.select_related("school"),
        perm=Perm.UPDATE_CORE_PLAN,
    ).filter(
        Q(status=Status.PLANNED)
        | Q(status__in=BEFORE_THE_VISIT, planned_on__gte=today)
        | Q(
            status=Status.PUBLISHED,
            published_at__date__gte=since,
            published_at__date__lte=today,
        )
    )
    found = []
    for review in reviews:
        if review.is_published:
            found.append(
                Item(
                    title="Read the published peer review",
                    url=reverse("reviews:detail", args=[review.pk]),
                    when=review.published_at.date(),
                    detail=f"{review.period}: its action points are now in your Core Plan.",
                    school=review.school.name,
                    kind=PEER_REVIEW,
                )
            )
            continue
        if review.status == Status.PLANNED and review.priorities_proposed_at is None:
            found.append(
                Item(
                    title="Propose the priorities for your peer review",
                    url=reverse("reviews:priorities", args=[review.pk]),
                    when=review.planned_on,
                    detail="Choose its focus areas and your own priorities, usually from your "
                    "SEF and Core Plan; the Director of Primaries agrees them.",
                    school=review.school.name,
                    kind=PEER_REVIEW,
                )
            )
            continue
        if review.planned_on is None or review.planned_on < today:
            continue
        if review.status == Status.PLANNED:
            detail = "Priorities proposed; the Director of Primaries agrees them."
        elif review.status == Status.PRIORITIES_AGREED and review.school_priorities.strip():
            detail = f"Priorities agreed: {review.school_priorities.strip()}"
        else:
            detail = "Its priorities are agreed with you beforehand, usually from your SEF "
            detail += "and Core Plan."
        found.append(
            Item(
                title=f"Prepare for the peer review on {review.planned_on:%-d %B %Y}",
                url=reverse("schools:detail", args=[review.school_id]),
                when=review.planned_on,
                detail=detail,
                school=review.school.name,
                kind=PEER_REVIEW,
            )
        )
    return found


# --- Governors and trustees ------------------------------------------------------------


def _reports_to_read(user, today) -> list[Item]:
    """Each report sent to them as a governor or trustee that they have not yet opened, for
    the set number of days after publication (day N still shows it, day N + 1 does not)."""
    since = today - datetime.timedelta(days=settings.SYMPHONY_PUBLISHED_REVIEW_HOME_DAYS)
    rows = (
        ReportRecipient.objects.filter(
            user=user,
            audience__in=READERS,
            opened_at__isnull=True,
            sent_at__date__gte=since,
            sent_at__date__lte=today,
        )
        .select_related("review__school", "review__academic_year")
        .order_by("sent_at")
    )
    found = []
    for row in rows:
        review = row.review
        found.append(
            Item(
                title=f"Read the peer review of {review.school.name}",
                url=reverse("reviews:detail", args=[review.pk]),
                when=row.sent_at.date(),
                detail=f"{review.period}, published {row.sent_at:%-d %B}: its report was sent "
                f"to you as {'a trustee' if row.audience == Audience.TRUSTEES else 'a governor'}.",
                school=review.school.name,
                kind=PEER_REVIEW,
            )
        )
    return found


# --- Reviewers ---------------------------------------------------------------------------


def _for_reviewers(user, today) -> list[Item]:
    """The reviews this person is on, before moderation: the team's own steps."""
    places = (
        ReviewTeamMember.objects.filter(
            user=user, review__status__in=(*BEFORE_THE_VISIT, Status.IN_PROGRESS)
        )
        .select_related("review__school")
        .prefetch_related("review__focus_areas")
    )
    found = []
    for place in places:
        review = place.review
        # Only where the access layer lets them record (their place on the team).
        if not access.allowed(user, Perm.RECORD_REVIEW, review.school):
            continue
        school = review.school.name
        common = {
            "url": reverse("reviews:detail", args=[review.pk]),
            "school": school,
            "kind": PEER_REVIEW,
        }
        role = "You are the lead reviewer. " if place.is_lead else ""
        when = review.reviewed_on or review.planned_on
        if review.status in BEFORE_THE_VISIT:
            if review.planned_on is None:
                continue
            if review.planned_on > today:
                found.append(
                    Item(
                        title=f"Prepare for the peer review of {school} on "
                        f"{review.planned_on:%-d %B %Y}",
                        when=review.planned_on,
                        detail=f"{role}{_plural(len(review.focus_areas.all()), 'focus area')} "
                        f"agreed so far.",
                        **common,
                    )
                )
            elif review.status == Status.PRIORITIES_AGREED:
                found.append(
                    Item(
                        title=f"Start the peer review of {school}",
                        when=review.planned_on,
                        detail=f"{role}The review was planned for {review.planned_on:%-d %B %Y}.",
                        overdue=review.planned_on < today,
                        **common,
                    )
                )
            continue
        missing = [area.label for area in review.focus_areas.all() if area.judgement is None]
        if review.proposed_outcome is None:
            missing.append("the overall judgement")
        if review.moderation_note.strip():
            found.append(
                Item(
                    title=f"Revise the peer review of {school} sent back at moderation",
                    when=when,
                    detail=f"Sent back: {review.moderation_note.strip()}",
                    overdue=True,
                    **common,
                )
            )
        elif missing:
            found.append(
                Item(
                    title=f"Record the findings of the peer review of {school}",
                    when=when,
                    detail=f"{role}Still to record: {', '.join(missing)}.",
                    **common,
                )
            )
        else:
            found.append(
                Item(
                    title=f"Submit the draft report of the peer review of {school}",
                    when=when,
                    detail=f"{role}Every judgement is recorded.",
                    **common,
                )
            )
    return found


# --- The CEO and the Director of Primaries -----------------------------------------------


def _for_trust_leaders(today) -> list[Item]:
    found = []
    waiting = PeerReview.objects.select_related("school", "priorities_proposed_by").filter(
        Q(status__in=(Status.DRAFT_REPORT, Status.MODERATED))
        | Q(status=Status.PLANNED, priorities_proposed_at__isnull=False)
    )
    for review in waiting.order_by("school__name"):
        url = reverse("reviews:detail", args=[review.pk])
        school = review.school.name
        if review.status == Status.PLANNED:
            who = review.priorities_proposed_by
            title = f"Agree the priorities for the peer review of {school}"
            when = review.priorities_proposed_at.date()
            detail = f"Proposed by {who.full_name if who else 'the school'}"
            detail += (
                f"; the review is on {review.planned_on:%-d %B %Y}." if review.planned_on else "."
            )
        elif review.status == Status.DRAFT_REPORT:
            title, when = f"Moderate the peer review of {school}", review.reviewed_on
            detail = "The team has submitted its draft report."
        else:
            title = f"Publish the peer review of {school}"
            url = reverse("reviews:publish", args=[review.pk])
            when = review.moderated_at.date() if review.moderated_at else review.reviewed_on
            detail = "Moderated and waiting to be published to the school."
        found.append(
            Item(title=title, url=url, when=when, detail=detail, school=school, kind=PEER_REVIEW)
        )
    open_actions = Q(closed_on__isnull=True)
    overdue = open_actions & Q(deadline__lt=today)
    unowned = open_actions & Q(owner="", proposed=False)
    plans = (
        Action.objects.filter(core_plan__academic_year__start_year=academic_start_year(today))
        .filter(overdue | unowned)
        .values("core_plan_id", "core_plan__school__name")
        .annotate(
            overdue=Count("pk", filter=overdue),
            unowned=Count("pk", filter=unowned),
            oldest=Min("deadline", filter=overdue),
        )
        .order_by("core_plan__school__name")
    )
    for plan in plans:
        url = reverse("reviews:core_plan", args=[plan["core_plan_id"]])
        school = plan["core_plan__school__name"]
        if plan["overdue"]:
            found.append(
                Item(
                    title=f"Follow up {_plural(plan['overdue'], 'overdue Core Plan action')}",
                    url=url,
                    when=plan["oldest"],
                    detail=f"The oldest was due {plan['oldest']:%-d %B %Y}.",
                    school=school,
                    kind=CORE_PLAN,
                    overdue=True,
                )
            )
        if plan["unowned"]:
            n = plan["unowned"]
            found.append(
                Item(
                    title=f"{_plural(n, 'Core Plan action')} {'has' if n == 1 else 'have'} "
                    "no owner",
                    url=url,
                    detail="The school names who leads each action.",
                    school=school,
                    kind=CORE_PLAN,
                )
            )
    return found
