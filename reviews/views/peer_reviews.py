"""Peer-review pages. Access through ``reviews.selectors`` (404 outside, 403 read-only);
writes through ``reviews.services``; refusals come back as form errors or messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from schools import access, audit, documents
from schools.access import Perm
from schools.calendar import academic_start_year
from schools.models import AcademicYear

from .. import offer, reports, selectors
from ..forms import (
    EditPlanForm,
    FindingsForm,
    FocusAreaForm,
    InviteExternalForm,
    ModerateForm,
    OverallForm,
    PlanReviewForm,
    ProposePrioritiesForm,
    TeamMemberForm,
)
from ..models import PeerReview, Status
from ..services import external_reviewers
from ..services import peer_reviews as services


def _current_year():
    return AcademicYear.objects.filter(start_year=academic_start_year(timezone.localdate())).first()


def _refusal(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def review_list(request):
    user = request.user
    manages = access.allowed(user, Perm.MANAGE_REVIEWS)
    if not access.holds(user, Perm.VIEW_SCHOOL) and not access.holds(user, Perm.RECORD_REVIEW):
        raise PermissionDenied("Your role does not include peer reviews.")
    reviews = selectors.visible_reviews(user=user).order_by("-year", "school__name")
    board = []
    year = _current_year()
    external = 0
    if manages and year:
        external = selectors.external_reviewer_count(year)
        schools = access.schools_for(user).filter(status="member").order_by("name")
        by_school = {r.school_id: r for r in reviews if r.academic_year_id == year.pk}
        proposals = offer.offers_for(schools)
        board = [(s, proposals.get(s.pk), by_school.get(s.pk)) for s in schools]
    return render(
        request,
        "reviews/review_list.html",
        {
            "reviews": reviews,
            "manages": manages,
            "board": board,
            "year": year,
            "external_reviewers": external,
            "sees_schools": access.holds(user, Perm.VIEW_SCHOOL),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_review(request, school_pk):
    if not access.allowed(request.user, Perm.MANAGE_REVIEWS):
        access.get_school(request.user, school_pk)  # 404 for a school they cannot see
        raise PermissionDenied("Only the CEO and the Director of Primaries plan peer reviews.")
    school = access.get_school(request.user, school_pk)
    proposal = offer.offer_for(school)
    initial = {
        "academic_year": _current_year(),
        "kind": proposal.peer_review_kind if proposal else "",
        "scale": PeerReview._meta.get_field("scale").get_default(),
    }
    form = PlanReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.plan_review(school=school, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The peer review of {school.name} is planned.")
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "reviews/plan_form.html",
        {"school": school, "form": form, "proposal": proposal},
    )


STEP_BUTTONS = {
    Status.PRIORITIES_AGREED: "Priorities agreed with the school",
    Status.IN_PROGRESS: "Start the review",
    Status.DRAFT_REPORT: "Submit the draft report",
    Status.MODERATED: "Moderate the report",
    Status.PUBLISHED: "Publish the review",
}


def review_detail(request, pk):
    review = selectors.get_review(user=request.user, pk=pk)
    user = request.user
    order = list(Status)
    index = order.index(Status(review.status))
    next_step = order[index + 1] if index + 1 < len(order) else None
    may_step = next_step is not None and (
        access.allowed(user, Perm.MANAGE_REVIEWS)
        or (next_step in TEAM_STEPS and selectors.can_record(user, review))
    )
    can_record = selectors.can_record(user, review)
    manages = access.allowed(user, Perm.MANAGE_REVIEWS)
    selectors.mark_opened(user=user, review=review)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "manages": manages,
            "can_record": can_record,
            # The school's own leaders follow their review from "planned"; its findings
            # and judgements they read once it is published.
            "sees_findings": review.is_published or can_record or manages,
            "can_propose": review.status == Status.PLANNED and selectors.can_propose(user, review),
            "moderate_form": ModerateForm(),
            "editable": review.status in services.EDITABLE,
            "recording": review.status in services.RECORDING,
            "lifecycle": [(step, i < index, i == index) for i, step in enumerate(order)],
            "next_step": next_step if may_step else None,
            "next_label": STEP_BUTTONS.get(next_step, ""),
            "offer": offer.offer_for(review.school)
            if access.allowed(user, Perm.MANAGE_REVIEWS)
            else None,
            **selectors.review_detail(review),
        },
    )


def _form_page(request, review, form, title, button="Save"):
    return render(
        request,
        "reviews/review_form.html",
        {"review": review, "form": form, "title": title, "button": button},
    )


@require_http_methods(["GET", "POST"])
def edit_plan(request, pk):
    review = selectors.get_review(user=request.user, pk=pk, manage=True)
    form = EditPlanForm(request.POST or None, instance=PeerReview.objects.get(pk=review.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_plan(review=review, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The plan was updated.")
            return redirect("reviews:detail", pk=review.pk)
    return _form_page(request, review, form, "Plan: date, type and priorities")


@require_http_methods(["GET", "POST"])
def add_member(request, pk):
    review = selectors.get_review(user=request.user, pk=pk, manage=True)
    form = TeamMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_team_member(review=review, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("user" if hasattr(exc, "error_dict") else None, exc.messages)
        else:
            messages.success(request, f"{form.cleaned_data['user']} joined the review team.")
            return redirect("reviews:detail", pk=review.pk)
    return _form_page(request, review, form, "Add a reviewer", "Add to the team")


@require_http_methods(["GET", "POST"])
def invite_external(request, pk):
    """The DoP invites someone from outside the trust to this review's team."""
    review = selectors.get_review(user=request.user, pk=pk, manage=True)
    form = InviteExternalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = external_reviewers.invite_external_reviewer(
                review=review, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                f"{member.user} ({member.user.organisation}) joined the review team; the "
                f"invitation to choose a password is on its way to {member.user.email}.",
            )
            return redirect("reviews:detail", pk=review.pk)
    return _form_page(
        request, review, form, "Invite a reviewer from outside the trust", "Send the invitation"
    )


