"""Core Plan pages: every plan for the CEO/DoP, a school's own for its headteacher."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from schools import access, audit
from schools.access import Perm
from symphony.forms import add_service_errors

from .. import reports, selectors
from ..forms import AcceptActionForm, ActionForm, CloseActionForm, ProgressNoteForm
from ..models import Action
from ..services import core_plans as services
from .peer_reviews import _current_year, _refusal


def core_plan_list(request):
    user = request.user
    if not access.holds(user, Perm.VIEW_SCHOOL):
        raise PermissionDenied("Your role does not include Core Plans.")
    year = _current_year()
    plans = {
        plan.school_id: plan
        for plan in selectors.visible_core_plans(user=user).filter(academic_year=year)
    }
    schools = access.schools_for(user).filter(status="member").order_by("name")
    counts = {}
    for action in Action.objects.filter(core_plan__in=plans.values()).only(
        "core_plan_id", "rag", "closed_on", "deadline"
    ):
        row = counts.setdefault(action.core_plan_id, {"red": 0, "amber": 0, "green": 0})
        key = "closed" if action.is_closed else action.rag
        row[key] = row.get(key, 0) + 1
        if action.is_overdue():
            row["overdue"] = row.get("overdue", 0) + 1
    rows = [
        (
            school,
            plans.get(school.pk),
            counts.get(getattr(plans.get(school.pk), "pk", None), {}),
            access.allowed(user, Perm.UPDATE_CORE_PLAN, school),
        )
        for school in schools
    ]
    return render(
        request,
        "reviews/core_plan_list.html",
        {
            "rows": rows,
            "year": year,
            "manages": access.allowed(user, Perm.MANAGE_REVIEWS),
            "trust_plan": access.allowed(user, Perm.VIEW_TRUST_PLAN),
            "sees_tdg": access.holds(user, Perm.VIEW_TDG_DEPLOYMENTS),
        },
    )


@require_POST
def start_core_plan(request, school_pk):
    school = access.get_school(request.user, school_pk)
    if not access.allowed(request.user, Perm.UPDATE_CORE_PLAN, school):
        raise PermissionDenied("Your role can read this school's Core Plan but not start it.")
    plan = services.core_plan_for(school=school, academic_year=_current_year())
    return redirect("reviews:core_plan", pk=plan.pk)


def core_plan_detail(request, pk):
    plan = selectors.get_core_plan(user=request.user, pk=pk)
    today = timezone.localdate()
    actions = list(plan.actions.select_related("source_review").prefetch_related("notes"))
    deployments = None
    if access.allowed(request.user, Perm.VIEW_TDG_DEPLOYMENTS, plan.school):
        deployments = list(
            plan.school.tdg_deployments.select_related("practitioner", "action").order_by(
                "-starts_on", "id"
            )
        )
    return render(
        request,
        "reviews/core_plan_detail.html",
        {
            "plan": plan,
            "actions": actions,
            "today": today,
            "can_update": access.allowed(request.user, Perm.UPDATE_CORE_PLAN, plan.school),
            "deployments": deployments,
            "can_deploy": access.allowed(request.user, Perm.DEPLOY_TDG),
            "groups": [
                (label, [a for a in actions if a.source == source])
                for source, label in Action.Source.choices
                if any(a.source == source for a in actions)
            ],
        },
    )


def core_plan_pdf(request, pk):
    plan = selectors.get_core_plan(user=request.user, pk=pk)
    audit.about(request, plan.school)
    # Rendered on request: a Core Plan changes weekly, so a stored copy would go stale.
    response = HttpResponse(reports.core_plan_pdf(plan), content_type="application/pdf")
    name = f"core-plan-{plan.school.name}-{plan.academic_year.name}".replace(" ", "-")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{name.replace('/', '-').lower()}.pdf"
    )
    return response


def core_plan_html(request, pk):
    plan = selectors.get_core_plan(user=request.user, pk=pk)
    return HttpResponse(reports.core_plan_html(plan, for_browser=True))


@require_http_methods(["GET", "POST"])
def add_action(request, pk):
    plan = selectors.get_core_plan(user=request.user, pk=pk, update=True)
    form = ActionForm(request.POST or None, school=plan.school)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(core_plan=plan, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The action was added to the Core Plan.")
            return redirect("reviews:core_plan", pk=plan.pk)
    return render(
        request, "reviews/action_form.html", {"plan": plan, "form": form, "title": "Add an action"}
    )


def action_detail(request, pk):
    action = selectors.get_action(user=request.user, pk=pk)
    can_update = access.allowed(request.user, Perm.UPDATE_CORE_PLAN, action.core_plan.school)
    today = timezone.localdate()
    return render(
        request,
        "reviews/action_detail.html",
        {
            "action": action,
            "plan": action.core_plan,
            "notes": action.notes.select_related("by"),
            "can_update": can_update and not action.is_closed,
            "note_form": ProgressNoteForm(initial={"noted_on": today, "rag": action.rag}),
            "close_form": CloseActionForm(initial={"closed_on": today}),
            "overdue": action.is_overdue(today),
        },
    )


@require_http_methods(["GET", "POST"])
def edit_action(request, pk):
    action = selectors.get_action(user=request.user, pk=pk, update=True)
    form = ActionForm(
        request.POST or None,
        instance=Action.objects.get(pk=action.pk),
        school=action.core_plan.school,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(action=action, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The action was updated.")
            return redirect("reviews:action", pk=action.pk)
    return render(
        request,
        "reviews/action_form.html",
        {"plan": action.core_plan, "form": form, "title": "Edit the action", "action": action},
    )


@require_http_methods(["GET", "POST"])
def accept_action(request, pk):
    """The school's head accepts an action a published peer review proposed."""
    action = selectors.get_action(user=request.user, pk=pk, update=True)
    if not action.proposed:
        messages.info(request, "This action was already accepted.")
        return redirect("reviews:action", pk=action.pk)
    school = action.core_plan.school
    form = AcceptActionForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_action(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The action was accepted into the Core Plan.")
            return redirect("reviews:action", pk=action.pk)
    return render(
        request,
        "reviews/action_form.html",
        {
            "plan": action.core_plan,
            "form": form,
            "title": "Accept the proposed action",
            "action": action,
            "button": "Accept the action",
        },
    )


@require_POST
def add_note(request, pk):
    action = selectors.get_action(user=request.user, pk=pk, update=True)
    form = ProgressNoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_progress_note(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _refusal(request, exc)
        else:
            messages.success(request, "The progress note was added.")
    else:
        messages.error(request, "A progress note needs a date, a RAG status and the note.")
    return redirect("reviews:action", pk=action.pk)


@require_POST
def close_action(request, pk):
    action = selectors.get_action(user=request.user, pk=pk, update=True)
    form = CloseActionForm(request.POST)
    if form.is_valid():
        try:
            services.close_action(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _refusal(request, exc)
        else:
            messages.success(request, "The action was closed with its impact evaluation.")
    else:
        messages.error(request, "Evaluate the impact before closing the action.")
    return redirect("reviews:action", pk=action.pk)


def overdue(request):
    if not access.allowed(request.user, Perm.MANAGE_REVIEWS):
        raise PermissionDenied("The overdue-actions list is for the CEO and the DoP.")
    return render(
        request,
        "reviews/overdue.html",
        {"actions": selectors.overdue_actions(user=request.user), "today": timezone.localdate()},
    )
