"""The trust improvement plan: the year's key priorities with each term's RAG and evidence
(Trust Self-Evaluation 2025, key priority overview)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from schools import access
from schools.access import Perm
from schools.calendar import Calendar
from symphony.forms import add_service_errors

from ..forms import PriorityProgressForm
from ..models import PriorityProgress, TrustPriority
from ..services import trust_plan as services
from .peer_reviews import _current_year


@require_http_methods(["GET", "POST"])
def trust_plan(request):
    user = request.user
    if not access.allowed(user, Perm.VIEW_TRUST_PLAN):
        raise PermissionDenied("Your role does not include the trust improvement plan.")
    records = access.allowed(user, Perm.RECORD_TRUST_PLAN)
    year = _current_year()
    terms = list(year.terms.order_by("starts_on")) if year else []
    term = Calendar.load().term_on_or_next(timezone.localdate()) if year else None
    if term and term.academic_year_id != year.pk:
        term = None  # the summer holiday: the next term is next year's plan
    priorities = list(TrustPriority.objects.filter(academic_year=year)) if year else []
    failed_pk, failed_form = None, None
    if request.method == "POST":
        if not records:
            raise PermissionDenied("Only the CEO and the Director of Primaries record the plan.")
        priority = get_object_or_404(TrustPriority, pk=request.POST.get("priority"))
        form = PriorityProgressForm(request.POST, auto_id=f"id_p{priority.pk}_%s")
        if term is None:
            form.add_error(None, "There is no term of this year to record progress for.")
        elif form.is_valid():
            try:
                services.record_priority_progress(
                    priority=priority,
                    term=term,
                    rag=form.cleaned_data["rag"],
                    evidence=form.cleaned_data["evidence"],
                    by=user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{term} progress recorded for {priority.focus_area}.")
                return redirect("reviews:trust_plan")
        failed_pk, failed_form = priority.pk, form
    progress = {
        (p.priority_id, p.term_id): p
        for p in PriorityProgress.objects.filter(priority__in=priorities).select_related(
            "recorded_by"
        )
    }
    rows = []
    for priority in priorities:
        cells = [(t, progress.get((priority.pk, t.pk))) for t in terms]
        form = None
        if records and term and (priority.pk, term.pk) not in progress:
            form = (
                failed_form
                if priority.pk == failed_pk
                else PriorityProgressForm(auto_id=f"id_p{priority.pk}_%s")
            )
        rows.append((priority, cells, form))
    status = 400 if failed_form is not None else 200
    return render(
        request,
        "reviews/trust_plan.html",
        {"year": year, "terms": terms, "term": term, "rows": rows, "records": records},
        status=status,
    )
