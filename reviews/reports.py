"""Review and Core Plan reports: a typed snapshot of what the report says, rendered by
one template to HTML (the browser view) and through ``symphony.pdf`` to PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Action, CorePlan, PeerReview

# Trust Self-Evaluation (2025): reports are shared with the school, trust leaders, trustees
# and the school's LGB.
DISTRIBUTION = (
    "The school's headteacher and senior leaders",
    "Trust leaders: CEO and Director of Primaries",
    "The Board of Trustees",
    "The school's Local Governing Body",
)


@dataclass(frozen=True)
class AreaSection:
    label: str
    evidence: list[str]
    evidence_notes: str
    strengths: str
    areas_for_development: list[str]
    judgement: str


@dataclass(frozen=True)
class ReviewReportContext:
    trust_name: str
    school: str
    period: str
    review_date: object
    kind: str
    scale: str
    status: str
    is_published: bool
    overall: str
    summary_text: str
    school_priorities: str
    team: list[tuple[str, str]]
    areas: list[AreaSection]
    action_points: list[tuple[str, str, str, object]]
    distribution: tuple[str, ...] = DISTRIBUTION
    generated_on: object = field(default_factory=timezone.localdate)


def review_report_context(review: PeerReview) -> ReviewReportContext:
    areas = list(review.focus_areas.all())
    if review.is_published:
        actions = [
            (action.source_detail, action.title, action.owner, action.deadline)
            for action in Action.objects.filter(source_review=review).order_by("id")
        ]
    else:  # the draft shows the action points publication will create
        actions = [
            (area.label, point, "", None) for area in areas for point in area.development_points
        ]
    return ReviewReportContext(
        trust_name=settings.SYMPHONY_TRUST_NAME,
        school=review.school.name,
        period=review.period,
        review_date=review.reviewed_on or review.planned_on,
        kind=review.get_kind_display() or "Not recorded",
        scale=review.get_scale_display(),
        status=review.get_status_display(),
        is_published=review.is_published,
        overall=review.outcome_label if review.is_published else review.proposed_outcome_label,
        summary_text=review.summary_text,
        school_priorities=review.school_priorities,
        team=[(m.user.full_name, m.role_label) for m in review.team.select_related("user")],
        areas=[
            AreaSection(
                label=area.label,
                evidence=area.evidence_labels,
                evidence_notes=area.evidence_notes,
                strengths=area.strengths,
                areas_for_development=area.development_points,
                judgement=area.judgement_label or "Not judged",
            )
            for area in areas
        ],
        action_points=actions,
    )


def review_report_html(review: PeerReview, *, for_browser: bool = False) -> str:
    return render_to_string(
        "reviews/report.html",
        {"report": review_report_context(review), "for_browser": for_browser},
    )


def _render_pdf(html: str) -> bytes:
    # Imported on use: WeasyPrint is heavy to load and only workers and downloads need it.
    from symphony.pdf import render_pdf

    return render_pdf(html)


def review_report_pdf(review: PeerReview) -> bytes:
    return _render_pdf(review_report_html(review))


def core_plan_html(plan: CorePlan, *, for_browser: bool = False) -> str:
    today = timezone.localdate()
    actions = list(plan.actions.prefetch_related("notes"))
    return render_to_string(
        "reviews/core_plan_report.html",
        {
            "trust_name": settings.SYMPHONY_TRUST_NAME,
            "plan": plan,
            "actions": actions,
            "today": today,
            "overdue": {a.pk for a in actions if a.is_overdue(today)},
            "for_browser": for_browser,
        },
    )


def core_plan_pdf(plan: CorePlan) -> bytes:
    return _render_pdf(core_plan_html(plan))