@require_POST
def remove_member(request, pk, member_pk):
    review = selectors.get_review(user=request.user, pk=pk, manage=True)
    member = get_object_or_404(review.team, pk=member_pk)
    try:
        services.remove_team_member(member=member)
    except ValidationError as exc:
        _refusal(request, exc)
    return redirect("reviews:detail", pk=review.pk)


@require_http_methods(["GET", "POST"])
def add_area(request, pk):
    review = selectors.get_review(user=request.user, pk=pk, manage=True)
    form = FocusAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_focus_area(review=review, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The focus area was added.")
            return redirect("reviews:detail", pk=review.pk)
    return _form_page(request, review, form, "Add a focus area", "Add")


@require_POST
def remove_area(request, pk, area_pk):
    review = selectors.get_review(user=request.user, pk=pk, manage=True)
    area = get_object_or_404(review.focus_areas, pk=area_pk)
    try:
        services.remove_focus_area(focus_area=area)
    except ValidationError as exc:
        _refusal(request, exc)
    return redirect("reviews:detail", pk=review.pk)


@require_http_methods(["GET", "POST"])
def record_findings(request, pk, area_pk):
    area = selectors.get_focus_area(user=request.user, review_pk=pk, pk=area_pk)
    review = area.review
    form = FindingsForm(request.POST or None, instance=area, scale=review.scale)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.record_findings(focus_area=area, data=data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Findings for {area.label} were saved.")
            return redirect("reviews:detail", pk=review.pk)
    return _form_page(request, review, form, f"Findings: {area.label}")


@require_http_methods(["GET", "POST"])
def record_overall(request, pk):
    review = selectors.get_review(user=request.user, pk=pk, record=True)
    initial = {"proposed_outcome": review.proposed_outcome, "summary_text": review.summary_text}
    form = OverallForm(request.POST or None, initial=initial, scale=review.scale)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_overall(review=review, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The overall judgement was saved.")
            return redirect("reviews:detail", pk=review.pk)
    return _form_page(request, review, form, "Overall judgement and summary")


# Who may take each step: the team moves its own work along; the DoP does the rest.
TEAM_STEPS = {Status.IN_PROGRESS, Status.DRAFT_REPORT}


@require_POST
def advance(request, pk):
    to = request.POST.get("to", "")
    if to not in Status.values:
        raise Http404("No such step.")
    review = selectors.get_review(user=request.user, pk=pk, record=True)
    confirmed = request.POST.get("confirmed") == "yes"
    if to == Status.PUBLISHED and review.status == Status.MODERATED and not confirmed:
        # Publishing says first what it will do (who is told, which actions it proposes).
        return redirect("reviews:publish", pk=pk)
    sending_back = to == Status.IN_PROGRESS and review.status == Status.DRAFT_REPORT
    if (to not in TEAM_STEPS or sending_back) and not access.allowed(
        request.user, Perm.MANAGE_REVIEWS
    ):
        raise PermissionDenied("Only the CEO and the Director of Primaries take this step.")
    try:
        review = services.advance_review(
            review=review, to=to, by=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, f"The review is now: {review.get_status_display().lower()}.")
        new_report = getattr(review, "new_report", None)
        if new_report is not None and new_report.enqueued.failed:
            messages.warning(request, documents.QUEUE_DOWN)
    return redirect("reviews:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def propose_priorities(request, pk):
    """The school's head proposes what the review looks at; the DoP agrees it."""
    review = selectors.get_review(user=request.user, pk=pk)
    if not selectors.can_propose(request.user, review):
        raise PermissionDenied("The school's headteacher proposes the review's priorities.")
    if request.method == "GET" and review.status != Status.PLANNED:
        messages.info(request, "The priorities are proposed while the review is planned.")
        return redirect("reviews:detail", pk=review.pk)
    areas = list(review.focus_areas.all())
    initial = {
        "areas": [a.area for a in areas if a.area != a.Area.SCHOOL_PRIORITY],
        "school_priorities": "\n".join(a.title for a in areas if a.area == a.Area.SCHOOL_PRIORITY),
    }
    form = ProposePrioritiesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_priorities(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, "Your priorities were proposed; the Director of Primaries agrees them."
            )
            return redirect("reviews:detail", pk=review.pk)
    return _form_page(request, review, form, "Propose the review's priorities", "Propose")


def publish(request, pk):
    """What publishing will do, to confirm: who is told, which actions it proposes."""
    review = selectors.get_review(user=request.user, pk=pk, manage=True)
    if review.status != Status.MODERATED:
        messages.error(request, "Only a moderated review is published.")
        return redirect("reviews:detail", pk=pk)
    return render(
        request,
        "reviews/publish.html",
        {
            "review": review,
            "recipients": services.recipients(review),
            "actions": services.proposed_actions(review),
        },
    )


@require_POST
def regenerate_report(request, pk):
    review = selectors.get_review(user=request.user, pk=pk, manage=True)
    if not review.is_published:
        messages.error(request, "Reports are stored for published reviews only.")
    else:
        report = services.request_report(review=review)
        documents.tell(request, report, queued="A new PDF report was queued.")
    return redirect("reviews:detail", pk=pk)


def report_html(request, pk):
    """The report as the PDF will show it, in the browser."""
    review = selectors.get_review(user=request.user, pk=pk)
    if not (review.is_published or selectors.can_record(request.user, review)):
        raise PermissionDenied("The report is read once the review is published.")
    return HttpResponse(reports.review_report_html(review, for_browser=True))


def report_pdf(request, pk):
    review = selectors.get_review(user=request.user, pk=pk)
    audit.about(request, review.school)
    return documents.serve(review.reports.all(), missing="The report has not been generated yet.")
